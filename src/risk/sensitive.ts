// Per sensitive column: the l-diversity and t-closeness actually achieved by the released
// classes (distinct l and entropy l = min over classes; t = max over classes of the EMD between
// the class's distribution and the distribution over all released records).
// Machanavajjhala et al. 2007; Li, Li & Venkatasubramanian 2007. The per-class measures are
// the shared ones in src/privacy/measures.ts, so the report and the search cannot disagree.
import { distinctL, emdEqual, emdOrdered, entropyL } from '../privacy/measures.js';

export interface SensitiveInput {
  column: string;
  /** Per row: the class index, or −1 when the row is suppressed. */
  classOf: Int32Array;
  /** Per row: the sensitive value's code, 0 … numValues−1 (in the attribute's order if ordered). */
  codes: ArrayLike<number>;
  numClasses: number;
  numValues: number;
  /** Use the ordered ground distance for t (numeric/ordinal attributes). */
  ordered?: boolean;
}

export interface SensitiveMeasures {
  column: string;
  distinctL: number;
  entropyL: number;
  t: number;
  distance: 'equal' | 'ordered';
}

/** Flat per-class value counts: counts[c·numValues + v]. Suppressed rows are skipped. */
export function classValueCounts(classOf: Int32Array, codes: ArrayLike<number>, numClasses: number,
  numValues: number): Int32Array {
  const counts = new Int32Array(numClasses * numValues);
  for (let r = 0; r < classOf.length; r++) {
    const c = classOf[r]!;
    if (c >= 0) counts[c * numValues + codes[r]!]!++;
  }
  return counts;
}

export function sensitiveMeasures(input: SensitiveInput): SensitiveMeasures {
  const { numClasses: C, numValues: V } = input;
  const counts = classValueCounts(input.classOf, input.codes, C, V);
  const total = new Float64Array(V);
  let n = 0;
  for (let i = 0; i < counts.length; i++) { total[i % V]! += counts[i]!; n += counts[i]!; }
  const global = total.map((x) => (n === 0 ? 0 : x / n));
  const emd = input.ordered ? emdOrdered : emdEqual;
  let dl = Infinity, el = Infinity, t = 0, any = false;
  for (let c = 0; c < C; c++) {
    const row = counts.subarray(c * V, (c + 1) * V);
    let size = 0;
    for (let v = 0; v < V; v++) size += row[v]!;
    if (size === 0) continue;
    any = true;
    dl = Math.min(dl, distinctL(row));
    el = Math.min(el, entropyL(row));
    t = Math.max(t, emd(row, global));
  }
  return {
    column: input.column,
    distinctL: any ? dl : 0,
    entropyL: any ? el : 0,
    t,
    distance: input.ordered ? 'ordered' : 'equal',
  };
}
