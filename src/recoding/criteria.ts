// The one adapter between Mondrian and the privacy models of src/privacy: a part of the table
// (a run of rows, given by their sensitive codes) satisfies every model or not. The models are
// the ones the global search uses (compileCriteria), so each model has one implementation.
// The models read a class's sensitive values sparsely (ClassHist: codes present, ascending,
// with counts; issue 12): a part's view is built from its own rows — counted in a per-column
// scratch vector, the present codes listed as met, sorted, and only those slots reset — so a
// check costs O(size + d log d) for d distinct values in the part, never the column's
// cardinality. When the Criterion interface changes, only this file has to follow.
import type { ClassHist } from '../privacy/measures.js';
import { compileCriteria } from '../privacy/registry.js';
import type { PrivacyConfig } from '../privacy/types.js';
import type { EncodedTable } from '../search/types.js';

export interface PartTest {
  /** A part with fewer rows fails whatever it holds (the largest minSize of the models). */
  readonly minSize: number;
  /** Table sensitive indexes the models read, in the order of the `s` arrays passed to ok/acc. */
  readonly sensitive: readonly number[];
  /** Rows a..b−1 of a segment whose sensitive codes (per entry of `sensitive`) are s[h][i]. */
  ok(a: number, b: number, s: readonly Int32Array[]): boolean;
  /** An incremental part (add/remove rows by their sensitive codes), for the suppression step. */
  accumulator(): PartAccumulator;
}

export interface PartAccumulator {
  size: number;
  add(codes: readonly number[], times: number): void;
  ok(): boolean;
  /** Count of sensitive value v of sensitive entry h in the part. */
  count(h: number, v: number): number;
  /** Index (into `sensitive`) of the first model that fails with a sensitive column, or −1. */
  failingSensitive(): number;
}

export function partitionTest(table: EncodedTable, privacy: PrivacyConfig): PartTest {
  const criteria = compileCriteria(table, privacy);
  const sensitive = [...new Set(criteria.map((c) => c.sensitive).filter((i) => i >= 0))].sort((a, b) => a - b);
  const minSize = criteria.reduce((a, c) => Math.max(a, c.minSize), 1);
  const plain = criteria.filter((c) => c.sensitive < 0);
  const withHist = criteria.filter((c) => c.sensitive >= 0).map((c) => ({ c, h: sensitive.indexOf(c.sensitive) }));
  // Per sensitive entry: dense scratch counts (O(values) once, zero between checks) and the
  // sparse view handed to the models (buffers grow to the most distinct values a part held).
  const scratch = sensitive.map((i) => new Float64Array(table.sensitive[i]!.values.length));
  const views: ClassHist[] = sensitive.map(() => ({ codes: new Int32Array(16), counts: new Float64Array(16), start: 0, end: 0 }));
  const present: number[] = [];
  const plainOk = (size: number): boolean => size >= minSize && plain.every((c) => c.ok(size, undefined));
  /** Fills views[h] from rows a..b−1 of col (sorted present codes with their counts). */
  const fill = (h: number, col: Int32Array, a: number, b: number): void => {
    const cnt = scratch[h]!;
    present.length = 0;
    for (let i = a; i < b; i++) {
      const v = col[i]!;
      if (cnt[v]!++ === 0) present.push(v);
    }
    present.sort((x, y) => x - y);
    const view = views[h]!;
    if (view.codes.length < present.length) {
      view.codes = new Int32Array(present.length);
      view.counts = new Float64Array(present.length);
    }
    for (let x = 0; x < present.length; x++) {
      const v = present[x]!;
      view.codes[x] = v;
      view.counts[x] = cnt[v]!;
      cnt[v] = 0;
    }
    view.start = 0;
    view.end = present.length;
  };
  return {
    minSize,
    sensitive,
    ok(a, b, s) {
      const size = b - a;
      if (!plainOk(size)) return false;
      if (withHist.length === 0) return true;
      for (let h = 0; h < views.length; h++) fill(h, s[h]!, a, b);
      for (const { c, h } of withHist) if (!c.ok(size, views[h])) return false;
      return true;
    },
    accumulator() {
      // The whole table, shrinking by removed groups (suppress.ts): dense counts, the sparse
      // view rebuilt per check by one scan of the column's values (a handful of checks of the
      // whole table, not one per partition).
      const own = sensitive.map((i) => new Float64Array(table.sensitive[i]!.values.length));
      const view = (h: number): ClassHist => {
        const d = own[h]!;
        let n = 0;
        for (let v = 0; v < d.length; v++) if (d[v]! > 0) n++;
        const codes = new Int32Array(n),
          counts = new Float64Array(n);
        for (let v = 0, x = 0; v < d.length; v++)
          if (d[v]! > 0) {
            codes[x] = v;
            counts[x++] = d[v]!;
          }
        return { codes, counts, start: 0, end: n };
      };
      const failing = (): number => {
        for (const { c, h } of withHist) if (!c.ok(acc.size, view(h))) return h;
        return -1;
      };
      const acc: PartAccumulator = {
        size: 0,
        add(codes, times) {
          acc.size += times;
          for (let h = 0; h < own.length; h++) own[h]![codes[h]!]! += times;
        },
        ok: () => acc.size === 0 || (plainOk(acc.size) && failing() < 0),
        count: (h, v) => own[h]![v]!,
        failingSensitive: failing,
      };
      return acc;
    },
  };
}
