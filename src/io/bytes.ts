// An output chunk filled as UTF-8 bytes directly (issue 18): turning each batch's one big string
// into bytes was 26 % of a pass-through run. Cells are mostly short ASCII, copied by a JIT'd
// loop; other strings go through Buffer#write (native UTF-8, lone surrogates → U+FFFD exactly
// as Buffer.from(string) did). A finished chunk is handed to the stream and never touched
// again: a PassThrough (the output's front when not gzipped) passes the same bytes on and
// keeps them queued after its write callback, so a chunk cannot be refilled safely; the next
// chunk is a fresh allocUnsafe (no zeroing) sized from the previous one, which makes growing rare.
/** Copies src[a, b) to dst at `at`: short runs by a loop (a native copy costs more than it
 *  saves below ~48 bytes). Returns the end position in dst. */
export function copyBytes(dst: Uint8Array, at: number, src: Uint8Array, a: number, b: number): number {
  const len = b - a;
  if (len < 48) for (let k = a; k < b; k++) dst[at++] = src[k]!;
  else {
    dst.set(src.subarray(a, b), at);
    at += len;
  }
  return at;
}

export class ByteChunk {
  buf: Buffer;
  pos = 0;
  private size: number;

  /** `reuse`: memory to fill instead of a fresh allocation (at least `size` bytes). */
  constructor(size = 64 * 1024, reuse?: ArrayBuffer) {
    this.size = size;
    this.buf = reuse !== undefined && reuse.byteLength >= size ? Buffer.from(reuse) : Buffer.allocUnsafe(size);
  }

  /** Room for n more bytes. */
  reserve(n: number): void {
    if (this.pos + n > this.buf.length) this.grow(n);
  }

  private grow(n: number): void {
    this.size = Math.max(this.buf.length * 2, this.pos + n);
    const b = Buffer.allocUnsafe(this.size);
    this.buf.copy(b, 0, 0, this.pos);
    this.buf = b;
  }

  byte(c: number): void {
    if (this.pos >= this.buf.length) this.grow(1);
    this.buf[this.pos++] = c;
  }

  /** Appends s as UTF-8. */
  str(s: string): void {
    const n = s.length;
    if (this.pos + 3 * n > this.buf.length) this.grow(3 * n); // 3 bytes per UTF-16 unit at most
    const b = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) {
        this.pos = p + b.write(i === 0 ? s : s.slice(i), p, 'utf8');
        return;
      }
      b[p++] = c;
    }
    this.pos = p;
  }

  /** Appends bytes already encoded. */
  bytes(src: Uint8Array): void {
    this.reserve(src.length);
    this.buf.set(src, this.pos);
    this.pos += src.length;
  }

  /** Appends src[a, b) (copyBytes). */
  range(src: Uint8Array, a: number, b: number): void {
    this.reserve(b - a);
    this.pos = copyBytes(this.buf, this.pos, src, a, b);
  }

  /** The bytes so far, as a chunk of their own; this starts an empty one. */
  take(): Buffer {
    const out = this.buf.subarray(0, this.pos);
    this.buf = Buffer.allocUnsafe(this.size);
    this.pos = 0;
    return out;
  }
}
