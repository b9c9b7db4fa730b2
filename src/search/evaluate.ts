// Checks every class of a node against the compiled privacy criteria. A class that fails any
// criterion is suppressed as a whole (ARX's semantics: suppression removes records of
// violating classes, the remaining classes must satisfy every model).
import type { ClassHist } from '../privacy/measures.js';
import type { Criterion } from '../privacy/model.js';
import type { Budget } from '../resources.js';
import type { Cells } from './cells.js';
import type { EncodedTable } from './types.js';

export interface Verdict {
  /** Per class, 1 = violates a criterion (suppressed). */
  violating: Uint8Array;
  suppressedRows: number;
}

/** sens: table sensitive indexes in the order of cells.s / cells.hist. `budget`: the working
 *  arrays (one count slot per value of each used column, the class index) are checked on it. */
export function judge(table: EncodedTable, cells: Cells, criteria: readonly Criterion[], sens: readonly number[], budget?: Budget): Verdict {
  const G = cells.classCount,
    size = cells.classSize;
  const violating = new Uint8Array(G);
  let suppressedRows = 0;
  if (criteria.length === 0) return { violating, suppressedRows };
  const plain = criteria.filter((c) => c.sensitive < 0);
  const withHist = criteria.filter((c) => c.sensitive >= 0);
  if (plain.length === 1) {
    const ok = plain[0]!;
    for (let k = 0; k < G; k++) if (!ok.ok(size[k]!, undefined)) violating[k] = 1;
  } else {
    for (let k = 0; k < G; k++)
      for (const c of plain)
        if (!c.ok(size[k]!, undefined)) {
          violating[k] = 1;
          break;
        }
  }
  if (withHist.length > 0) {
    // One sparse view per used sensitive column (codes present ascending + counts), refilled
    // class by class: the models read only what a class holds (issue 12).
    const views = sens.map((): ClassHist => ({ codes: new Int32Array(16), counts: new Float64Array(16), start: 0, end: 0 }));
    const pos = withHist.map((c) => sens.indexOf(c.sensitive));
    const check = (k: number): void => {
      for (let c = 0; c < withHist.length; c++)
        if (!withHist[c]!.ok(size[k]!, views[pos[c]!])) {
          violating[k] = 1;
          break;
        }
    };
    if (cells.hist !== null) {
      // hist kind (at most histFactor × source entries, see cells.ts): the class's slots
      // are scanned in code order, so the present codes come out ascending.
      const flat = cells.hist;
      for (let k = 0; k < G; k++) {
        if (violating[k] === 1) continue;
        for (let h = 0; h < views.length; h++) {
          const card = cells.sCard[h]!,
            base = k * card,
            f = flat[h]!,
            view = views[h]!;
          let len = 0;
          for (let v = 0; v < card; v++) if (f[base + v]! > 0) len++;
          ensure(view, len);
          let x = 0;
          for (let v = 0; v < card; v++) {
            const c = f[base + v]!;
            if (c > 0) {
              view.codes[x] = v;
              view.counts[x++] = c;
            }
          }
          view.start = 0;
          view.end = len;
        }
        check(k);
      }
    } else {
      // cells kind: cells grouped by class (counting sort); per class and column the codes
      // present are gathered once (acc[code] sums repeated cells), sorted, and acc reset.
      if (budget !== undefined) {
        let bytes = 4 * (G + 1) + 8 * cells.size;
        for (const i of sens) bytes += 8 * table.sensitive[i]!.values.length;
        budget.reserve('search: per-class sensitive value views', bytes, 'use fewer sensitive columns');
        budget.release(bytes);
      }
      const classOf = cells.classOf!;
      const start = new Int32Array(G + 1);
      for (let i = 0; i < cells.size; i++) start[classOf[i]! + 1]! += 1;
      for (let k = 0; k < G; k++) start[k + 1]! += start[k]!;
      const fill = start.slice(0, G);
      const byClass = new Int32Array(cells.size);
      for (let i = 0; i < cells.size; i++) byClass[fill[classOf[i]!]!++] = i;
      const acc = sens.map((i) => new Float64Array(table.sensitive[i]!.values.length));
      for (let k = 0; k < G; k++) {
        if (violating[k] === 1) continue;
        const a = start[k]!,
          b = start[k + 1]!;
        for (let h = 0; h < views.length; h++) {
          const col = cells.s[h]!,
            ac = acc[h]!,
            view = views[h]!;
          ensure(view, b - a);
          let len = 0;
          for (let x = a; x < b; x++) {
            const cell = byClass[x]!,
              v = col[cell]!;
            if (ac[v] === 0) view.codes[len++] = v;
            ac[v]! += cells.count[cell]!;
          }
          const codes = view.codes.subarray(0, len).sort();
          for (let x = 0; x < len; x++) {
            const v = codes[x]!;
            view.counts[x] = ac[v]!;
            ac[v] = 0;
          }
          view.start = 0;
          view.end = len;
        }
        check(k);
      }
    }
  }
  for (let k = 0; k < G; k++) if (violating[k] === 1) suppressedRows += size[k]!;
  return { violating, suppressedRows };
}

/** Room for len entries in a reused view (grown geometrically). */
function ensure(view: ClassHist, len: number): void {
  if (view.codes.length >= len) return;
  const cap = Math.max(len, view.codes.length * 2);
  view.codes = new Int32Array(cap);
  view.counts = new Float64Array(cap);
}
