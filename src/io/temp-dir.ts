// A private temp folder (mkdtemp under the OS temp directory, mode 0700) that is removed when
// the caller is done with it and, failing that, at exit — the CLI turns SIGINT/SIGTERM into
// process.exit, so an interrupted run leaves none behind either.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TempDir {
  path: string;
  /** Removes the folder and everything in it (and its exit hook); safe to call twice. */
  remove(): void;
}

export function privateTempDir(prefix: string): TempDir {
  const path = mkdtempSync(join(tmpdir(), prefix));
  const rm = (): void => rmSync(path, { recursive: true, force: true });
  process.on('exit', rm);
  return {
    path,
    remove() {
      rm();
      process.off('exit', rm);
    },
  };
}
