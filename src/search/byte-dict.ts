// Values → their codes, looked up by a cell's UTF-8 bytes, so a cell read again and again needs
// no string: the export's byte lane finds a quasi-identifier's code this way (src/parallel/
// lane.ts; a string and a Map lookup per cell were a third of the export after a plan), and the
// plan pass's encoder numbers cells this way (encode.ts). Open addressing over
// FNV-1a of the bytes; a hit is confirmed byte for byte, so it answers exactly what
// Map<string, code> answers for valid UTF-8 (whose bytes and string are one-to-one).
/** A ByteDict's arrays on shared memory (ByteDict.freeze), for other threads to look up in
 *  without building it again (ByteDict.thaw): what the export's workers get. */
export interface FrozenByteDict {
  pool: Uint8Array;
  start: Int32Array;
  len: Int32Array;
  code: Int32Array;
  slots: Int32Array;
  mask: number;
  count: number;
}

const shared = <T extends Int32Array | Uint8Array>(x: T, n: number, make: (b: SharedArrayBuffer) => T, bytes: number): T => {
  const y = make(new SharedArrayBuffer(Math.max(1, n) * bytes));
  y.set(x.subarray(0, n));
  return y;
};

export class ByteDict {
  /** Thawed from shared memory: lookups only (add would write into arrays other threads read). */
  private frozen = false;
  /** lookupString's bytes (allocated on first use). */
  private scratch: Buffer | undefined;
  private pool: Uint8Array;
  private used = 0;
  /** Entry e's bytes: pool[start[e], start[e] + len[e]); its code: code[e]. */
  private start: Int32Array;
  private len: Int32Array;
  private code: Int32Array;
  private count = 0;
  /** entry + 1 per slot; 0 empty. */
  private slots: Int32Array;
  private mask: number;

  constructor(values: readonly string[] = []) {
    this.pool = new Uint8Array(256);
    this.start = new Int32Array(16);
    this.len = new Int32Array(16);
    this.code = new Int32Array(16);
    this.slots = new Int32Array(32);
    this.mask = 31;
    // A value given twice keeps its last code, as new Map(values.map((v, i) => [v, i])) does.
    for (let c = 0; c < values.length; c++) {
      const b = Buffer.from(values[c]!, 'utf8');
      const e = this.find(b, 0, b.length);
      if (e >= 0) this.code[e] = c;
      else this.add(b, 0, b.length, c);
    }
  }

  /** Copies of this dictionary's arrays on SharedArrayBuffers (trimmed to what is held). */
  freeze(): FrozenByteDict {
    const i32 = (b: SharedArrayBuffer): Int32Array => new Int32Array(b);
    return {
      pool: shared(this.pool, this.used, (b) => new Uint8Array(b), 1),
      start: shared(this.start, this.count, i32, 4),
      len: shared(this.len, this.count, i32, 4),
      code: shared(this.code, this.count, i32, 4),
      slots: shared(this.slots, this.slots.length, i32, 4),
      mask: this.mask,
      count: this.count,
    };
  }

  /** A dictionary that looks up in a frozen one's arrays (no copy; it cannot add). */
  static thaw(f: FrozenByteDict): ByteDict {
    const d = new ByteDict();
    d.pool = f.pool;
    d.start = f.start;
    d.len = f.len;
    d.code = f.code;
    d.slots = f.slots;
    d.mask = f.mask;
    d.count = f.count;
    d.used = f.pool.length;
    d.frozen = true;
    return d;
  }

  /** The code of string v (its UTF-8 bytes), or -1: for the export's string path, which then
   *  needs no Map of the values (the same answer for valid UTF-8, which the reader ensures). */
  lookupString(v: string): number {
    const n = Buffer.byteLength(v, 'utf8');
    if (this.scratch === undefined || this.scratch.length < n) this.scratch = Buffer.allocUnsafe(Math.max(n, 64, 2 * (this.scratch?.length ?? 0)));
    this.scratch.write(v, 0, 'utf8');
    return this.lookup(this.scratch, 0, n);
  }

  /** The code of bytes[a, b), or -1. */
  lookup(bytes: Uint8Array, a: number, b: number): number {
    const e = this.find(bytes, a, b);
    return e < 0 ? -1 : this.code[e]!;
  }

  /** Enters bytes[a, b) (not already held) with `code`. */
  add(bytes: Uint8Array, a: number, b: number, code: number): void {
    if (this.frozen) throw new Error('ByteDict: a thawed dictionary is read-only');
    const n = b - a;
    if (this.used + n > this.pool.length) {
      const p = new Uint8Array(Math.max(this.pool.length * 2, this.used + n));
      p.set(this.pool.subarray(0, this.used));
      this.pool = p;
    }
    if (this.count === this.start.length) {
      const grow = (x: Int32Array): Int32Array => {
        const y = new Int32Array(x.length * 2);
        y.set(x);
        return y;
      };
      this.start = grow(this.start);
      this.len = grow(this.len);
      this.code = grow(this.code);
    }
    const e = this.count++;
    this.pool.set(bytes.subarray(a, b), this.used);
    this.start[e] = this.used;
    this.len[e] = n;
    this.code[e] = code;
    this.used += n;
    if (this.count * 2 > this.slots.length) this.rehash();
    else this.place(e);
  }

  private place(e: number): void {
    const s = this.start[e]!;
    let slot = hashBytes(this.pool, s, s + this.len[e]!) & this.mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & this.mask;
    this.slots[slot] = e + 1;
  }

  private rehash(): void {
    this.slots = new Int32Array(this.slots.length * 2);
    this.mask = this.slots.length - 1;
    for (let e = 0; e < this.count; e++) this.place(e);
  }

  private find(bytes: Uint8Array, a: number, b: number): number {
    const { pool, start, len, slots, mask } = this;
    const n = b - a;
    let slot = hashBytes(bytes, a, b) & mask;
    for (;;) {
      const x = slots[slot]!;
      if (x === 0) return -1;
      const e = x - 1;
      if (len[e] === n) {
        const s = start[e]!;
        let k = 0;
        while (k < n && pool[s + k] === bytes[a + k]) k++;
        if (k === n) return e;
      }
      slot = (slot + 1) & mask;
    }
  }
}

function hashBytes(b: Uint8Array, from: number, to: number): number {
  let h = 0x811c9dc5 | 0;
  for (let i = from; i < to; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}
