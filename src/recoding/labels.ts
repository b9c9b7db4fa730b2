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
  const index = cols.map(() => new Map<string, number>());
  const leafSum = new Float64Array(m);
  const { order, start } = parts;
  for (let j = 0; j < m; j++) {
    const c = cols[j]!,
      q = table.quasi[j]!,
      k = parts.keys[j]!,
      codes = q.codes;
    for (let p = 0; p < P; p++) {
      const a = start[p]!,
        b = start[p + 1]!;
      // lowest common ancestor of the partition's value codes
      const c0 = codes[order[a]!]!,
        gm = q.genMap;
      let L = 0,
        node = c0,
        up = gm[0]!;
      for (let i = a + 1; i < b; i++) {
        const x = codes[order[i]!]!;
        while (up[x] !== node) {
          L++;
          up = gm[L]!;
          node = up[c0]!;
        }
      }
      let text: string, leaves: number;
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
        if (L === 0) text = q.values[c0]!;
        else if (lo === hi) text = c.rankText[lo]!;
        else if (c.nodeExact[L]![node] === 1 && c.nodeLo[L]![node] === x0 && c.nodeHi[L]![node] === x1) text = q.labels[L]![node]!;
        else text = `[${c.rankText[lo]!},${c.rankText[hi]!}]`;
      } else {
        text = q.labels[L]![node]!;
        leaves = q.leafCount[L]![node]!;
      }
      leafSum[j]! += (b - a) * Math.max(0, leaves - 1);
      let id = index[j]!.get(text);
      if (id === undefined) {
        id = texts[j]!.length;
        texts[j]!.push(text);
        index[j]!.set(text, id);
      }
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
