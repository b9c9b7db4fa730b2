// Normalized average equivalence class size (LeFevre, DeWitt & Ramakrishnan 2006, Mondrian):
// C_AVG = (n / #classes) / k. Suppressed records are counted as one class (they are released
// as one all-"*" group or not at all). Lower bound: #classes ≤ min(n, Π |domain_j(level)|),
// and merging violating classes into one only lowers the count.
import type { Metric } from './types.js';

export const aecsMetric: Metric = {
  name: 'aecs',
  prepare(table, { k }) {
    const n = table.records;
    return {
      lowerBound(levels) {
        let c = 1;
        table.quasi.forEach((q, j) => {
          c = Math.min(n, c * q.labels[levels[j]!]!.length);
        });
        return n === 0 ? 0 : n / Math.max(1, c) / k;
      },
      value(node) {
        let c = 0;
        for (let i = 0; i < node.classCount; i++) if (node.violating[i] === 0) c++;
        if (node.suppressedRows > 0) c++;
        return n === 0 ? 0 : n / Math.max(1, c) / k;
      },
    };
  },
};
