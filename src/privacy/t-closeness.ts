// t-closeness (Li, Li & Venkatasubramanian 2007): the distribution of the sensitive attribute
// in every class is within Earth Mover's Distance t of its distribution in the whole table.
// Ground distances: equal (½ L1), ordered (|i−j|/(m−1) over the column's order), hierarchical
// (height of the lowest common ancestor in the column's hierarchy / tree height).
import { emdEqual, minEmdEqual, prepareEmdHierarchical, prepareEmdOrdered } from './measures.js';
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
      case 'equal':
        return { sensitive, ok: (_s, h) => emdEqual(h!, global) <= t, minSize: minClassSize(global, t, 1, table.records) };
      // Distinct values are at least 1/(m−1) apart in the ordered distance, so EMD ≥ ½L1/(m−1).
      case 'ordered': {
        const emd = prepareEmdOrdered(global);
        return { sensitive, ok: (_s, h) => emd(h!) <= t, minSize: minClassSize(global, t, global.length - 1, table.records) };
      }
      case 'hierarchical': {
        if (col.genMap === undefined) throw new Error('hierarchical t-closeness without a hierarchy');
        const emd = prepareEmdHierarchical(col.genMap, global);
        // Distinct leaves are at least 1/H apart (their common ancestor is at level ≥ 1).
        const leaves = col.genMap[0]!,
          H = col.genMap.length - 1;
        const injective = new Set(leaves).size === leaves.length;
        return { sensitive, ok: (_s, h) => emd(h!) <= t, minSize: injective && H >= 1 ? minClassSize(global, t, H, table.records) : 1 };
      }
    }
  },
};

/** Smallest class size s whose closest possible distribution to `global` (counts in 1/s steps)
 *  is within t under ground distances ≥ 1/scale: smaller classes fail whatever they hold.
 *  The 1e-9 margin keeps float noise from ever making the bound too strict. Sizes are first
 *  skipped by a cheap bound (a class of s records misses all but at most s values, so its
 *  equal-distance EMD is at least 1 − the s largest q), then checked exactly (O(m log m)
 *  each) within a work cap: stopping early only returns a smaller, still sound, minimum
 *  (a 100,000-value column would otherwise cost 10,000 full sorts; issue 12). */
function minClassSize(global: Float64Array, t: number, scale: number, rows: number): number {
  if (!(scale >= 1)) return 1;
  // Every size below the returned one was checked to fail; the scan stops at 10,000.
  const cap = Math.max(1, Math.min(rows, 10_000));
  const m = global.length;
  const desc = Float64Array.from(global).sort().reverse();
  let top = 0,
    s = 1;
  for (; s < cap; s++) {
    top += desc[s - 1] ?? 0;
    if ((1 - top) / scale <= t + 1e-9) break;
  }
  let work = 0;
  for (; s < cap; s++) {
    if (minEmdEqual(global, s) / scale <= t + 1e-9) return s;
    work += m + 16;
    if (work > 20_000_000) return s;
  }
  return cap;
}
