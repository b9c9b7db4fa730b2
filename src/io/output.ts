// Output targets. A file is written to a temp file in the same folder and renamed at the end,
// so a failed run never leaves a partial file; stdout is used as is. Writing over the input
// is refused (same device and inode, or same resolved path).
import { chmodSync, writeFileSync, createWriteStream, openSync, closeSync, renameSync, rmSync, statSync, type WriteStream } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Writable } from 'node:stream';
import { KanonError } from '../errors.js';

export interface Output {
  stream: Writable;
  /** Make the output final (rename into place). */
  commit(): Promise<void>;
  /** Remove whatever was written (idempotent). */
  abort(): void;
}

export function checkNotSameFile(inputPath: string | undefined, outputPath: string | undefined): void {
  if (!inputPath || !outputPath || outputPath === '-' || inputPath === '-') return;
  const same = resolve(inputPath) === resolve(outputPath) || sameInode(inputPath, outputPath);
  if (same) throw new KanonError('USAGE_OUTPUT_IS_INPUT', 'the output file is the input file; write elsewhere', { file: outputPath });
}

function sameInode(a: string, b: string): boolean {
  try {
    const sa = statSync(a);
    const sb = statSync(b);
    return sa.dev === sb.dev && sa.ino === sb.ino;
  } catch {
    return false;
  }
}

export function openOutput(path: string | undefined): Output {
  if (path === undefined || path === '-') {
    return { stream: process.stdout, commit: async () => {}, abort: () => {} };
  }
  const target = resolve(path);
  const tmp = join(dirname(target), `.${basename(target)}.kanon-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  let fd: number;
  try {
    fd = openSync(tmp, 'wx', 0o600);
  } catch {
    throw new KanonError('OUTPUT_WRITE', 'cannot create the output file (does the folder exist and is it writable?)', { file: path });
  }
  const stream: WriteStream = createWriteStream('', { fd, autoClose: true });
  let done = false;
  registerCleanup(tmp);
  return {
    stream,
    async commit() {
      await new Promise<void>((res, rej) => stream.end((e?: Error | null) => (e ? rej(e) : res())));
      await new Promise<void>((res) => (stream.closed ? res() : stream.once('close', () => res())));
      try {
        // The temp file is private while written; the result gets the usual umask'd mode.
        chmodSync(tmp, 0o666 & ~process.umask());
        renameSync(tmp, target);
      } catch {
        throw new KanonError('OUTPUT_WRITE', 'cannot move the finished output into place', { file: path });
      }
      done = true;
      unregisterCleanup(tmp);
    },
    abort() {
      if (done) return;
      done = true;
      stream.destroy();
      try { rmSync(tmp, { force: true }); } catch { /* already gone */ }
      unregisterCleanup(tmp);
    },
  };
}

// Temp files still open when the process is stopped by a signal are removed on exit.
const pendingTemps = new Set<string>();
let hooked = false;
function registerCleanup(tmp: string): void {
  pendingTemps.add(tmp);
  if (hooked) return;
  hooked = true;
  process.on('exit', () => {
    for (const t of pendingTemps) { try { rmSync(t, { force: true }); } catch { /* ignore */ } }
  });
}
function unregisterCleanup(tmp: string): void {
  pendingTemps.delete(tmp);
}

/** Touch-free check that a path can be opened for reading; USAGE_FILE_NOT_FOUND otherwise. */
export function assertReadable(path: string, what: string): void {
  try {
    closeSync(openSync(path, 'r'));
  } catch {
    throw new KanonError('USAGE_FILE_NOT_FOUND', `cannot read the ${what}`, { file: path });
  }
}

/** Writes a small file (a report) atomically: temp file in the same folder, then rename. */
export function writeFileAtomic(path: string, text: string): void {
  const target = resolve(path);
  const tmp = join(dirname(target), `.${basename(target)}.kanon-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(tmp, text, { mode: 0o666 & ~process.umask(), flag: 'wx' });
    renameSync(tmp, target);
  } catch {
    try { rmSync(tmp, { force: true }); } catch { /* ignore */ }
    throw new KanonError('OUTPUT_WRITE', 'cannot write the report file', { file: path });
  }
}
