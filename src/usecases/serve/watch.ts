// File watching for `partnerlens serve`: the partner and referral files the config names. Watches each file's
// folder (editors and exports replace a file by renaming a new one over it, which a watch on the file misses).
import { existsSync, watch, type FSWatcher } from 'node:fs';
import path from 'node:path';

export interface FileWatch {
  /** Files whose folder could not be watched (it does not exist). */
  missing: string[];
  close(): void;
}

/** Calls `onChange(file)` once per burst of changes to one of `files` (bursts end after `debounceMs` of quiet). */
export function watchFiles(files: readonly string[], onChange: (file: string) => void, debounceMs = 300): FileWatch {
  const byDir = new Map<string, Set<string>>();
  for (const f of files) {
    const abs = path.resolve(f);
    const dir = path.dirname(abs);
    byDir.set(dir, (byDir.get(dir) ?? new Set()).add(path.basename(abs)));
  }
  const watchers: FSWatcher[] = [];
  const timers = new Map<string, NodeJS.Timeout>();
  const missing: string[] = [];
  for (const [dir, names] of byDir) {
    if (!existsSync(dir)) {
      missing.push(...[...names].map((n) => path.join(dir, n)));
      continue;
    }
    const w = watch(dir, { persistent: false }, (_event, name) => {
      if (name === null || !names.has(name.toString())) return;
      const file = path.join(dir, name.toString());
      clearTimeout(timers.get(file));
      timers.set(file, setTimeout(() => {
        timers.delete(file);
        onChange(file);
      }, debounceMs));
    });
    watchers.push(w);
  }
  return {
    missing,
    close: () => {
      for (const t of timers.values()) clearTimeout(t);
      for (const w of watchers) w.close();
    },
  };
}
