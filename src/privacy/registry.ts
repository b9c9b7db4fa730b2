// Privacy models by name, and the compilation of a PrivacyConfig into class predicates.
import { kAnonymity } from './k-anonymity.js';
import { lDiversity } from './l-diversity.js';
import type { Criterion } from './model.js';
import { tCloseness } from './t-closeness.js';
import type { PrivacyConfig } from './types.js';
import type { EncodedTable } from '../search/types.js';

export function compileCriteria(table: EncodedTable, privacy: PrivacyConfig): Criterion[] {
  const out: Criterion[] = [];
  if (privacy.k > 1) out.push(kAnonymity.compile(table, { k: privacy.k }));
  for (const l of privacy.lDiversity) out.push(lDiversity.compile(table, l));
  for (const t of privacy.tCloseness) out.push(tCloseness.compile(table, t));
  return out;
}
