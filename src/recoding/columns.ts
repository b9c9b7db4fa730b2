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
  const V = q.values.length;
  const nums = Float64Array.from(q.values, Number);
  // Ranks: the distinct numbers in order (a native sort, then a binary search per value).
  const sorted = nums.slice().sort();
  let u = 0;
  for (let i = 0; i < V; i++) if (i === 0 || sorted[i] !== sorted[u - 1]) sorted[u++] = sorted[i]!;
  const rankNum = sorted.slice(0, u);
  const keyOf = new Int32Array(V);
  const rankText = new Array<string>(u);
  for (let c = 0; c < V; c++) {
    const r = lower(rankNum, nums[c]!);
    keyOf[c] = r;
    const t = rankText[r];
    if (t === undefined || q.values[c]! < t) rankText[r] = q.values[c]!;
  }
  // Per node: least and greatest number of its leaves (1 in `bad` when a leaf is not a number).
  const h = q.hierarchy;
  const nodeLo = q.labels.map((lab) => new Float64Array(lab.length).fill(Infinity));
  const nodeHi = q.labels.map((lab) => new Float64Array(lab.length).fill(-Infinity));
  const bad = q.labels.map((lab) => new Uint8Array(lab.length));
  const visit = (L: number, g: number, x: number): void => {
    if (!Number.isFinite(x)) {
      bad[L]![g] = 1;
      return;
    }
    if (x < nodeLo[L]![g]!) nodeLo[L]![g] = x;
    if (x > nodeHi[L]![g]!) nodeHi[L]![g] = x;
  };
  let leafNums: Float64Array;
  if (h.leaves !== undefined) {
    const index = q.labels.map((lab) => new Map(lab.map((t, g) => [t, g] as const)));
    const xs: number[] = [];
    for (const leaf of h.leaves) {
      const x = NUM.test(leaf) ? Number(leaf) : NaN;
      if (Number.isFinite(x)) xs.push(x);
      const path = h.lookup(leaf);
      for (let L = 0; L < q.levels; L++) {
        const g = index[L]!.get(path?.[L] ?? '\u0000');
        if (g !== undefined) visit(L, g, x);
      }
    }
    leafNums = Float64Array.from(xs).sort();
  } else {
    // Builders: the leaves are the data's distinct values (as EncodedQuasi.leafCount counts them).
    for (let c = 0; c < V; c++) for (let L = 0; L < q.levels; L++) visit(L, q.genMap[L]![c]!, nums[c]!);
    leafNums = nums.slice().sort();
  }
  const nodeExact = q.labels.map((lab, L) =>
    Uint8Array.from(lab, (_, g) => (bad[L]![g] === 0 && leavesIn(leafNums, nodeLo[L]![g]!, nodeHi[L]![g]!) === q.leafCount[L]![g]! ? 1 : 0)),
  );
  const span = Math.max(rankNum[u - 1]! - rankNum[0]!, 1e-300);
  return { numeric, keyOf, keyCount: u, rankNum, rankText, leafNums, span, nodeLo, nodeHi, nodeExact };
}

/** Number of entries of the sorted `xs` in [lo, hi]. */
export function leavesIn(xs: Float64Array, lo: number, hi: number): number {
  return upper(xs, hi) - lower(xs, lo);
}
function lower(xs: Float64Array, x: number): number {
  let a = 0,
    b = xs.length;
  while (a < b) {
    const m = (a + b) >>> 1;
    if (xs[m]! < x) a = m + 1;
    else b = m;
  }
  return a;
}
function upper(xs: Float64Array, x: number): number {
  let a = 0,
    b = xs.length;
  while (a < b) {
    const m = (a + b) >>> 1;
    if (xs[m]! <= x) a = m + 1;
    else b = m;
  }
  return a;
}
