// For the export pass and the risk report: generalized labels and equivalence classes of a
// chosen node (levels in table.quasi order).
import { KanonError } from '../errors.js';
import { groupIds, groupKeys, keyScratch, packKeys, type PackColumn } from './group.js';
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
      if (label === undefined) throw new KanonError('HIERARCHY_VALUE_MISSING', "value not in the column's hierarchy", { column: q.name });
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

/** Equivalence classes of the generalized entries; suppressed entries get class −1 and are not
 *  counted. Classes are numbered in order of first kept entry; sizes count records (a frequency
 *  set's entries by their weight). Entries are grouped by packed keys read through the
 *  generalization maps (no per-column copy: at 10M entries the copies were 240 MB of the
 *  report's peak), then kept entries are numbered. */
export function groupClasses(table: EncodedTable, levels: readonly number[], suppressed?: Uint8Array): { classOf: Int32Array; sizes: Int32Array } {
  const n = table.rows;
  const cols: PackColumn[] = table.quasi.map((q, j) => ({ codes: q.codes, map: q.genMap[levels[j]!]!, card: q.labels[levels[j]!]!.length }));
  const key = keyScratch(n);
  const space = packKeys(cols, n, key);
  const classOf = new Int32Array(n);
  const groups = groupIds(key, n, space, classOf); // group of every entry, written into classOf
  return releasedClasses(table, classOf, groups, suppressed);
}

/** Released classes from a grouping of the entries (groupOf: entry → group in order of first
 *  appearance, `groups` of them), renumbered in place: suppressed entries get −1, kept groups are
 *  numbered in order of their first kept entry, sizes count records. groupClasses' numbering,
 *  from any grouping of the same packed keys (the search's row grouping of its chosen node). */
export function releasedClasses(table: EncodedTable, groupOf: Int32Array, groups: number, suppressed?: Uint8Array): { classOf: Int32Array; sizes: Int32Array } {
  const n = table.rows;
  const classOf = groupOf;
  const id = new Int32Array(groups).fill(-1);
  let count = 0;
  for (let r = 0; r < n; r++) {
    if (suppressed !== undefined && suppressed[r] !== 0) {
      classOf[r] = -1;
      continue;
    }
    const grp = classOf[r]!;
    let c = id[grp]!;
    if (c === -1) {
      c = count++;
      id[grp] = c;
    }
    classOf[r] = c;
  }
  const sizes = new Int32Array(count);
  const w = table.weight;
  if (w === null) {
    for (let r = 0; r < n; r++) {
      const c = classOf[r]!;
      if (c >= 0) sizes[c]! += 1;
    }
  } else {
    for (let r = 0; r < n; r++) {
      const c = classOf[r]!;
      if (c >= 0) sizes[c]! += w[r]!;
    }
  }
  return { classOf, sizes };
}

/** One representative entry per class (its first), computed once per class table. */
const representatives = new WeakMap<Int32Array, Int32Array>();
function representativesOf(classes: { classOf: Int32Array; sizes: Int32Array }): Int32Array {
  let rep = representatives.get(classes.classOf);
  if (rep === undefined) {
    rep = new Int32Array(classes.sizes.length).fill(-1);
    const classOf = classes.classOf;
    for (let r = 0; r < classOf.length; r++) {
      const c = classOf[r]!;
      if (c >= 0 && rep[c] === -1) rep[c] = r;
    }
    representatives.set(classes.classOf, rep);
  }
  return rep;
}

/** Per QI, each class's generalized code (read through its representative), computed once
 *  per class table and levels: sizesWithout is called once per QI, and gathering the other
 *  QIs' codes through the representatives again each time was most of its cost (1M nearly
 *  unique rows, six QIs: 0.33 s of a 1.1 s audit report). */
const classCodes = new WeakMap<Int32Array, { levels: string; cols: PackColumn[] }>();
function classCodesOf(table: EncodedTable, levels: readonly number[], classes: { classOf: Int32Array; sizes: Int32Array }): PackColumn[] {
  const at = levels.join(',');
  const hit = classCodes.get(classes.classOf);
  if (hit !== undefined && hit.levels === at) return hit.cols;
  const count = classes.sizes.length;
  const rep = representativesOf(classes);
  const cols = table.quasi.map((q, j): PackColumn => {
    const map = q.genMap[levels[j]!]!;
    const codes = q.codes;
    const key = new Int32Array(count);
    for (let c = 0; c < count; c++) key[c] = map[codes[rep[c]!]!]!;
    return { codes: key, map: null, card: q.labels[levels[j]!]!.length };
  });
  classCodes.set(classes.classOf, { levels: at, cols });
  return cols;
}

/** Class sizes when QI `drop` is left out, from already-grouped classes (one representative
 *  row per class, weighted by its size): O(classes), not O(rows). Plain loops: `Int32Array.from`
 *  with a map function was 10× slower here and most of `audit`'s CPU (issue 18). */
export function sizesWithout(table: EncodedTable, levels: readonly number[], classes: { classOf: Int32Array; sizes: Int32Array }, drop: number): Int32Array {
  const count = classes.sizes.length;
  const cols = classCodesOf(table, levels, classes).filter((_, j) => j !== drop);
  const key = keyScratch(count);
  const g = groupKeys(key, count, packKeys(cols, count, key), new Int32Array(count));
  const sizes = new Int32Array(g.count);
  const csizes = classes.sizes;
  for (let c = 0; c < count; c++) sizes[g.groupOf[c]!]! += csizes[c]!;
  return sizes;
}
