// Precision (Sweeney 2002, "Achieving k-anonymity privacy protection…"): Prec = 1 − Σ_j Σ_r
// h_j / (H_j · m · n), h_j the level of QI j, H_j its height. We report the loss part
// 1 − Prec (0..1): mean over QIs of the mean over records of level/height; a suppressed
// record counts as fully generalized (h = H), as in ARX's MetricMDNMPrecision.
import type { Metric } from './types.js';

export const precisionMetric: Metric = {
  name: 'precision',
  prepare(table) {
    const n = table.records;
    const m = table.quasi.length;
    const f = (levels: Int32Array, supp: number): number => {
      if (m === 0 || n === 0) return 0;
      let s = 0;
      for (let j = 0; j < m; j++) {
        const H = table.quasi[j]!.levels - 1;
        if (H > 0) s += ((n - supp) * levels[j]! + supp * H) / (H * n);
      }
      return s / m;
    };
    return { lowerBound: (levels) => f(levels, 0), value: (node) => f(node.levels, node.suppressedRows) };
  },
};
