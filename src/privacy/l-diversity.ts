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
    switch (cfg.variant) {
      case 'distinct': return { sensitive, ok: (_s, h) => distinctL(h!) >= l };
      case 'entropy': return { sensitive, ok: (_s, h) => entropyL(h!) >= l - EPS };
      case 'recursive': { const c = cfg.c ?? 1; return { sensitive, ok: (_s, h) => isRecursiveCL(h!, c, l) }; }
    }
  },
};
