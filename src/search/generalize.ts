// For the export pass and the risk report: generalized labels and equivalence classes of a
// chosen node (levels in table.quasi order).
import { KanonError } from '../errors.js';
import { groupTuples } from './group.js';
import type { EncodedTable } from './types.js';

/** (qiIndex, value) → generalized label at the chosen level. Throws HIERARCHY_VALUE_MISSING
 *  (no value in the message) for a value the hierarchy does not cover. */
export function generalizer(table: EncodedTable, levels: readonly number[]): (qiIndex: number, value: string) => string {
  const memo = table.quasi.map(() => new Map<string, string>());
  return (j, value) => {
    const m = memo[j]!;
    let out = m.get(value);
    if (out === undefined) {
      const q = table.quasi[j]!;
      const path = q.hierarchy.lookup(value);
      const label = path?.[levels[j]!];
      if (label === undefined) throw new KanonError('HIERARCHY_VALUE_MISSING', 'value not in the column\'s hierarchy', { column: q.name });
      out = label;
      if (m.size < 1_000_000) m.set(value, out);
    }
    return out;
  };
}

/** (qiIndex, row) → generalized label, from the encoded codes (no lookup). */
export function rowLabeler(table: EncodedTable, levels: readonly number[]): (qiIndex: number, row: number) => string {
  const maps = table.quasi.map((q, j) => q.genMap[levels[j]!]!);
  const labels = table.quasi.map((q, j) => q.labels[levels[j]!]!);
  return (j, row) => labels[j]![maps[j]![table.quasi[j]!.codes[row]!]!]!;
}

/** Equivalence classes of the generalized rows; suppressed rows get class −1 and are not
 *  counted. Classes are numbered in order of first row. */
export function groupClasses(table: EncodedTable, levels: readonly number[], suppressed?: Uint8Array): { classOf: Int32Array; sizes: Int32Array } {
  const n = table.rows;
  const keep: number[] = [];
  for (let r = 0; r < n; r++) if (suppressed === undefined || suppressed[r] === 0) keep.push(r);
  const keys = table.quasi.map((q, j) => {
    const m = q.genMap[levels[j]!]!;
    return Int32Array.from(keep, (r) => m[q.codes[r]!]!);
  });
  const g = groupTuples(keys, keep.length);
  const classOf = new Int32Array(n).fill(-1);
  const sizes = new Int32Array(g.count);
  keep.forEach((r, i) => { const c = g.groupOf[i]!; classOf[r] = c; sizes[c]! += 1; });
  return { classOf, sizes };
}
