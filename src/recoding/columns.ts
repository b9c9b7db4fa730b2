// Per quasi-identifier preparation for Mondrian: how a column is split and how a partition's
// values are written and scored.
//
// A column is numeric when every value in it is a number (LeFevre et al. 2006 treat age and
// zipcode alike as ordered domains): it is split at the median into ranges. Other columns are
// split along their hierarchy's tree. Numbers are ranked by value (equal numbers written
// differently, "1" and "1.0", share a rank, so a cut never separates them); the rank is the
// sort key, so nothing depends on the order of first appearance (the value codes' order).
//
// Leaves (for the loss and the node labels) are the hierarchy's leaves when it enumerates them
// (file, tree) and the distinct values of the data otherwise — the same leaves the global
// search counts (EncodedQuasi.leafCount / totalLeaves), so both modes score on one scale.
import type { EncodedQuasi } from '../search/types.js';

const NUM = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;

export interface PreparedColumn {
  numeric: boolean;
  /** Value code → sort key: numeric: rank of its number; categorical: the code itself. */
  keyOf: Int32Array;
  /** Number of distinct keys. */
  keyCount: number;
  /** Numeric: rank → number, and → the value written for it (the lexically least spelling). */
  rankNum: Float64Array;
  rankText: string[];
  /** Numeric: the numbers of the leaves, sorted (leaves that are not numbers are left out). */
  leafNums: Float64Array;
  /** Numeric: max − min of the data's numbers (normalizes a partition's range; ≥ 1e-300). */
  span: number;
  /** Numeric: per level, per node: its leaves' least and greatest number, and 1 when its
   *  leaves are exactly the leaves in that closed range (so the node's label may stand for it). */
  nodeLo: Float64Array[];
  nodeHi: Float64Array[];
  nodeExact: Uint8Array[];
}

export function prepareColumn(q: EncodedQuasi): PreparedColumn {
  const numeric = q.values.length > 0 && q.values.every((v) => NUM.test(v) && Number.isFinite(Number(v)));
  const none = { rankNum: new Float64Array(0), rankText: [], leafNums: new Float64Array(0), span: 1, nodeLo: [], nodeHi: [], nodeExact: [] };
  if (!numeric) return { numeric, keyOf: Int32Array.from(q.values.keys()), keyCount: q.values.length, ...none };
  const nums = q.values.map(Number);
  const order = [...q.values.keys()].sort((a, b) => nums[a]! - nums[b]! || (q.values[a]! < q.values[b]! ? -1 : q.values[a]! > q.values[b]! ? 1 : 0));
  const keyOf = new Int32Array(q.values.length);
  const rankNum: number[] = [];
  const rankText: string[] = [];
  for (const c of order) {
    if (rankNum.length === 0 || rankNum[rankNum.length - 1] !== nums[c]) { rankNum.push(nums[c]!); rankText.push(q.values[c]!); }
    keyOf[c] = rankNum.length - 1;
  }
  // Leaves with their path in the hierarchy, for the node ranges.
  const h = q.hierarchy;
  const leafList: { num: number; path: readonly string[] | undefined; code: number }[] = h.leaves !== undefined
    ? h.leaves.map((leaf) => ({ num: NUM.test(leaf) ? Number(leaf) : NaN, path: h.lookup(leaf), code: -1 }))
    : q.values.map((v, c) => ({ num: nums[c]!, path: undefined, code: c }));
  const leafNums = Float64Array.from(leafList.map((l) => l.num).filter((x) => Number.isFinite(x))).sort();
  const index = q.labels.map((lab) => new Map(lab.map((s, g) => [s, g] as const)));
  const nodeLo = q.labels.map((lab) => new Float64Array(lab.length).fill(Infinity));
  const nodeHi = q.labels.map((lab) => new Float64Array(lab.length).fill(-Infinity));
  const bad = q.labels.map((lab) => new Uint8Array(lab.length));
  for (const leaf of leafList) {
    for (let L = 0; L < q.levels; L++) {
      const g = leaf.code >= 0 ? q.genMap[L]![leaf.code]! : index[L]!.get(leaf.path?.[L] ?? '\u0000');
      if (g === undefined) continue;
      if (!Number.isFinite(leaf.num)) { bad[L]![g] = 1; continue; }
      if (leaf.num < nodeLo[L]![g]!) nodeLo[L]![g] = leaf.num;
      if (leaf.num > nodeHi[L]![g]!) nodeHi[L]![g] = leaf.num;
    }
  }
  const nodeExact = q.labels.map((lab, L) => Uint8Array.from(lab, (_, g) =>
    bad[L]![g] === 0 && leavesIn(leafNums, nodeLo[L]![g]!, nodeHi[L]![g]!) === q.leafCount[L]![g]! ? 1 : 0));
  const span = Math.max(rankNum[rankNum.length - 1]! - rankNum[0]!, 1e-300);
  return { numeric, keyOf, keyCount: rankNum.length, rankNum: Float64Array.from(rankNum), rankText, leafNums, span, nodeLo, nodeHi, nodeExact };
}

/** Number of entries of the sorted `xs` in [lo, hi]. */
export function leavesIn(xs: Float64Array, lo: number, hi: number): number {
  return upper(xs, hi) - lower(xs, lo);
}
function lower(xs: Float64Array, x: number): number {
  let a = 0, b = xs.length;
  while (a < b) { const m = (a + b) >>> 1; if (xs[m]! < x) a = m + 1; else b = m; }
  return a;
}
function upper(xs: Float64Array, x: number): number {
  let a = 0, b = xs.length;
  while (a < b) { const m = (a + b) >>> 1; if (xs[m]! <= x) a = m + 1; else b = m; }
  return a;
}
