// Non-uniform entropy (Gionis & Tassa 2009; ARX MetricMDNUEntropy): Σ_j Σ_r −log2 P(v_rj | g_rj),
// P = (#rows with value v) / (#rows whose value generalizes to g). A suppressed record is
// generalized to "*": −log2(#v / n); the extra over its class's g is log2(n / #g). Normalized to
// 0..1 by the value of the top node (every QI "*"): Σ_j n·H(QI j).
import type { Metric } from './types.js';

export const entropyMetric: Metric = {
  name: 'entropy',
  prepare(table) {
    const n = table.records;
    const base = table.quasi.map((q) =>
      q.rowCount.map((rc, L) => {
        const pv = q.rowCount[0]!,
          gm = q.genMap[L]!;
        let s = 0;
        for (let c = 0; c < pv.length; c++) if (pv[c]! > 0) s -= pv[c]! * Math.log2(pv[c]! / rc[gm[c]!]!);
        return s;
      }),
    );
    let den = 0;
    base.forEach((b) => {
      den += b[b.length - 1]!;
    });
    const total = (levels: Int32Array, extra: (j: number) => number): number => {
      if (den <= 0) return 0;
      let s = 0;
      for (let j = 0; j < base.length; j++) s += base[j]![levels[j]!]! + extra(j);
      return s / den;
    };
    return {
      lowerBound: (levels) => total(levels, () => 0),
      value: (node) =>
        total(node.levels, (j) => {
          if (node.suppressedRows === 0) return 0;
          const rc = table.quasi[j]!.rowCount[node.levels[j]!]!,
            col = node.q[j]!;
          let s = 0;
          for (let k = 0; k < node.classCount; k++) {
            if (node.violating[k] === 1) s += node.size[k]! * Math.log2(n / rc[col[node.repCell[k]!]!]!);
          }
          return s;
        }),
    };
  },
};
