// "Did you mean": the closest known name to what the user typed, when it is close enough to be a typo.
import { closest, distance } from 'fastest-levenshtein';

export function suggestion(typed: string, known: readonly string[]): string | undefined {
  if (known.length === 0) return undefined;
  const best = closest(typed, [...known]);
  // A typo is a couple of edits, not a different word.
  return distance(typed, best) <= Math.max(2, Math.floor(typed.length / 3)) ? best : undefined;
}
