// Per sensitive column: the l-diversity and t-closeness actually achieved by the released
// classes (distinct l and entropy l = min over classes; t = max over classes of the EMD between
// the class's distribution and the reference distribution). Machanavajjhala et al. 2007;
// Li, Li & Venkatasubramanian 2007. The per-class measures are the shared ones in
// src/privacy/measures.ts, so the report and the search cannot disagree (issue 11 item 19:
// t uses the model's own ground distance and, given `global`, the search's distribution).
//
// Memory follows what exists (issue 12): rows are bucketed by class (one counting sort), and
// each class's values are gathered into a sparse view in turn — O(rows + classes + values),
// never classes × values (1M classes × 100k values was a 6·10⁹-slot table).
import { distinctL, entropyL, emdEqual, prepareEmdHierarchical, prepareEmdOrdered, type ClassHist } from '../privacy/measures.js';
import type { Budget } from '../resources.js';

export type Distance = 'equal' | 'ordered' | 'hierarchical';

export interface SensitiveInput {
  column: string;
  /** Per row: the class index, or −1 when the row is suppressed. */
  classOf: Int32Array;
  /** Per row: the sensitive value's code, 0 … numValues−1 (in the attribute's order if ordered). */
  codes: ArrayLike<number>;
  numClasses: number;
  numValues: number;
  /** Ground distance of t (default: ordered when `ordered`, else equal). */
  distance?: Distance;
  /** Shorthand for distance "ordered" (numeric/ordinal attributes). */
  ordered?: boolean;
  /** The reference distribution per code (the search's: the whole input). Default: the
   *  distribution over the rows counted here (those with classOf ≥ 0). */
  global?: ArrayLike<number>;
  /** Hierarchical distance: genMap[L][code] = ancestor code at level L (root last). */
  genMap?: readonly Int32Array[];
  /** Reserve the working arrays here before allocating them (RESOURCE_LIMIT past it). */
  budget?: Budget;
  /** Per row: the records it stands for (a frequency set's counts); null/absent: one each. */
  weight?: Float64Array | null;
}

export interface SensitiveMeasures {
  column: string;
  distinctL: number;
  entropyL: number;
  t: number;
  distance: Distance;
}

/**
 * Calls fn(class, view) for every class with at least one counted row, in class order; the
 * view (reused) holds the class's value codes ascending with their counts. Working memory:
 * 4·(rows + classes + 1) + 8·values + 12·(largest class) bytes, reserved on `budget` first.
 * With `opts.single`, classes of one counted entry are not visited: single(code) is called
 * instead, once per distinct code among them (before any fn call), and their entries are
 * left out of the sort (a nearly unique table's classes are almost all such).
 */
