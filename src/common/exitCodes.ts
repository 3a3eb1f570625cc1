// Exit codes of the commands (docs/cli.md), at ground level so use cases can name them without the CLI.
export const EXIT = { ok: 0, failed: 1, usage: 2, partial: 3, paused: 4 } as const;

/** The exit code for how a sync run ended. */
export function exitCodeFor(result: { status: string }): number {
  if (result.status === 'Partial') return EXIT.partial;
  if (result.status === 'Paused') return EXIT.paused;
  if (result.status === 'Failed') return EXIT.failed;
  return EXIT.ok;
}
