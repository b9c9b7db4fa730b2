// Pass 1 (plan): dictionary-encode quasi-identifiers and sensitive columns into growable
// Int32Arrays while the input streams by; nothing else of a row is held. An entry is a row or,
// from a frequency set (a GROUP BY's result, src/plan/frequencies.ts), a distinct tuple with
// the number of records it stands for: the search needs only class counts, which add up.
// finish() builds the per-level generalization maps. Errors name file, line (first row holding the value) and
// column, never the value.
import { KanonError } from '../errors.js';
import type { Hierarchy } from '../hierarchy/types.js';
import type { EncodedQuasi, EncodedSensitive, EncodedTable } from './types.js';
import { ByteDict } from './byte-dict.js';

export type SensitiveOrder = 'numeric' | 'lexical' | string[];

export interface EncoderOptions {
  file: string;
  quasi: { name: string; hierarchy: Hierarchy }[];
  sensitive: { name: string; hierarchy?: Hierarchy; order?: SensitiveOrder }[];
  /** Entries expected (a hint, e.g. a frequency set's row count): the columns start at that
   *  size, and when it is exact finish() hands them over without a copy. */
  expectedEntries?: number;
}

export interface Encoder {
  /** One entry: a row (weight 1) or a line of a frequency set standing for `weight` records
   *  (a positive integer; INPUT_VALUE naming the line otherwise). */
  add(quasiValues: readonly string[], sensitiveValues: readonly string[], line: number, weight?: number): void;
  /** One row (weight 1) from its cells' bytes (the plan pass's byte lane, src/plan/plan.ts):
   *  field c is bytes[off[base + c], off[base + c + 1] − 1); quasi-identifier i is field qi[i],
   *  sensitive column i field si[i]. The codes are those add() gives the decoded cells: a cell's
   *  bytes are decoded (`decode`) only the first time they are met. */
  addBytes(
    bytes: Uint8Array,
    off: Int32Array,
    base: number,
    qi: readonly number[],
    si: readonly number[],
    line: number,
    decode: (a: number, b: number) => string,
  ): void;
  /** An estimate of the entries to come in all (from the input's size): the columns make room
   *  for them at once, and finish() hands them over without a copy when it held. */
  expect(entries: number): void;
  /** `check` is called between steps of the hierarchy maps' construction (a memory check). */
  finish(check?: () => void): EncodedTable;
}

/** Class sizes in the report are 32-bit (Int32Array): more records than this fail closed. */
export const MAX_RECORDS = 2 ** 31 - 1;

/** The RESOURCE_LIMIT for an input past MAX_RECORDS (at `line` when known). */
export function tooManyRecords(file: string, line?: number): KanonError {
  return new KanonError('RESOURCE_LIMIT', `more than ${MAX_RECORDS.toLocaleString('en-US')} records (the report counts class sizes in 32 bits)`, {
    file,
    ...(line !== undefined ? { line } : {}),
  });
}
const CHUNK = 1 << 23;

/** A growable column kept in chunks: growing never copies what is there, and finish() copies
 *  once into an exact-size array, dropping each chunk once copied — about twice the column at
 *  the peak, where doubling a buffer and slicing it at the end needed up to three times. */
class Column<A extends Int32Array | Float64Array> {
  private full: A[] = [];
  private cur: A;
  private pos = 0;
  constructor(
    private readonly make: (n: number) => A,
    first: number,
  ) {
    this.cur = make(Math.max(16, first));
  }
  push(x: number): void {
    if (this.pos === this.cur.length) {
      this.full.push(this.cur);
      this.cur = this.make(Math.min(CHUNK, this.cur.length * 2));
      this.pos = 0;
    }
    this.cur[this.pos++] = x;
  }
  /** Room for `total` entries in one array from now on (an estimate of the column's final
   *  size): what is held is copied once into it, and take() then hands it over without a copy.
   *  Untouched memory costs no page (a fresh page costs ~10 µs on the first write here), so an
   *  estimate above the final size costs address space, not memory. */
  expect(total: number): void {
    let held = this.pos;
    for (const c of this.full) held += c.length;
    if (total <= held + (this.cur.length - this.pos) || total > 2 ** 28) return;
    const out = this.make(total);
    let at = 0;
    for (const c of this.full) {
      out.set(c, at);
      at += c.length;
    }
    out.set(this.cur.subarray(0, this.pos), at);
    this.full = [];
    this.cur = out;
    this.pos = held;
  }
  /** The column as one array of n entries (the column is empty afterwards): a view of the one
   *  it was filled in when it is one, else a copy into an exact-size array. */
  take(n: number): A {
    if (this.full.length === 0 && this.pos === n) {
      const whole = this.cur.length === n ? this.cur : (this.cur.subarray(0, n) as A);
      this.cur = this.make(16);
      this.pos = 0;
      return whole;
    }
    const out = this.make(n);
    let at = 0;
    for (let i = 0; i < this.full.length; i++) {
      const c = this.full[i]!;
      out.set(c, at);
      at += c.length;
      (this.full as (A | undefined)[])[i] = undefined;
    }
    out.set(this.cur.subarray(0, this.pos), at);
    this.full = [];
    this.cur = this.make(16);
    this.pos = 0;
    return out;
  }
}

