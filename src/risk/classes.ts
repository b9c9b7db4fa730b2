// Equivalence classes over dictionary-encoded columns: rows with equal codes in every column
// share a class. Columns are folded in one at a time (class id × cardinality + code, renumbered
// through a Map), so a key never exceeds n·cardinality < 2^53 for any realistic table.
import { KanonError } from '../errors.js';

/** Growable dictionary encoding of one column. */
export class ColumnCodes {
  readonly dict = new Map<string, number>();
  codes = new Int32Array(1024);
  length = 0;

  add(value: string): void {
    let c = this.dict.get(value);
    if (c === undefined) { c = this.dict.size; this.dict.set(value, c); }
    if (this.length === this.codes.length) {
      const next = new Int32Array(this.codes.length * 2);
      next.set(this.codes);
      this.codes = next;
    }
    this.codes[this.length++] = c;
  }

  get cardinality(): number {
    return this.dict.size;
  }

  view(): Int32Array {
    return this.codes.subarray(0, this.length);
  }
}

export interface Classes {
  /** Row → class id (0 … sizes.length−1). */
  classOf: Int32Array;
  sizes: Int32Array;
}

export function groupRows(columns: readonly { codes: Int32Array; cardinality: number }[], n: number): Classes {
  let classOf = new Int32Array(n);
  let count = n === 0 ? 0 : 1;
  for (const col of columns) {
    if (count * col.cardinality > Number.MAX_SAFE_INTEGER) {
      throw new KanonError('INTERNAL', 'too many distinct combinations to group exactly');
    }
    const ids = new Map<number, number>();
    const next = new Int32Array(n);
    for (let r = 0; r < n; r++) {
      const key = classOf[r]! * col.cardinality + col.codes[r]!;
      let id = ids.get(key);
      if (id === undefined) { id = ids.size; ids.set(key, id); }
      next[r] = id;
    }
    classOf = next;
    count = ids.size;
  }
  const sizes = new Int32Array(count);
  for (let r = 0; r < n; r++) sizes[classOf[r]!]!++;
  return { classOf, sizes };
}
