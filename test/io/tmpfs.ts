// A tiny tmpfs for disk-full and read-only tests (needs root and mount(8), as in CI here).
// When it cannot be mounted the caller is told (undefined) and says it skipped: the test then
// checks nothing and must say so, not pass silently.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function mountTmpfs(size: string, opts: { readOnly?: boolean } = {}): { dir: string; unmount(): void } | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'kanon-tmpfs-'));
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}${opts.readOnly ? ',ro' : ''},mode=0777`, 'tmpfs', dir]);
  if (r.status !== 0) {
    rmdirSync(dir);
    return undefined;
  }
  return {
    dir,
    unmount() {
      spawnSync('umount', ['-l', dir]);
      try {
        rmdirSync(dir);
      } catch {
        /* still busy: left for the OS */
      }
    },
  };
}

export function skipped(what: string): void {
  console.error(`SKIPPED (cannot mount a tmpfs here): ${what}`);
}
