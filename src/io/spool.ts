// Stdin cannot be read twice, and a run with quasi-identifiers reads its input twice (plan
// pass, export pass). Stdin is copied to a private temp file (mode 0600) that is removed in a
// finally, and on exit if the process dies first. Cost: disk space of one copy of the input.
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { KanonError } from '../errors.js';

export interface Spool {
  path: string;
  remove(): void;
}

const live = new Set<string>();
let hooked = false;

export async function spool(input: Readable): Promise<Spool> {
  const dir = mkdtempSync(join(tmpdir(), 'kanon-spool-'));
  const path = join(dir, 'input');
  const remove = (): void => {
    try { rmSync(dir, { recursive: true, force: true }); } catch { /* already gone */ }
    live.delete(dir);
  };
  live.add(dir);
  if (!hooked) {
    hooked = true;
    process.on('exit', () => { for (const d of live) { try { rmSync(d, { recursive: true, force: true }); } catch { /* ignore */ } } });
  }
  try {
    await pipeline(input, createWriteStream(path, { mode: 0o600, flags: 'wx' }));
  } catch {
    remove();
    throw new KanonError('INPUT_READ', 'cannot copy standard input to a temporary file', { file: '<stdin>' });
  }
  return { path, remove };
}
