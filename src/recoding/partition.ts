// Strict multidimensional partitioning (LeFevre, DeWitt & Ramakrishnan, "Mondrian
// Multidimensional K-Anonymity", ICDE 2006, §4): start from all kept records; in a partition,
// try the quasi-identifiers from the widest normalized range down (ties: column order); cut
// the first one whose cut is allowable — every part satisfies every privacy model — and go on
// with the parts; a partition with no allowable cut is final (a released equivalence class).
//   numeric column: at the median, into "≤ t" and "> t" (t a value of the partition; of the
//     cuts between distinct values the most balanced, ties the lower one — with duplicates the
//     exact median may not be a cut; the most balanced cut is also the one most likely to be
//     allowable, since it maximizes the smaller part);
//   categorical column: into the children of the partition's lowest common ancestor in the
//     hierarchy (one part per child present), so parts are disjoint subtrees.
// Normalized range: numeric (max − min) / (table max − table min); categorical (leaves of the
// lowest common ancestor − 1) / (leaves − 1), the partition's loss on that column.
//
// Every decision reads counts of values (never row positions), so the partitions — as sets of
// rows — do not depend on the input's row order. Partitions are kept as runs of one row
// permutation with the keys and sensitive codes stored in the same order (sequential scans);
// an explicit stack replaces recursion (a million rows would otherwise nest ~20 levels deep in
// frames holding arrays, and deeper for skewed data).
import type { EncodedTable } from '../search/types.js';
import type { PreparedColumn } from './columns.js';
import type { PartTest } from './criteria.js';

export interface Partitioning {
  /** Kept rows, grouped: partition p holds rows order[start[p] .. start[p+1]−1]. */
  order: Int32Array;
  start: Int32Array;
  count: number;
  /** keys[j][i] = sort key of column j of row order[i]. */
  keys: Int32Array[];
}

export function partition(table: EncodedTable, cols: readonly PreparedColumn[], test: PartTest, kept: Int32Array): Partitioning {
  const m = cols.length,
    n = kept.length;
  const order = kept.slice();
  const keys = cols.map((c, j) => {
    const codes = table.quasi[j]!.codes,
      out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = c.keyOf[codes[order[i]!]!]!;
    return out;
  });
  const sens = test.sensitive.map((s) => {
    const codes = table.sensitive[s]!.codes,
      out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = codes[order[i]!]!;
    return out;
  });
  const moved: Int32Array[] = [order, ...keys, ...sens];
  const tmp = new Int32Array(n);
  const dest = new Int32Array(n);
  const counts = new Int32Array(Math.max(1, ...cols.map((c, j) => Math.max(c.keyCount, ...table.quasi[j]!.labels.map((l) => l.length)))));
  const width = new Float64Array(m);
  const lca = new Int32Array(m); // level of the lowest common ancestor (categorical)
  const dims = new Int32Array(m);
  let stack = new Int32Array(64),
    sp = 0;
  const push = (a: number, b: number): void => {
    if (sp + 2 > stack.length) {
      const s = new Int32Array(stack.length * 2);
      s.set(stack);
      stack = s;
    }
    stack[sp++] = a;
    stack[sp++] = b;
  };
  const starts: number[] = [];
  // Moves rows a..b−1 so that dest[i] (absolute) is where row i goes.
  const apply = (a: number, b: number): void => {
    for (const arr of moved) {
      for (let i = a; i < b; i++) tmp[dest[i]!] = arr[i]!;
      arr.set(tmp.subarray(a, b), a);
    }
  };
  if (n > 0 && test.ok(0, n, sens)) push(0, n);
  else if (n > 0) throw new Error('partition: the kept rows must satisfy the models');
  const bounds: number[] = [];
  while (sp > 0) {
    const b = stack[--sp]!,
      a = stack[--sp]!;
    // Every cut leaves at least two parts of minSize rows: a smaller partition is final as it is
    // (most final partitions; this skips their range scans and doomed cut attempts).
    if (b - a < 2 * test.minSize) {
      starts.push(a);
      continue;
    }
    let nd = 0;
    for (let j = 0; j < m; j++) {
      const c = cols[j]!,
        k = keys[j]!;
      if (c.numeric) {
        let lo = k[a]!,
          hi = lo;
        for (let i = a + 1; i < b; i++) {
          const x = k[i]!;
          if (x < lo) lo = x;
          else if (x > hi) hi = x;
        }
        if (hi === lo) continue;
        width[j] = (c.rankNum[hi]! - c.rankNum[lo]!) / c.span;
      } else {
        const q = table.quasi[j]!,
          gm = q.genMap,
          c0 = k[a]!;
        let L = 0,
          node = c0,
          up = gm[0]!;
        for (let i = a + 1; i < b; i++) {
          const x = k[i]!;
          while (up[x] !== node) {
            L++;
            up = gm[L]!;
            node = up[c0]!;
          }
        }
        if (L === 0) continue;
        lca[j] = L;
        width[j] = q.totalLeaves > 1 ? (q.leafCount[L]![node]! - 1) / (q.totalLeaves - 1) : 0;
      }
      // insertion by width descending, ties by column order
      let p = nd++;
      while (p > 0 && width[dims[p - 1]!]! < width[j]!) {
        dims[p] = dims[p - 1]!;
        p--;
      }
      dims[p] = j;
    }
    let cut = false;
    for (let d = 0; d < nd && !cut; d++) {
      const j = dims[d]!;
      bounds.length = 0;
      if (
        cols[j]!.numeric
          ? !numericCut(keys[j]!, a, b, counts, tmp, dest, test.minSize, bounds)
          : !treeCut(table, j, lca[j]!, keys[j]!, a, b, counts, dest, test.minSize, bounds)
      )
        continue;
      apply(a, b);
      let ok = true;
      for (let x = 0; x + 1 < bounds.length && ok; x++) ok = test.ok(bounds[x]!, bounds[x + 1]!, sens);
      if (!ok) continue;
      for (let x = bounds.length - 2; x >= 0; x--) push(bounds[x]!, bounds[x + 1]!);
      cut = true;
    }
    if (!cut) starts.push(a);
  }
  // Partitions in row-permutation order (their order carries no meaning; labels do).
  starts.sort((x, y) => x - y);
  const start = new Int32Array(starts.length + 1);
  start.set(starts);
  start[starts.length] = n;
  return { order, start, count: starts.length, keys };
}

