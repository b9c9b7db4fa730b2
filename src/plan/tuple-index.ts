// An index of the distinct tuples of a few integer code columns (rows of the plan pass's
// encoded table), looked up again by a tuple of codes computed from a record's cells. The export
// pass asks it once per record (release.ts); string keys (one joined string per record, a Map
// of a million strings) cost more than the parse itself (issue 14), so this one hashes the codes
// and compares a candidate group's representative row column by column: no string, no object
// per record. Open addressing, linear probing, table at most half full.

export interface TupleColumn {
  /** Row → code. */
  codes: Int32Array;
  /** Code → the code the tuple holds (a generalization map), or null for the code itself. */
  map: Int32Array | null;
}

export class TupleIndex {
  /** Distinct tuples. */
  readonly count: number;
  /** Group → a row holding its tuple (the first one). */
  readonly rep: Int32Array;
  private readonly cols: readonly TupleColumn[];
  private readonly slots: Int32Array;
  private readonly mask: number;

  /** `onRow(r, g)`: row r holds the tuple of group g (groups numbered in order of first
   *  appearance), called once per row in row order while the index is built. */
  constructor(cols: readonly TupleColumn[], rows: number, onRow?: (row: number, group: number) => void) {
    this.cols = cols;
    let cap = 16;
    while (cap < rows * 2) cap *= 2;
    this.mask = cap - 1;
    const slots = new Int32Array(cap).fill(-1);
    const rep = new Int32Array(rows);
    const m = cols.length;
    const tuple = new Int32Array(m);
    let count = 0;
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < m; j++) {
        const c = cols[j]!;
        tuple[j] = c.map === null ? c.codes[r]! : c.map[c.codes[r]!]!;
      }
      let slot = this.hash(tuple) & this.mask;
      for (;;) {
        const g = slots[slot]!;
        if (g === -1) {
          slots[slot] = count;
          rep[count] = r;
          onRow?.(r, count++);
          break;
        }
        if (this.equals(rep[g]!, tuple)) {
          onRow?.(r, g);
          break;
        }
        slot = (slot + 1) & this.mask;
      }
    }
    this.slots = slots;
    this.count = count;
    this.rep = rep.slice(0, count);
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
    let h = 0x811c9dc5 | 0;
    for (let j = 0; j < tuple.length; j++) h = Math.imul(h ^ tuple[j]!, 0x01000193);
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    return h >>> 0;
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
