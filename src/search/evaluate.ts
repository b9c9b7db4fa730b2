// Checks every class of a node against the compiled privacy criteria. A class that fails any
// criterion is suppressed as a whole (ARX's semantics: suppression removes records of
// violating classes, the remaining classes must satisfy every model).
import type { Criterion } from '../privacy/model.js';
import type { Cells } from './cells.js';
import type { EncodedTable } from './types.js';

export interface Verdict {
  /** Per class, 1 = violates a criterion (suppressed). */
  violating: Uint8Array;
  suppressedRows: number;
}

/** sens: table sensitive indexes in the order of cells.s / cells.hist. */
export function judge(table: EncodedTable, cells: Cells, criteria: readonly Criterion[], sens: readonly number[]): Verdict {
  const G = cells.classCount, size = cells.classSize;
  const violating = new Uint8Array(G);
  let suppressedRows = 0;
  if (criteria.length === 0) return { violating, suppressedRows };
  const plain = criteria.filter((c) => c.sensitive < 0);
  const withHist = criteria.filter((c) => c.sensitive >= 0);
  if (plain.length === 1) {
    const ok = plain[0]!;
    for (let k = 0; k < G; k++) if (!ok.ok(size[k]!, undefined)) violating[k] = 1;
  } else {
    for (let k = 0; k < G; k++) for (const c of plain) if (!c.ok(size[k]!, undefined)) { violating[k] = 1; break; }
  }
  if (withHist.length > 0) {
    const hists = sens.map((i) => new Float64Array(table.sensitive[i]!.values.length));
    const pos = withHist.map((c) => sens.indexOf(c.sensitive));
    if (cells.hist !== null) {
      // hist kind: copy each class's counts out of the flat per-class arrays
      const flat = cells.hist;
      for (let k = 0; k < G; k++) {
        if (violating[k] === 1) continue;
        for (let h = 0; h < hists.length; h++) {
          const hist = hists[h]!, card = hist.length, base = k * card, f = flat[h]!;
          for (let v = 0; v < card; v++) hist[v] = f[base + v]!;
        }
        for (let c = 0; c < withHist.length; c++) if (!withHist[c]!.ok(size[k]!, hists[pos[c]!])) { violating[k] = 1; break; }
      }
    } else {
      // cells kind: cells grouped by class (counting sort), then one dense histogram per class
      const classOf = cells.classOf!;
      const start = new Int32Array(G + 1);
      for (let i = 0; i < cells.size; i++) start[classOf[i]! + 1]! += 1;
      for (let k = 0; k < G; k++) start[k + 1]! += start[k]!;
      const fill = start.slice(0, G);
      const byClass = new Int32Array(cells.size);
      for (let i = 0; i < cells.size; i++) byClass[fill[classOf[i]!]!++] = i;
      for (let k = 0; k < G; k++) {
        if (violating[k] === 1) continue;
        const a = start[k]!, b = start[k + 1]!;
        for (let h = 0; h < hists.length; h++) {
          const hist = hists[h]!, col = cells.s[h]!;
          for (let x = a; x < b; x++) { const cell = byClass[x]!; hist[col[cell]!]! += cells.count[cell]!; }
        }
        for (let c = 0; c < withHist.length; c++) if (!withHist[c]!.ok(size[k]!, hists[pos[c]!])) { violating[k] = 1; break; }
        for (let h = 0; h < hists.length; h++) {
          const hist = hists[h]!, col = cells.s[h]!;
          for (let x = a; x < b; x++) hist[col[byClass[x]!]!] = 0;
        }
      }
    }
  }
  for (let k = 0; k < G; k++) if (violating[k] === 1) suppressedRows += size[k]!;
  return { violating, suppressedRows };
}
