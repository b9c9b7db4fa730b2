// Masking hierarchy builder (ARX's HierarchyBuilderRedactionBased, right-to-left): level i
// replaces the last i characters with `char`: 81675 → 8167* → 816** → … → *****, then a
// top level "*". Depth = L + 2 where L is `length` or, without it, the longest value in the
// data (set by fit()). A value shorter than L is fully masked from level = its length on and
// keeps its length ("***" ≠ "*****") until the top; a value longer than `length` is not
// covered (HIERARCHY_VALUE_MISSING). The empty cell is "" at level 0 and "*" above.
import { KanonError } from '../errors.js';
import type { Hierarchy } from './types.js';

export interface MaskSpec {
  type: 'mask';
  char?: string;
  length?: number;
}

export function maskHierarchy(spec: MaskSpec, configPath = ''): Hierarchy {
  const ch = spec.char ?? '*';
  if ([...ch].length !== 1) throw new KanonError('HIERARCHY_INVALID', 'mask "char" must be one character', { path: configPath });
  let len = spec.length ?? -1;
  const fixed = spec.length !== undefined;
  return {
    get levels() {
      if (len < 0) throw new KanonError('INTERNAL', 'mask hierarchy used before fit()');
      return len + 2;
    },
    fit(distinct) {
      if (fixed) return;
      len = 0;
      for (const v of distinct) len = Math.max(len, [...v].length);
    },
    lookup(value) {
      if (len < 0) return undefined;
      const chars = [...value];
      if (chars.length > len) return undefined;
      const out = [value];
      for (let i = 1; i <= len; i++) {
        if (chars.length === 0) out.push('*');
        else {
          const keep = Math.max(0, chars.length - i);
          out.push(chars.slice(0, keep).join('') + ch.repeat(chars.length - keep));
        }
      }
      out.push('*');
      return out;
    },
  };
}
