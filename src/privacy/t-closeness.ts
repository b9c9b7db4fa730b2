// t-closeness (Li, Li & Venkatasubramanian 2007): the distribution of the sensitive attribute
// in every class is within Earth Mover's Distance t of its distribution in the whole table.
// Ground distances: equal (½ L1), ordered (|i−j|/(m−1) over the column's order), hierarchical
// (height of the lowest common ancestor in the column's hierarchy / tree height).
import { emdEqual, emdOrdered, minEmdEqual, prepareEmdHierarchical } from './measures.js';
import { EPS, sensitiveIndex, type PrivacyModel } from './model.js';
import type { TClosenessConfig } from './types.js';

export const tCloseness: PrivacyModel<TClosenessConfig> = {
  name: 't-closeness',
  compile(table, cfg) {
    const sensitive = sensitiveIndex(table, cfg.column);
    const col = table.sensitive[sensitive]!;
    const { global } = col;
    const t = cfg.t + EPS;
    switch (cfg.measure) {
      case 'equal': return { sensitive, ok: (_s, h) => emdEqual(h!, global) <= t, minSize: minClassSize(global, t, 1, table.rows) };
      // Distinct values are at least 1/(m−1) apart in the ordered distance, so EMD ≥ ½L1/(m−1).
      case 'ordered': return { sensitive, ok: (_s, h) => emdOrdered(h!, global) <= t, minSize: minClassSize(global, t, global.length - 1, table.rows) };
      case 'hierarchical': {
        if (col.genMap === undefined) throw new Error('hierarchical t-closeness without a hierarchy');
        const emd = prepareEmdHierarchical(col.genMap);
        // Distinct leaves are at least 1/H apart (their common ancestor is at level ≥ 1).
        const leaves = col.genMap[0]!, H = col.genMap.length - 1;
        const injective = new Set(leaves).size === leaves.length;
        return { sensitive, ok: (_s, h) => emd(h!, global) <= t, minSize: injective && H >= 1 ? minClassSize(global, t, H, table.rows) : 1 };
      }
    }
  },
};

/** Smallest class size s whose closest possible distribution to `global` (counts in 1/s steps)
 *  is within t under ground distances ≥ 1/scale: smaller classes fail whatever they hold.
 *  The 1e-9 margin keeps float noise from ever making the bound too strict. */
function minClassSize(global: Float64Array, t: number, scale: number, rows: number): number {
  if (!(scale >= 1)) return 1;
  // Every size below the returned one was checked to fail; the scan stops at 10,000.
  const cap = Math.max(1, Math.min(rows, 10_000));
  for (let s = 1; s < cap; s++) if (minEmdEqual(global, s) / scale <= t + 1e-9) return s;
  return cap;
}
