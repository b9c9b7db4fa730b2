// l-diversity (Machanavajjhala, Kifer, Gehrke & Venkitasubramaniam 2007): every class holds
// "well represented" sensitive values — distinct (≥ l values), entropy (exp(H) ≥ l) or
// recursive (c,l) (r1 < c·(r_l + … + r_m)). Measures live in measures.ts (shared with risk).
import { distinctL, entropyL, isRecursiveCL } from './measures.js';
import { EPS, sensitiveIndex, type PrivacyModel } from './model.js';
import type { LDiversityConfig } from './types.js';

export const lDiversity: PrivacyModel<LDiversityConfig> = {
  name: 'l-diversity',
  compile(table, cfg) {
    const sensitive = sensitiveIndex(table, cfg.column);
    const { l } = cfg;
    // A class needs l distinct values (distinct, recursive) or exp(H) ≥ l with exp(H) ≤ distinct
    // values ≤ size (entropy; rounded down by 1e-6 so float noise never makes it too strict).
    switch (cfg.variant) {
      case 'distinct':
        return { sensitive, ok: (_s, h) => distinctL(h!) >= l, minSize: l };
      case 'entropy':
        return { sensitive, ok: (_s, h) => entropyL(h!) >= l - EPS, minSize: Math.max(1, Math.ceil(l - 1e-6)) };
      case 'recursive': {
        const c = cfg.c ?? 1;
        return { sensitive, ok: (_s, h) => isRecursiveCL(h!, c, l), minSize: l };
      }
    }
  },
};
