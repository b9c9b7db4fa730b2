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
const ownReads = new WeakMap<ArrayBufferLike, number>();

/** True when `b` is a whole chunk of readChunks': nothing else holds its memory. */
export function isOwnRead(b: Uint8Array): boolean {
  return b.byteOffset === 0 && ownReads.get(b.buffer) === b.length;
}

/** Read buffers given back (recycleRead), reused by the next reads. Memory a process has not
 *  touched yet costs a page fault per 4 KiB when a read first fills it: fresh buffers made
 *  reading a 184 MB file take ~330 ms (most of it in the kernel, on libuv's threads), reused
 *  ones ~40 ms. Bounded: buffers past the pool's size are left to the garbage collector. */
const spare: ArrayBuffer[] = [];
const SPARE_MAX = 16;

/** Gives a read's memory back for the next reads: only by the one holder of a whole chunk of
 *  readChunks' (isOwnRead, or one transferred back from a worker that held it whole), once
 *  nothing reads it any more. Anything else is ignored. */
export function recycleRead(b: Uint8Array | ArrayBuffer): void {
  const ab = b instanceof ArrayBuffer ? b : b.buffer;
  if (!(ab instanceof ArrayBuffer) || ab.byteLength !== READ_BYTES || spare.length >= SPARE_MAX) return;
  if (!(b instanceof ArrayBuffer) && !isOwnRead(b)) return;
  if (b instanceof ArrayBuffer && ownReads.has(ab)) return; // this thread's own: only through isOwnRead
  ownReads.delete(ab);
  spare.push(ab);
}

/** Read buffers waiting to be reused (for tests). */
export function spareReads(): number {
  return spare.length;
}

function readBuffer(): Buffer {
  const ab = spare.pop();
  return ab !== undefined ? Buffer.from(ab, 0, READ_BYTES) : Buffer.allocUnsafeSlow(READ_BYTES);
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
      const buf = readBuffer();
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
  ownReads.set(buf.buffer, len);
  return buf.subarray(0, len);
}
