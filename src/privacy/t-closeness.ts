// t-closeness (Li, Li & Venkatasubramanian 2007): the distribution of the sensitive attribute
// in every class is within Earth Mover's Distance t of its distribution in the whole table.
// Ground distances: equal (½ L1), ordered (|i−j|/(m−1) over the column's order), hierarchical
// (height of the lowest common ancestor in the column's hierarchy / tree height).
import { emdEqual, emdOrdered, prepareEmdHierarchical } from './measures.js';
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
      case 'equal': return { sensitive, ok: (_s, h) => emdEqual(h!, global) <= t };
      case 'ordered': return { sensitive, ok: (_s, h) => emdOrdered(h!, global) <= t };
      case 'hierarchical': {
        if (col.genMap === undefined) throw new Error('hierarchical t-closeness without a hierarchy');
        const emd = prepareEmdHierarchical(col.genMap);
        return { sensitive, ok: (_s, h) => emd(h!, global) <= t };
      }
    }
  },
};
