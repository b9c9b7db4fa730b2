// Input sources: a path, or "-" / nothing for standard input.
import { close, open, read, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { KanonError } from '../errors.js';

export interface InputSource {
  /** For messages: the path as given, or "<stdin>". */
  name: string;
  /** The file path, undefined for stdin. */
  path?: string;
  open(): Readable;
}

export function inputSource(arg: string | undefined, stdin: Readable & { isTTY?: boolean }): InputSource {
  if (arg === undefined || arg === '-') {
    if (arg === undefined && stdin.isTTY) {
      throw new KanonError('USAGE', 'no input: give a file, or pipe data and use "-" for standard input');
    }
    return { name: '<stdin>', open: () => stdin };
  }
  let isFile = false;
  try {
    isFile = statSync(arg).isFile();
  } catch {
    /* reported below */
  }
  if (!isFile) throw new KanonError('USAGE_FILE_NOT_FOUND', 'the input file does not exist or is not a file', { file: arg });
  return { name: arg, path: arg, open: () => readChunks({ path: arg }) };
}

/** A file is read 1 MiB at a time: a read is then one piece of records (split.ts), as it is. */
export const READ_BYTES = 1024 * 1024;
/** Bytes after a read's last LF that are carried to the front of the next read, at most. */
const CARRY_MAX = 64 * 1024;
const LF = 10;

/** The memory of reads made by readChunks: each chunk it yields is the only view of its
 *  ArrayBuffer (byteOffset 0; the bytes after its end were copied into the next read), so a
 *  piece that is one whole chunk may be transferred to a worker thread instead of copied
 *  (src/parallel/split.ts). A chunk another stage made (a copy, a decompressed one) is not here. */
const ownReads = new WeakSet<ArrayBufferLike>();

/** True when `b` is a whole chunk of readChunks': nothing else holds its memory. */
export function isOwnRead(b: Buffer): boolean {
  return b.byteOffset === 0 && ownReads.has(b.buffer);
}

/** The bytes of a file (opened here, closed when the stream ends) or of an open descriptor (the
 *  stdin spool's: read from byte 0 with positional reads, never closed here), in chunks of up
 *  to READ_BYTES, each in memory of its own, ending after the read's last LF when one lies in
 *  the last CARRY_MAX bytes (the rest goes to the front of the next read): a CSV record then
 *  rarely spans two chunks, so pieces of records are views of one read, not copies of two
 *  (split.ts). The same bytes in the same order as any reader. Object mode: each chunk comes
 *  out as the Buffer that was read, never joined to another. The stream is 'close'd only when no
 *  read is in flight, so the owner of a descriptor may close it then. */
export function readChunks(from: { path: string } | { fd: number }): Readable {
  const opens = 'path' in from;
  let fd = opens ? -1 : from.fd;
  let pos = 0;
  let carry: Buffer | null = null;
  let busy = false;
  let pendingDestroy: (() => void) | undefined;
  return new Readable({
    objectMode: true,
    highWaterMark: 1,
    construct(cb) {
      if (!opens) return cb();
      open(from.path, 'r', (err, f) => {
        if (err) return cb(err);
        fd = f;
        cb();
      });
    },
    read() {
      const buf = Buffer.allocUnsafeSlow(READ_BYTES);
      const have = carry === null ? 0 : carry.copy(buf, 0);
      carry = null;
      busy = true;
      read(fd, buf, have, READ_BYTES - have, pos, (err, n) => {
        busy = false;
        if (pendingDestroy) return pendingDestroy();
        if (err) return this.destroy(err);
        pos += n;
        const end = have + n;
        if (n === 0) {
          if (have > 0) this.push(own(buf, have));
          this.push(null);
          return;
        }
        const lf = buf.lastIndexOf(LF, end - 1);
        if (lf >= 0 && lf + 1 < end && end - (lf + 1) <= CARRY_MAX) {
          carry = Buffer.from(buf.subarray(lf + 1, end));
          this.push(own(buf, lf + 1));
        } else this.push(own(buf, end));
      });
    },
    destroy(err, cb) {
      const done = (): void => {
        if (!opens || fd < 0) {
          cb(err);
          return;
        }
        close(fd, () => cb(err));
        fd = -1;
      };
      if (busy) pendingDestroy = done;
      else done();
    },
  });
}

function own(buf: Buffer, len: number): Buffer {
  ownReads.add(buf.buffer);
  return buf.subarray(0, len);
}