const int32 = (n: number): Int32Array => new Int32Array(n);
const float64 = (n: number): Float64Array => new Float64Array(n);

class Dict {
  readonly codes: Column<Int32Array>;
  readonly index = new Map<string, number>();
  /** The same codes by their UTF-8 bytes, for addBytes (filled as cells are met that way). */
  readonly bytes = new ByteDict();
  readonly values: string[] = [];
  readonly firstLine: number[] = [];
  constructor(first: number) {
    this.codes = new Column(int32, first);
  }
  /** v's code, a new one (numbered in order of first appearance) when v is new. */
  private codeOf(v: string, line: number): number {
    let c = this.index.get(v);
    if (c === undefined) {
      c = this.values.length;
      this.index.set(v, c);
      this.values.push(v);
      this.firstLine.push(line);
    }
    return c;
  }
  add(v: string, line: number): void {
    this.codes.push(this.codeOf(v, line));
  }
  addBytes(b: Uint8Array, from: number, to: number, line: number, decode: (a: number, b: number) => string): void {
    let c = this.bytes.lookup(b, from, to);
    if (c < 0) {
      c = this.codeOf(decode(from, to), line);
      this.bytes.add(b, from, to, c);
    }
    this.codes.push(c);
  }
}

export function createEncoder(opts: EncoderOptions): Encoder {
  const first = opts.expectedEntries !== undefined && opts.expectedEntries > 0 ? Math.min(opts.expectedEntries, 2 ** 28) : 1024;
  const qd = opts.quasi.map(() => new Dict(first));
  const sd = opts.sensitive.map(() => new Dict(first));
  let rows = 0;
  let records = 0;
  // Only once an entry weighs more than 1: the rows themselves never allocate it.
  let weights: Column<Float64Array> | null = null;
  return {
    add(qv, sv, line, weight = 1) {
      if (weight !== 1) {
        if (!(Number.isSafeInteger(weight) && weight > 0))
          throw new KanonError('INPUT_VALUE', 'the count is not a positive integer', { file: opts.file, line });
        if (weights === null) {
          weights = new Column(float64, Math.max(first, rows + 1));
          for (let r = 0; r < rows; r++) weights.push(1);
        }
      }
      weights?.push(weight);
      records += weight;
      if (records > MAX_RECORDS) throw tooManyRecords(opts.file, line);
      for (let i = 0; i < qd.length; i++) qd[i]!.add(qv[i] ?? '', line);
      for (let i = 0; i < sd.length; i++) sd[i]!.add(sv[i] ?? '', line);
      rows++;
    },
    addBytes(bytes, off, base, qi, si, line, decode) {
      weights?.push(1);
      records += 1;
      if (records > MAX_RECORDS) throw tooManyRecords(opts.file, line);
      for (let i = 0; i < qd.length; i++) {
        const c = base + qi[i]!;
        qd[i]!.addBytes(bytes, off[c]!, off[c + 1]! - 1, line, decode);
      }
      for (let i = 0; i < sd.length; i++) {
        const c = base + si[i]!;
        sd[i]!.addBytes(bytes, off[c]!, off[c + 1]! - 1, line, decode);
      }
      rows++;
    },
    expect(entries) {
      for (const d of qd) d.codes.expect(entries);
      for (const d of sd) d.codes.expect(entries);
      weights?.expect(entries);
    },
    finish(check) {
      const weight = weights === null ? null : weights.take(rows);
      const quasi = opts.quasi.map((q, i) => encodeQuasi(opts.file, q.name, q.hierarchy, qd[i]!, rows, weight, check));
      check?.();
      const sensitive = opts.sensitive.map((s, i) => encodeSensitive(opts.file, s, sd[i]!, rows, weight, records));
      return { file: opts.file, rows, weight, records, quasi, sensitive };
    },
  };
}

