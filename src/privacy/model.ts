// A privacy model compiled against an encoded table: a predicate over one equivalence class.
// `hist` holds the class's values of sensitive column `sensitive` sparsely — the codes present,
// ascending, with their counts (measures.ts ClassHist; undefined when the model reads no
// sensitive column), so a check costs what the class holds, not the column's cardinality
// (issue 12). Models are one per file behind the registry (registry.ts).
import type { EncodedTable } from '../search/types.js';
import type { ClassHist } from './measures.js';

export interface Criterion {
  /** Index into table.sensitive, or -1. */
  sensitive: number;
  ok(size: number, hist: ClassHist | undefined): boolean;
  /** Every class with fewer rows fails `ok` whatever its contents (1 when unknown): the
   *  search uses it as a monotone necessary condition (k-anonymity with k = minSize). */
  minSize: number;
}

export interface PrivacyModel<C> {
  name: string;
  compile(table: EncodedTable, config: C): Criterion;
}

/** Floating-point slack for threshold comparisons (entropy l of a uniform class is exp(ln l)). */
export const EPS = 1e-9;

export function sensitiveIndex(table: EncodedTable, column: string): number {
  const i = table.sensitive.findIndex((s) => s.name === column);
  if (i < 0) throw new Error('privacy model column is not encoded as sensitive');
  return i;
}