export function forEachClassHist(
  classOf: Int32Array,
  codes: ArrayLike<number>,
  numClasses: number,
  numValues: number,
  fn: (cls: number, view: ClassHist) => void,
  budget?: Budget,
  weight?: Float64Array | null,
  opts: { single?: (code: number) => void } = {},
): void {
  const rows = classOf.length;
  const start = new Int32Array(numClasses + 1);
  let counted = 0;
  for (let r = 0; r < rows; r++) {
    const c = classOf[r]!;
    if (c >= 0) {
      start[c + 1]! += 1;
      counted++;
    }
  }
  if (opts.single !== undefined) {
    const single = opts.single;
    const seen = new Uint8Array(numValues);
    for (let r = 0; r < rows; r++) {
      const c = classOf[r]!;
      if (c >= 0 && start[c + 1] === 1) {
        counted--;
        const v = codes[r]!;
        if (seen[v] === 0) {
          seen[v] = 1;
          single(v);
        }
      }
    }
    for (let c = 1; c <= numClasses; c++) if (start[c] === 1) start[c] = 0;
  }
  let largest = 0;
  for (let c = 0; c < numClasses; c++) {
    largest = Math.max(largest, start[c + 1]!);
    start[c + 1]! += start[c]!;
  }
  const bytes = 4 * (counted + numClasses + 1) + 8 * numValues + 12 * largest;
  budget?.reserve('per-class sensitive value counts (report)', bytes, 'use fewer sensitive columns or coarser quasi-identifiers');
  try {
    const fill = start.slice(0, numClasses);
    const byClass = new Int32Array(counted);
    for (let r = 0; r < rows; r++) {
      const c = classOf[r]!;
      if (c >= 0 && start[c + 1] !== start[c]) byClass[fill[c]!++] = r;
    }
    const acc = new Float64Array(numValues);
    const view: ClassHist = { codes: new Int32Array(largest), counts: new Float64Array(largest), start: 0, end: 0 };
    for (let c = 0; c < numClasses; c++) {
      const a = start[c]!,
        b = start[c + 1]!;
      if (a === b) continue;
      let len = 0;
      if (weight == null) {
        for (let x = a; x < b; x++) {
          const v = codes[byClass[x]!]!;
          if (acc[v] === 0) view.codes[len++] = v;
          acc[v]! += 1;
        }
      } else {
        for (let x = a; x < b; x++) {
          const r = byClass[x]!,
            v = codes[r]!;
          if (acc[v] === 0) view.codes[len++] = v;
          acc[v]! += weight[r]!;
        }
      }
      // Ascending codes: an insertion sort in place for the few values of a small class (a
      // subarray and its sort per class were most of a nearly unique table's report: 10M classes).
      const present = view.codes;
      if (len > 16) present.subarray(0, len).sort();
      else
        for (let x = 1; x < len; x++) {
          const v = present[x]!;
          let y = x - 1;
          for (; y >= 0 && present[y]! > v; y--) present[y + 1] = present[y]!;
          present[y + 1] = v;
        }
      for (let x = 0; x < len; x++) {
        const v = present[x]!;
        view.counts[x] = acc[v]!;
        acc[v] = 0;
      }
      view.end = len;
      fn(c, view);
    }
  } finally {
    budget?.release(bytes);
  }
}

export function sensitiveMeasures(input: SensitiveInput): SensitiveMeasures {
  const { numClasses: C, numValues: V } = input;
  const distance: Distance = input.distance ?? (input.ordered ? 'ordered' : 'equal');
  let global = input.global;
  if (global === undefined) {
    const total = new Float64Array(V);
    let n = 0;
    const w = input.weight ?? null;
    for (let r = 0; r < input.classOf.length; r++)
      if (input.classOf[r]! >= 0) {
        const x = w === null ? 1 : w[r]!;
        total[input.codes[r]!]! += x;
        n += x;
      }
    global = total.map((x) => (n === 0 ? 0 : x / n));
  }
  const g = global;
  let emd: (h: ClassHist) => number;
  if (distance === 'ordered') emd = prepareEmdOrdered(g);
  else if (distance === 'hierarchical') {
    if (input.genMap === undefined) throw new Error('hierarchical distance without a hierarchy');
    emd = prepareEmdHierarchical(input.genMap, g);
  } else emd = (h) => emdEqual(h, g);
  let dl = Infinity,
    el = Infinity,
    t = 0,
    any = false;
  const visit = (view: ClassHist): void => {
    any = true;
    dl = Math.min(dl, distinctL(view));
    el = Math.min(el, entropyL(view));
    t = Math.max(t, emd(view));
  };
  // A class of one entry is one value's point mass whatever its weight (each measure divides
  // the counts by their total: the same bits for a count of 1), so once per value suffices.
  const point: ClassHist = { codes: new Int32Array(1), counts: new Float64Array([1]), start: 0, end: 1 };
  forEachClassHist(input.classOf, input.codes, C, V, (_c, view) => visit(view), input.budget, input.weight, {
    single: (v) => {
      point.codes[0] = v;
      visit(point);
    },
  });
  return { column: input.column, distinctL: any ? dl : 0, entropyL: any ? el : 0, t, distance };
}