/** A dictionary-encoded column: `values[c]` is code c's value (codes numbered in order of first
 *  appearance), `firstLine[c]` the line that first held it (for errors), and the entries' codes. */
export interface CodedColumn {
  codes: { take(n: number): Int32Array };
  values: string[];
  firstLine: (number | undefined)[];
}

/** An encoded table from columns already dictionary-encoded elsewhere (the DuckDB engine's
 *  frequency set, src/engine/frequencies.ts): the same table `createEncoder` gives when its
 *  entries are added in the same order with the same weights. `codes` arrays are taken over. */
export function encodeCoded(
  opts: Pick<EncoderOptions, 'file' | 'quasi' | 'sensitive'>,
  quasi: CodedColumn[],
  sensitive: CodedColumn[],
  rows: number,
  weight: Float64Array | null,
  check?: () => void,
): EncodedTable {
  let records = rows;
  if (weight !== null) {
    records = 0;
    for (let r = 0; r < rows; r++) {
      const w = weight[r]!;
      if (!(Number.isSafeInteger(w) && w > 0)) throw new KanonError('INPUT_VALUE', 'the count is not a positive integer', { file: opts.file });
      records += w;
    }
  }
  if (records > MAX_RECORDS) throw tooManyRecords(opts.file);
  return {
    file: opts.file,
    rows,
    weight,
    records,
    quasi: opts.quasi.map((q, i) => encodeQuasi(opts.file, q.name, q.hierarchy, quasi[i]!, rows, weight, check)),
    sensitive: opts.sensitive.map((s, i) => encodeSensitive(opts.file, s, sensitive[i]!, rows, weight, records)),
  };
}

function missing(file: string, line: number | undefined, column: string): KanonError {
  return new KanonError('HIERARCHY_VALUE_MISSING', "value not in the column's hierarchy", { file, ...(line !== undefined ? { line } : {}), column });
}

/** Distinct values looked up between two calls of encodeQuasi's `check`. */
const CHECK_VALUES = 16384;

function encodeQuasi(file: string, name: string, h: Hierarchy, d: CodedColumn, rows: number, weight: Float64Array | null, check?: () => void): EncodedQuasi {
  check?.();
  h.fit?.(d.values);
  const levels = h.levels;
  const codes = d.codes.take(rows);
  const paths = d.values.map((v, c) => {
    if (check && c % CHECK_VALUES === CHECK_VALUES - 1) check();
    const p = h.lookup(v);
    if (p === undefined || p.length !== levels) throw missing(file, d.firstLine[c], name);
    return p;
  });
  const genMap: Int32Array[] = [];
  const labels: string[][] = [];
  const index: Map<string, number>[] = [];
  for (let l = 0; l < levels; l++) {
    check?.();
    const m = new Int32Array(d.values.length);
    const lab: string[] = [];
    const idx = new Map<string, number>();
    paths.forEach((p, c) => {
      const s = p[l]!;
      let g = idx.get(s);
      if (g === undefined) {
        g = lab.length;
        idx.set(s, g);
        lab.push(s);
      }
      m[c] = g;
    });
    genMap.push(m);
    labels.push(lab);
    index.push(idx);
  }
  // The roll-ups need nesting: every level-L group maps to one level-L+1 group.
  for (let l = 0; l + 1 < levels; l++) {
    const up = new Int32Array(labels[l]!.length).fill(-1);
    for (let c = 0; c < d.values.length; c++) {
      const a = genMap[l]![c]!,
        b = genMap[l + 1]![c]!;
      if (up[a] === -1) up[a] = b;
      else if (up[a] !== b) throw new KanonError('HIERARCHY_INVALID', `hierarchy level ${l} does not nest in level ${l + 1}`, { column: name });
    }
  }
  const perValue = new Float64Array(d.values.length);
  if (weight === null) for (let r = 0; r < rows; r++) perValue[codes[r]!]! += 1;
  else for (let r = 0; r < rows; r++) perValue[codes[r]!]! += weight[r]!;
  const rowCount = genMap.map((m, l) => {
    const out = new Float64Array(labels[l]!.length);
    for (let c = 0; c < m.length; c++) out[m[c]!]! += perValue[c]!;
    return out;
  });
  let totalLeaves: number;
  let leafCount: Float64Array[];
  if (h.leaves !== undefined) {
    totalLeaves = h.leaves.length;
    leafCount = labels.map((lab) => new Float64Array(lab.length));
    for (const leaf of h.leaves) {
      const p = h.lookup(leaf);
      if (p === undefined) continue;
      for (let l = 0; l < levels; l++) {
        const g = index[l]!.get(p[l]!);
        if (g !== undefined) leafCount[l]![g]! += 1;
      }
    }
  } else {
    totalLeaves = d.values.length;
    leafCount = genMap.map((m, l) => {
      const out = new Float64Array(labels[l]!.length);
      for (let c = 0; c < m.length; c++) out[m[c]!]! += 1;
      return out;
    });
  }
  return { name, hierarchy: h, codes, values: d.values, levels, genMap, labels, rowCount, leafCount, totalLeaves };
}

