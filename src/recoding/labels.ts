// What a Mondrian partition is released as, and what that costs on ARX's Loss scale.
//
// Output format (one label per quasi-identifier per partition):
//   numeric column:     the value itself when the partition holds one number; the label of a
//                       hierarchy node when the node's leaves are exactly the leaves in the
//                       partition's range (e.g. "20-24" of an interval or file hierarchy);
//                       else "[lo,hi]", a closed range of the partition's least and greatest
//                       value, written as in the input ("[23,27]", "[0.5,2.25]").
//   categorical column: the label of the lowest hierarchy node covering the partition's values
//                       (the value itself when it holds one value).
// Partitions are disjoint (each cut separates them on one column: ranges "≤ t" / "> t", or
// disjoint subtrees), so two released cells never overlap. Two partitions whose labels coincide
// form one released class; every model here holds for a union of classes that hold it
// (monotonicity, Machanavajjhala et al. 2007; LeFevre et al. 2005), and the classes reported
// are those of the labels, not of the partitions.
//
// Loss (ARX's per-attribute Loss, MetricMDNMLoss; as src/search/metrics/loss.ts): per column
// the average over records of (leaves covered − 1)/(leaves − 1), a suppressed record counting
// 1; the columns combined by ARX's geometric mean Π(L_j + 1)^(1/m) − 1. A range covers the
// leaves whose number lies in it; a node covers its leaves — the leaves the global search
// counts, so the same release scores the same in both modes.
import type { EncodedTable } from '../search/types.js';
import { leavesIn, type PreparedColumn } from './columns.js';
import type { Partitioning } from './partition.js';

export interface PartitionLabels {
  /** labelId[p·m + j] = index into texts[j] of partition p's label for column j. */
  labelId: Int32Array;
  texts: string[][];
  /** Per column Σ over kept records of (leaves covered − 1). */
  leafSum: Float64Array;
}

export function labelPartitions(table: EncodedTable, cols: readonly PreparedColumn[], parts: Partitioning): PartitionLabels {
  const m = cols.length,
    P = parts.count;
  const labelId = new Int32Array(P * m);
  const texts = cols.map((): string[] => []);
  const leafSum = new Float64Array(m);
  const { order, start } = parts;
  const n = order.length;
  let scratch: Int32Array | undefined;
  for (let j = 0; j < m; j++) {
    const c = cols[j]!,
      q = table.quasi[j]!,
      k = parts.keys[j]!;
    // The value codes of the rows in partition order, for the lowest common ancestors. Read
    // through `order` they were one random access per row and column (most of this function:
    // 0.6 s of 153,391 partitions × 10 QIs at 1M rows); they come from the sort keys, which
    // are in partition order: a categorical key is its code, and a numeric key (a rank) names
    // one code when no two codes share a number ("5", "5.0"), else the codes are read as before.
    let codes: Int32Array;
    if (!c.numeric) codes = k;
    else {
      const rankCode = new Int32Array(c.rankText.length).fill(-1);
      let clean = true;
      for (let v = 0; v < q.values.length && clean; v++) {
        const r = c.keyOf[v]!;
        if (rankCode[r] === -1) rankCode[r] = v;
        else clean = false;
      }
      scratch ??= new Int32Array(n);
      codes = scratch;
      if (clean) for (let i = 0; i < n; i++) codes[i] = rankCode[k[i]!]!;
      else for (let i = 0; i < n; i++) codes[i] = q.codes[order[i]!]!;
    }
    // A label's id is found by what it is made of where that repeats — a value, a rank, a
    // hierarchy node — so such a label is written and hashed as a string only the first time
    // it is met (a Map<string> lookup per partition and column was the other half of this
    // function). One text made two ways (a value and a rank written alike) keeps one id: texts
    // are distinct, and classes are those of the texts.
    const byText = new Map<string, number>();
    const idOf = (text: string): number => {
      let id = byText.get(text);
      if (id === undefined) {
        id = texts[j]!.length;
        texts[j]!.push(text);
        byText.set(text, id);
      }
      return id;
    };
    const byNode: (Int32Array | undefined)[] = q.labels.map(() => undefined);
    const nodeId = (L: number, node: number): number => {
      const ids = (byNode[L] ??= new Int32Array(q.labels[L]!.length).fill(-1));
      let id = ids[node]!;
      if (id < 0) ids[node] = id = idOf(q.labels[L]![node]!);
      return id;
    };
    const byRank = c.numeric ? new Int32Array(c.rankText.length).fill(-1) : null;
    const byValue = c.numeric ? new Int32Array(q.values.length).fill(-1) : null;
    for (let p = 0; p < P; p++) {
      const a = start[p]!,
        b = start[p + 1]!;
      // lowest common ancestor of the partition's value codes
      const c0 = codes[a]!,
        gm = q.genMap;
      let L = 0,
        node = c0,
        up = gm[0]!;
      for (let i = a + 1; i < b; i++) {
        const x = codes[i]!;
        while (up[x] !== node) {
          L++;
          up = gm[L]!;
          node = up[c0]!;
        }
      }
      let id: number, leaves: number;
      if (c.numeric) {
        let lo = k[a]!,
          hi = lo;
        for (let i = a + 1; i < b; i++) {
          const x = k[i]!;
          if (x < lo) lo = x;
          else if (x > hi) hi = x;
        }
        const x0 = c.rankNum[lo]!,
          x1 = c.rankNum[hi]!;
        leaves = leavesIn(c.leafNums, x0, x1);
        if (L === 0) {
          id = byValue![c0]!; // one value: the value itself, as written
          if (id < 0) byValue![c0] = id = idOf(q.values[c0]!);
        } else if (lo === hi) {
          id = byRank![lo]!;
          if (id < 0) byRank![lo] = id = idOf(c.rankText[lo]!);
        } else if (c.nodeExact[L]![node] === 1 && c.nodeLo[L]![node] === x0 && c.nodeHi[L]![node] === x1) id = nodeId(L, node);
        else id = idOf(`[${c.rankText[lo]!},${c.rankText[hi]!}]`); // ranges: mostly one partition's own
      } else {
        id = nodeId(L, node);
        leaves = q.leafCount[L]![node]!;
      }
      leafSum[j]! += (b - a) * Math.max(0, leaves - 1);
      labelId[p * m + j] = id;
    }
  }
  return { labelId, texts, leafSum };
}

/** Per column Loss and ARX's combined Loss (geometric mean with +1 shift, as metrics/loss.ts). */
export function lossOf(table: EncodedTable, leafSum: Float64Array, suppressed: number): { perColumn: Record<string, number>; loss: number } {
  const n = table.rows,
    m = table.quasi.length;
  const perColumn: Record<string, number> = {};
  let prod = 1;
  table.quasi.forEach((q, j) => {
    const t = q.totalLeaves;
    const l = n === 0 || t <= 1 ? 0 : (leafSum[j]! + suppressed * (t - 1)) / ((t - 1) * n);
    perColumn[q.name] = l;
    prod *= Math.pow(l + 1, 1 / m);
  });
  return { perColumn, loss: m === 0 || n === 0 ? 0 : prod - 1 };
}
