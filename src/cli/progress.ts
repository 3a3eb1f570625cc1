import { SingleBar, Presets } from 'cli-progress';
import type { SyncProgress } from '../sync/types.js';

/** Progress on stderr for long steps; silent under --json and when stderr is not a terminal (CI, pipes). */
export function terminalProgress(enabled: boolean, stream: NodeJS.WriteStream = process.stderr): SyncProgress {
  if (!enabled || stream.isTTY !== true) return { phase: () => undefined, advance: () => undefined, done: () => undefined };
  let bar: SingleBar | undefined;
  return {
    phase(name, total) {
      bar?.stop();
      bar = undefined;
      if (total === undefined) {
        stream.write(`${name}...\n`);
        return;
      }
      bar = new SingleBar({ format: `${name} [{bar}] {value}/{total} records`, stream, hideCursor: true }, Presets.shades_classic);
      bar.start(total, 0);
    },
    advance(done) {
      bar?.update(done);
    },
    done() {
      bar?.stop();
      bar = undefined;
    },
  };
}