const NUM = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;
const lex = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function encodeSensitive(
  file: string,
  s: EncoderOptions['sensitive'][number],
  d: CodedColumn,
  rows: number,
  weight: Float64Array | null,
  records: number,
): EncodedSensitive {
  const vals = d.values;
  const ids = vals.map((_, i) => i);
  // Default order: numeric when every value is a number (so "10" sorts after "9"), else lexical.
  const order = s.order ?? (vals.length > 0 && vals.every((v) => NUM.test(v)) ? 'numeric' : 'lexical');
  if (order === 'numeric') {
    vals.forEach((v, c) => {
      if (!NUM.test(v)) throw new KanonError('INPUT_VALUE', 'value is not a number (order "numeric")', { file, ...atLine(d.firstLine[c]), column: s.name });
    });
    ids.sort((a, b) => Number(vals[a]) - Number(vals[b]) || lex(vals[a]!, vals[b]!));
  } else if (order === 'lexical') {
    ids.sort((a, b) => lex(vals[a]!, vals[b]!));
  } else {
    const pos = new Map(order.map((v, i) => [v, i] as const));
    vals.forEach((v, c) => {
      if (!pos.has(v)) throw new KanonError('INPUT_VALUE', "value not in the column's listed order", { file, ...atLine(d.firstLine[c]), column: s.name });
    });
    ids.sort((a, b) => pos.get(vals[a]!)! - pos.get(vals[b]!)!);
  }
  const remap = new Int32Array(vals.length);
  ids.forEach((old, nw) => {
    remap[old] = nw;
  });
  // Remapped in place: the dictionary's exact-size column becomes the sensitive codes.
  const codes = d.codes.take(rows);
  const global = new Float64Array(vals.length);
  for (let r = 0; r < rows; r++) {
    const c = remap[codes[r]!]!;
    codes[r] = c;
    global[c]! += weight === null ? 1 : weight[r]!;
  }
  for (let c = 0; c < global.length; c++) global[c] = global[c]! / Math.max(records, 1);
  const values = ids.map((i) => vals[i]!);
  const out: EncodedSensitive = { name: s.name, codes, values, global };
  if (s.hierarchy !== undefined) {
    const h = s.hierarchy;
    h.fit?.(values);
    const paths = values.map((v, c) => {
      const p = h.lookup(v);
      if (p === undefined || p.length !== h.levels) throw missing(file, d.firstLine[ids[c]!], s.name);
      return p;
    });
    out.genMap = Array.from({ length: h.levels }, (_, l) => {
      const idx = new Map<string, number>();
      return Int32Array.from(paths, (p) => {
        const k = p[l]!;
        let g = idx.get(k);
        if (g === undefined) {
          g = idx.size;
          idx.set(k, g);
        }
        return g;
      });
    });
  }
  return out;
}

/** A line for a Where, when there is one (exactOptionalPropertyTypes: no `line: undefined`). */
function atLine(line: number | undefined): { line?: number } {
  return line === undefined ? {} : { line };
}
