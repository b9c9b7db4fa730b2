// Output targets. A file is written to a temp file in the same folder and renamed at the end,
// so a failed run never leaves a partial file; stdout is used as is. Writing over the input
// is refused (same device and inode, or same resolved path).
import {
  chmodSync,
  writeFileSync,
  createWriteStream,
  openSync,
  closeSync,
  lstatSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  close,
  writev,
  type WriteStream,
} from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { PassThrough, Writable, type Transform } from 'node:stream';
import { createGzip } from 'node:zlib';
import { KanonError } from '../errors.js';
import { hasGzipExtension } from './compress.js';
import type { Format } from './types.js';
import { parquetOutput } from './write-parquet.js';

/** Bytes an output stream queues before the writer waits (the streams' default is 16 KiB): a
 *  piece of output (~1 MiB, src/parallel/) is handed on while the file write of the one
 *  before is still running, so writing overlaps the next piece's work. */
const OUTPUT_BUFFER = 4 * 1024 * 1024;

export interface Output {
  stream: Writable;
  /** A write's callback comes once the stream holds nothing of the bytes (they are in the
   *  file): the writer may reuse their memory then (src/parallel/export.ts). Not for a
   *  pass-through or gzip front, whose callbacks come while the bytes are still queued. */
  settles?: boolean;
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

/** What -o's name says about the output (issue 16): format and delimiter from the extension
 *  (.csv .tsv .ndjson .jsonl .json, each optionally + .gz; .tsv → tab). --to, when given, wins
 *  over the name (the caller skips this then); gzip always comes from the name (openOutput). */
export function outputFormatFor(path: string | undefined): { format?: Format; delimiter?: string; gzip: boolean } {
  if (path === undefined || path === '-') return { gzip: false };
  const gzip = hasGzipExtension(path);
  switch (extname(gzip ? path.slice(0, -3) : path).toLowerCase()) {
    case '.csv':
      return { format: 'csv', gzip };
    case '.tsv':
      return { format: 'csv', delimiter: '\t', gzip };
    case '.ndjson':
    case '.jsonl':
      return { format: 'ndjson', gzip };
    case '.json':
      return { format: 'json', gzip };
    case '.parquet':
      // The CSV kanon writes for DuckDB to convert (openOutput); .parquet.gz is not Parquet.
      return gzip ? { gzip } : { format: 'csv', delimiter: ',', gzip };
    default:
      return { gzip };
  }
}

/** -o NAME.parquet (issue 16): written through the DuckDB engine (io/write-parquet.ts). */
export function isParquetPath(path: string | undefined): boolean {
  return path !== undefined && path !== '-' && extname(path).toLowerCase() === '.parquet';
}

/** The temp name of an output being written: `.<name>.kanon-<pid>-<hex>.tmp` in its folder. */
const TEMP_NAME = /^\..+\.kanon-(\d+)-[0-9a-f]{8}\.tmp$/;

export function tempPath(target: string): string {
  return join(dirname(target), `.${basename(target)}.kanon-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
}

export function openOutput(path: string | undefined): Output {
  if (path === undefined || path === '-') {
    return { stream: process.stdout, commit: async () => {}, abort: () => {} };
  }
  const target = resolve(path);
  const special = specialFile(target, path);
  if (special) return special;
  sweepStaleTemps(dirname(target));
  const tmp = tempPath(target);
  if (isParquetPath(path)) return parquetOutput(path, tmp, target);
  let fd: number;
  try {
    fd = openSync(tmp, 'wx', 0o600);
  } catch {
    throw new KanonError('OUTPUT_WRITE', 'cannot create the output file (does the folder exist and is it writable?)', { file: path });
  }
  registerCleanup(tmp);
  // A failing write (ENOSPC, EIO, a quota) reaches the writer as OUTPUT_WRITE naming the file,
  // not as the system error (which the CLI could only call INTERNAL; issue 11 item 6).
  const writeError = (): KanonError => new KanonError('OUTPUT_WRITE', 'cannot write the output file (is the disk full?); nothing was kept', { file: path });
  if (!hasGzipExtension(path)) return fdOutput(fd, tmp, target, path, writeError);
  const file: WriteStream = createWriteStream('', { fd, autoClose: true, highWaterMark: OUTPUT_BUFFER });
  // The writer writes to `front`: gzip for a .gz name.
  const front: Transform = createGzip();
  let failure: KanonError | undefined;
  const fail = (): void => {
    if (failure) return;
    failure = writeError();
    front.destroy(failure);
    file.destroy();
  };
  file.on('error', fail);
  front.on('error', fail);
  front.pipe(file);
  let done = false;
  return {
    stream: front,
    async commit() {
      try {
        if (failure) throw failure;
        const closed = new Promise<void>((res, rej) => {
          file.once('close', () => (failure ? rej(failure) : res()));
          file.once('error', () => rej(failure)); // `fail` ran first and set it
        });
        front.end();
        await closed;
        if (failure) throw failure;
        // The temp file is private while written; the result gets the usual umask'd mode.
        chmodSync(tmp, 0o666 & ~process.umask());
        renameSync(tmp, target);
      } catch (e) {
        throw e instanceof KanonError ? e : new KanonError('OUTPUT_WRITE', 'cannot move the finished output into place', { file: path });
      }
      done = true;
      unregisterCleanup(tmp);
    },
    abort() {
      if (done) return;
      done = true;
      front.destroy();
      file.destroy();
      try {
        rmSync(tmp, { force: true });
      } catch {
        /* already gone */
      }
      unregisterCleanup(tmp);
    },
  };
}

/** The temp file written straight to its descriptor (no pass-through in front): a write's
 *  callback comes once its bytes are in the file, so the writer may reuse their memory
 *  (Output.settles); fresh memory costs a page fault per 4 KiB, ~10 µs each on these VMs. A
 *  failing write is `writeError()`, and nothing is written after it. */
function fdOutput(fd: number, tmp: string, target: string, path: string, writeError: () => KanonError): Output {
  let failure: KanonError | undefined;
  /** Writes all of `bufs` (fs.writev may write less than asked). */
  const writeAll = (bufs: Uint8Array[], cb: (e?: Error | null) => void): void => {
    if (failure) {
      cb(failure);
      return;
    }
    writev(fd, bufs, (err, n) => {
      if (err) {
        cb((failure ??= writeError()));
        return;
      }
      let left = n;
      const rest: Uint8Array[] = [];
      for (const b of bufs) {
        if (left >= b.length) left -= b.length;
        else {
          rest.push(left > 0 ? b.subarray(left) : b);
          left = 0;
        }
      }
      if (rest.length === 0) cb();
      else writeAll(rest, cb);
    });
  };
  let closed = false;
  const closeFd = (cb: () => void): void => {
    if (closed) {
      cb();
      return;
    }
    closed = true;
    close(fd, () => cb());
  };
  const stream = new Writable({
    highWaterMark: OUTPUT_BUFFER,
    write(chunk: Uint8Array, _enc, cb) {
      writeAll([chunk], cb);
    },
    writev(chunks, cb) {
      writeAll(
        chunks.map((c) => c.chunk as Uint8Array),
        cb,
      );
    },
    final(cb) {
      closeFd(() => cb(failure ?? null));
    },
    destroy(err, cb) {
      closeFd(() => cb(err));
    },
  });
  stream.on('error', () => {}); // the writer hears of it through its write callbacks
  let done = false;
  return {
    stream,
    settles: true,
    async commit() {
      try {
        if (failure) throw failure;
        await new Promise<void>((res, rej) => {
          stream.end((err?: Error | null) => (err || failure ? rej(failure ?? writeError()) : res()));
        });
        chmodSync(tmp, 0o666 & ~process.umask());
        renameSync(tmp, target);
      } catch (e) {
        throw e instanceof KanonError ? e : new KanonError('OUTPUT_WRITE', 'cannot move the finished output into place', { file: path });
      }
      done = true;
      unregisterCleanup(tmp);
    },
    abort() {
      if (done) return;
      done = true;
      stream.destroy();
      try {
        rmSync(tmp, { force: true });
      } catch {
        /* already gone */
      }
      unregisterCleanup(tmp);
    },
  };
}

/** Removes kanon's own temp outputs left in `dir` by processes that no longer exist (SIGKILL,
 *  the OOM killer: no exit hook ran; issue 11 item 9). Only names matching kanon's temp pattern,
 *  only regular files, only when the pid is not alive (kill(pid, 0) fails with ESRCH). A pid
 *  that was reused by another process keeps its file: a leftover is better than a deleted
 *  output of a live run. */
export function sweepStaleTemps(dir: string): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    const m = TEMP_NAME.exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid === process.pid || pidAlive(pid)) continue;
    const p = join(dir, name);
    try {
      if (!lstatSync(p).isFile()) continue;
      rmSync(p, { force: true });
      removed.push(name);
    } catch {
      /* not ours to fight over */
    }
  }
  return removed;
}

function pidAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return true; // not a pid: leave it alone
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'ESRCH'; // EPERM: alive, someone else's
  }
}

// Temp files still open when the process is stopped by a signal are removed on exit.
const pendingTemps = new Set<string>();
let hooked = false;
export function registerCleanup(tmp: string): void {
  pendingTemps.add(tmp);
  if (hooked) return;
  hooked = true;
  process.on('exit', () => {
    for (const t of pendingTemps) {
      try {
        rmSync(t, { force: true });
      } catch {
        /* ignore */
      }
    }
  });
}
export function unregisterCleanup(tmp: string): void {
  pendingTemps.delete(tmp);
}

/** A FIFO, character device or socket given as -o (`-o /dev/null`, `-o >(gzip)`'s pipe) is
 *  written to as a stream, like stdout, instead of being replaced by a regular file (issue 11
 *  item 11: as root, `-o /dev/null` would have replaced the device). What was written to it
 *  cannot be taken back, so a failure after the first bytes is reported, not undone. */
function specialFile(target: string, path: string): Output | undefined {
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(target);
  } catch {
    return undefined; // a new file
  }
  if (st.isFile()) return undefined;
  if (st.isDirectory()) throw new KanonError('OUTPUT_WRITE', 'the output names a folder, not a file', { file: path });
  const sink = createWriteStream(target, { flags: 'w', highWaterMark: OUTPUT_BUFFER });
  const front: Transform = hasGzipExtension(path) ? createGzip() : new PassThrough({ highWaterMark: OUTPUT_BUFFER });
  let failure: KanonError | undefined;
  const fail = (): void => {
    failure ??= new KanonError('OUTPUT_WRITE', 'cannot write to the output (a device or pipe)', { file: path });
    front.destroy(failure);
  };
  sink.on('error', fail);
  front.on('error', fail);
  front.pipe(sink);
  return {
    stream: front,
    async commit() {
      if (failure) throw failure;
      await new Promise<void>((res, rej) => {
        sink.once('finish', () => (failure ? rej(failure) : res()));
        sink.once('error', () => rej(failure));
        front.end();
      });
    },
    abort() {
      front.destroy();
      sink.destroy();
    },
  };
}

/** Writes a small file (a report) atomically: temp file in the same folder, then rename. */
export function writeFileAtomic(path: string, text: string): void {
  const target = resolve(path);
  const tmp = tempPath(target);
  try {
    writeFileSync(tmp, text, { mode: 0o666 & ~process.umask(), flag: 'wx' });
    renameSync(tmp, target);
  } catch {
    try {
      rmSync(tmp, { force: true });
    } catch {
      /* ignore */
    }
    throw new KanonError('OUTPUT_WRITE', 'cannot write the report file', { file: path });
  }
}