/** Median cut of a numeric column: fills dest (stable: "≤ t" first) and bounds [a, a+left, b];
 *  false when no cut leaves both parts minSize rows. */
function numericCut(
  k: Int32Array,
  a: number,
  b: number,
  counts: Int32Array,
  scratch: Int32Array,
  dest: Int32Array,
  minSize: number,
  bounds: number[],
): boolean {
  const s = b - a;
  let lo = k[a]!,
    hi = lo;
  for (let i = a + 1; i < b; i++) {
    const x = k[i]!;
    if (x < lo) lo = x;
    else if (x > hi) hi = x;
  }
  // Most balanced cut t (rows with key ≤ t go left), t < hi; ties: the lower t.
  let t = -1,
    left = 0;
  if (hi - lo <= 2 * s + 256) {
    for (let i = a; i < b; i++) counts[k[i]! - lo]! += 1;
    let acc = 0,
      best = Infinity;
    for (let x = lo; x < hi; x++) {
      const c = counts[x - lo]!;
      if (c === 0) continue;
      acc += c;
      const gap = Math.abs(2 * acc - s);
      if (gap < best) {
        best = gap;
        t = x;
        left = acc;
      }
    }
    counts.fill(0, 0, hi - lo + 1);
  } else {
    const sorted = scratch.subarray(0, s);
    sorted.set(k.subarray(a, b));
    sorted.sort();
    let best = Infinity;
    for (let i = 0; i + 1 < s; i++) {
      if (sorted[i] === sorted[i + 1]) continue;
      const gap = Math.abs(2 * (i + 1) - s);
      if (gap < best) {
        best = gap;
        t = sorted[i]!;
        left = i + 1;
      }
    }
  }
  if (t < 0 || left < minSize || s - left < minSize) return false;
  let l = a,
    r = a + left;
  for (let i = a; i < b; i++) dest[i] = k[i]! <= t ? l++ : r++;
  bounds.push(a, a + left, b);
  return true;
}

/** Cut of a categorical column into the children (level L−1) of the lowest common ancestor
 *  (level L): fills dest (parts in order of child code) and bounds; false when a part would
 *  have fewer than minSize rows. */
function treeCut(
  table: EncodedTable,
  j: number,
  L: number,
  k: Int32Array,
  a: number,
  b: number,
  counts: Int32Array,
  dest: Int32Array,
  minSize: number,
  bounds: number[],
): boolean {
  const child = table.quasi[j]!.genMap[L - 1]!;
  const present: number[] = [];
  for (let i = a; i < b; i++) {
    const g = child[k[i]!]!;
    if (counts[g]!++ === 0) present.push(g);
  }
  present.sort((x, y) => x - y);
  let ok = true;
  for (const g of present) if (counts[g]! < minSize) ok = false;
  if (ok) {
    let at = a;
    for (const g of present) {
      const c = counts[g]!;
      counts[g] = at;
      bounds.push(at);
      at += c;
    }
    bounds.push(b);
    for (let i = a; i < b; i++) dest[i] = counts[child[k[i]!]!]!++;
  }
  for (const g of present) counts[g] = 0;
  return ok;
}
