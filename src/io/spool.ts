// Stdin cannot be read twice, and a run with quasi-identifiers reads its input twice (plan
// pass, export pass). Stdin is copied to a private temp file (mode 0600, in a mkdtemp folder)
// that is unlinked, with its folder, right after it is opened (issue 11 item 9): the copy has
// no name on disk while kanon works, so SIGKILL or the OOM killer cannot leave a copy of the
// personal data behind — the kernel frees it when the descriptor closes, however the process
// ends. Both passes read it through the open descriptor with positional reads (pread), each
// from byte 0. Not fs.createReadStream({ fd, autoClose: false }): destroying it — which a
// finished `for await` does — still closes the descriptor, and the next pass would then read a
// closed or reused descriptor. Cost: disk space of one copy of the input, in TMPDIR.
import { closeSync, mkdtempSync, openSync, read, rmdirSync, unlinkSync, write } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable, Writable } from 'node:stream';
import { KanonError } from '../errors.js';
import { checkHead } from './encoding.js';
import { isGzip } from './compress.js';
import { readChunks } from './input.js';

export interface Spool {
  /** A new stream over the whole copy, from its first byte. */
  open(): Readable;
  /** Closes the descriptor (the kernel frees the copy). Idempotent. */
  remove(): void;
}

export async function spool(input: Readable): Promise<Spool> {
  const base = tmpdir();
  const tmpErr = (what: string): KanonError =>
    new KanonError(
      'INPUT_READ',
      `cannot ${what} the temporary copy of standard input in TMPDIR (${base}): set TMPDIR to a writable folder with room for one copy of the input`,
      { file: '<stdin>' },
    );
  let fd: number;
  try {
    const dir = mkdtempSync(join(base, 'kanon-spool-'));
    const path = join(dir, 'input');
    try {
      fd = openSync(path, 'wx+', 0o600);
    } finally {
      try {
        unlinkSync(path);
      } catch {
        /* not created */
      }
      try {
        rmdirSync(dir);
      } catch {
        /* ignore */
      }
    }
  } catch {
    throw tmpErr('create');
  }
  // The descriptor is closed only when no stream uses it any more: closing it under an fs
  // request in flight (a reader stopped by an error) aborted node in a test here.
  const readers = new Set<Readable>();
  let closing = false;
  let closed = false;
  const closeFd = (): void => {
    if (closed) return;
    closed = true;
    try {
      closeSync(fd);
    } catch {
      /* already closed */
    }
  };
  const remove = (): void => {
    closing = true;
    for (const r of readers) r.destroy();
    if (readers.size === 0) closeFd();
  };
  // pipeline() passes an error on to every stream: the copy's own fs error decides.
  let writeFailed = false;
  const copy = positionalWriter(fd, () => {
    writeFailed = true;
  });
  try {
    await pipeline(headChecked(input), copy);
  } catch (e) {
    copy.destroy();
    await new Promise<void>((res) => (copy.closed ? res() : copy.once('close', () => res())));
    remove();
    if (writeFailed) throw tmpErr('write'); // ENOSPC, EIO, a quota
    if (e instanceof KanonError) throw e;
    throw new KanonError('INPUT_READ', 'cannot read standard input', { file: '<stdin>' });
  }
  return {
    open: () => {
      if (closing) throw new KanonError('INTERNAL', 'the stdin spool was read after it was removed');
      const r = readChunks({ fd });
      readers.add(r);
      r.once('close', () => {
        readers.delete(r);
        if (closing && readers.size === 0) closeFd();
      });
      return r;
    },
    remove,
  };
}

/** Binary data is refused before it is copied: `cat /dev/zero | kanon run -` would otherwise
 *  fill TMPDIR before any reader saw a byte (gzip passes: its magic is not refused here). */
async function* headChecked(input: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const check = (h: Buffer): void => {
    if (!isGzip(h)) checkHead(h, '<stdin>');
  }; // gzip is checked once decompressed
  let head: Buffer[] | undefined = [];
  let size = 0;
  for await (const c of input) {
    if (head === undefined) {
      yield c;
      continue;
    }
    head.push(c);
    size += c.length;
    if (size < 4096) continue;
    check(Buffer.concat(head));
    yield* head;
    head = undefined;
  }
  if (head !== undefined) {
    check(Buffer.concat(head));
    yield* head;
  }
}

/** Writes at increasing positions through the descriptor, never closing it; like its reader
 *  (readChunks, src/io/input.ts), it is 'close'd only when no write is in flight. */
function positionalWriter(fd: number, onFsError: () => void): Writable {
  let pos = 0;
  let busy = false;
  let pendingDestroy: (() => void) | undefined;
  const writeAll = (buf: Buffer, cb: (e?: Error | null) => void): void => {
    busy = true;
    write(fd, buf, 0, buf.length, pos, (err, n) => {
      busy = false;
      if (pendingDestroy) return pendingDestroy();
      if (err) {
        onFsError();
        return cb(err);
      }
      pos += n;
      if (n < buf.length) return writeAll(buf.subarray(n), cb);
      cb();
    });
  };
  return new Writable({
    write(chunk: Buffer, _enc, cb) {
      writeAll(chunk, cb);
    },
    destroy(err, cb) {
      if (busy) pendingDestroy = () => cb(err);
      else cb(err);
    },
  });
}
