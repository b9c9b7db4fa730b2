// k-anonymity (Samarati & Sweeney 1998; Sweeney 2002): every equivalence class of the
// released quasi-identifiers holds at least k records.
import type { PrivacyModel } from './model.js';

export const kAnonymity: PrivacyModel<{ k: number }> = {
  name: 'k-anonymity',
  compile(_table, { k }) {
    return { sensitive: -1, ok: (size) => size >= k, minSize: k };
  },
};
