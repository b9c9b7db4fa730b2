// Discernibility metric (Bayardo & Agrawal 2005): DM = Σ_{classes E} |E|² + |S|·n, where S is
// the set of suppressed records (each is "indistinguishable from every record"). Not
// normalized (the source does not). Lower bound: with at most c = min(n, Π |domain_j(level)|)
// classes, Σ|E|² ≥ n²/c (Cauchy–Schwarz), and suppression only increases DM.
import type { Metric } from './types.js';

export const discernibilityMetric: Metric = {
  name: 'discernibility',
  prepare(table) {
    const n = table.records;
    return {
      lowerBound(levels) {
        let c = 1;
        table.quasi.forEach((q, j) => {
          c = Math.min(n, c * q.labels[levels[j]!]!.length);
        });
        return n === 0 ? 0 : (n * n) / Math.max(1, c);
      },
      value(node) {
        let s = 0;
        for (let k = 0; k < node.classCount; k++) if (node.violating[k] === 0) s += node.size[k]! * node.size[k]!;
        return s + node.suppressedRows * n;
      },
    };
  },
};
