// An index of the distinct tuples of a few integer code columns (rows of the plan pass's
// encoded table), looked up again by a tuple of codes computed from a record's cells. The export
// pass asks it once per record (release.ts); string keys (one joined string per record, a Map
// of a million strings) cost more than the parse itself (issue 14), so this one hashes the codes
// and compares a candidate group's representative row column by column: no string, no object
// per record. Rows are grouped by packed keys (src/search/group.ts); the lookup table is open
// addressing, linear probing, at most half full.
import { groupKeys, keyScratch, packKeys } from '../search/group.js';

export interface TupleColumn {
  /** Row → code. */
  codes: Int32Array;
  /** Code → the code the tuple holds (a generalization map), or null for the code itself. */
  map: Int32Array | null;
  /** Codes the tuple can hold are 0..card−1. */
  card: number;
}

export class TupleIndex {
  /** Distinct tuples. */
  readonly count: number;
  /** Group → a row holding its tuple (the first one). */
  readonly rep: Int32Array;
  /** Row → group (0..count−1, in order of first appearance); the caller may drop it. */
  groupOfRow: Int32Array | null;
  private readonly cols: readonly TupleColumn[];
  /** The open-addressing table (group per slot, −1 empty) and its size − 1. */
  readonly slots: Int32Array;
  readonly mask: number;

  constructor(cols: readonly TupleColumn[], rows: number) {
    this.cols = cols;
    // Rows are grouped with the search's packed-key grouping (typed arrays only); the hash
    // table then holds one slot per distinct tuple, for the lookups.
    const key = keyScratch(rows);
    const space = packKeys(cols, rows, key);
    const g = groupKeys(key, rows, space, new Int32Array(rows));
    this.count = g.count;
    this.rep = g.rep;
    this.groupOfRow = g.groupOf;
    let cap = 16;
    while (cap < g.count * 2) cap *= 2;
    this.mask = cap - 1;
    const slots = new Int32Array(cap).fill(-1);
    const tuple = new Int32Array(cols.length);
    for (let c = 0; c < g.count; c++) {
      const r = g.rep[c]!;
      for (let j = 0; j < cols.length; j++) {
        const col = cols[j]!;
        tuple[j] = col.map === null ? col.codes[r]! : col.map[col.codes[r]!]!;
      }
      let slot = this.hash(tuple) & this.mask;
      while (slots[slot] !== -1) slot = (slot + 1) & this.mask;
      slots[slot] = c;
    }
    this.slots = slots;
  }

  /** The group holding `tuple` (cols.length codes), or −1. */
  find(tuple: Int32Array): number {
    let slot = this.hash(tuple) & this.mask;
    for (;;) {
      const g = this.slots[slot]!;
      if (g === -1) return -1;
      if (this.equals(this.rep[g]!, tuple)) return g;
      slot = (slot + 1) & this.mask;
    }
  }

  private hash(tuple: Int32Array): number {
    return tupleHash(tuple);
  }

  private equals(row: number, tuple: Int32Array): boolean {
    const cols = this.cols;
    for (let j = 0; j < cols.length; j++) {
      const c = cols[j]!;
      const v = c.map === null ? c.codes[row]! : c.map[c.codes[row]!]!;
      if (v !== tuple[j]) return false;
    }
    return true;
  }
}

/** A TupleIndex reduced to plain typed arrays on shared memory — each group's tuple and the
 *  lookup table — so that worker threads can look it up without the encoded table's columns. */
export interface FrozenTuples {
  width: number;
  /** tuples[g·width + j] = code j of group g's tuple. */
  tuples: Int32Array;
  slots: Int32Array;
  mask: number;
}

export function freezeTuples(cols: readonly TupleColumn[], rows: number): { frozen: FrozenTuples; index: TupleIndex } {
  const index = new TupleIndex(cols, rows);
  const width = cols.length;
  // On shared memory: worker threads get these arrays without a copy each (structured clone
  // of a SharedArrayBuffer shares it).
  const tuples = new Int32Array(new SharedArrayBuffer(4 * Math.max(1, index.count * width)));
  for (let g = 0; g < index.count; g++) {
    const r = index.rep[g]!;
    for (let j = 0; j < width; j++) {
      const c = cols[j]!;
      tuples[g * width + j] = c.map === null ? c.codes[r]! : c.map[c.codes[r]!]!;
    }
  }
  // The index's own table, built by the same hash from the same tuples, copied to shared memory.
  const slots = new Int32Array(new SharedArrayBuffer(index.slots.byteLength));
  slots.set(index.slots);
  const mask = index.mask;
  return { frozen: { width, tuples, slots, mask }, index };
}

/** The group of `tuple` in a frozen index, or −1. */
export function findFrozen(f: FrozenTuples, tuple: Int32Array): number {
  const { width, tuples, slots, mask } = f;
  let slot = tupleHash(tuple) & mask;
  for (;;) {
    const g = slots[slot]!;
    if (g === -1) return -1;
    let j = 0;
    const base = g * width;
    while (j < width && tuples[base + j] === tuple[j]) j++;
    if (j === width) return g;
    slot = (slot + 1) & mask;
  }
}

function tupleHash(tuple: Int32Array): number {
  let h = 0x811c9dc5 | 0;
  for (let j = 0; j < tuple.length; j++) h = Math.imul(h ^ tuple[j]!, 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}
