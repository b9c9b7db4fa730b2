// ARX "Loss" (Iyengar 2002's generalized loss metric as implemented in ARX's MetricMDNMLoss):
// per QI j, LM_j = (1/n) Σ_records (leaves(g(r)) − 1) / (leaves_j − 1), a suppressed record
// counting 1; QIs are combined by ARX's geometric mean with +1 shift
// (ILMultiDimensionalGeometricMean: Π (LM_j + 1)^(1/m) − 1, so one untouched QI does not zero
// the product). Range 0..1. Unlike ARX we use no weights and no generalization/suppression
// factor (gs = 0.5 in ARX); numerators are integer sums, so roll-up order cannot change ties.
import type { Metric, NodeView } from './types.js';

export const lossMetric: Metric = {
  name: 'loss',
  prepare(table) {
    const n = table.records;
    const lbNum = table.quasi.map((q) =>
      q.rowCount.map((rc, L) => {
        const lc = q.leafCount[L]!;
        let s = 0;
        for (let g = 0; g < rc.length; g++) s += rc[g]! * (lc[g]! - 1);
        return s;
      }),
    );
    const combine = (num: (j: number) => number): number => {
      const m = table.quasi.length;
      if (m === 0 || n === 0) return 0;
      let prod = 1;
      for (let j = 0; j < m; j++) {
        const t = table.quasi[j]!.totalLeaves;
        const lj = t <= 1 ? 0 : num(j) / ((t - 1) * n);
        prod *= Math.pow(lj + 1, 1 / m);
      }
      return prod - 1;
    };
    return {
      lowerBound: (levels) => combine((j) => lbNum[j]![levels[j]!]!),
      value(node: NodeView) {
        return combine((j) => {
          const q = table.quasi[j]!;
          const L = node.levels[j]!;
          const lc = q.leafCount[L]!,
            col = node.q[j]!;
          let s = lbNum[j]![L]!;
          if (node.suppressedRows > 0) {
            for (let k = 0; k < node.classCount; k++) {
              if (node.violating[k] === 1) s -= node.size[k]! * (lc[col[node.repCell[k]!]!]! - 1);
            }
            s += node.suppressedRows * (q.totalLeaves - 1);
          }
          return s;
        });
      },
    };
  },
};
