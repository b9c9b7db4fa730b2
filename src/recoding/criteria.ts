// The one adapter between Mondrian and the privacy models of src/privacy: a part of the table
// (a run of rows, given by their sensitive codes) satisfies every model or not. The models are
// the ones the global search uses (compileCriteria), so each model has one implementation.
// When the Criterion interface changes (e.g. sparse per-class sensitive counts instead of a
// dense Float64Array), only this file has to follow.
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
  const hists = sensitive.map((i) => new Float64Array(table.sensitive[i]!.values.length));
  const plainOk = (size: number): boolean => size >= minSize && plain.every((c) => c.ok(size, undefined));
  return {
    minSize,
    sensitive,
    ok(a, b, s) {
      const size = b - a;
      if (!plainOk(size)) return false;
      if (withHist.length === 0) return true;
      for (let h = 0; h < hists.length; h++) { const hist = hists[h]!, col = s[h]!; for (let i = a; i < b; i++) hist[col[i]!]! += 1; }
      let ok = true;
      for (const { c, h } of withHist) if (!c.ok(size, hists[h])) { ok = false; break; }
      for (let h = 0; h < hists.length; h++) { const hist = hists[h]!, col = s[h]!; for (let i = a; i < b; i++) hist[col[i]!] = 0; }
      return ok;
    },
    accumulator() {
      const own = sensitive.map((i) => new Float64Array(table.sensitive[i]!.values.length));
      const acc: PartAccumulator = {
        size: 0,
        add(codes, times) { acc.size += times; for (let h = 0; h < own.length; h++) own[h]![codes[h]!]! += times; },
        ok: () => acc.size === 0 || (plainOk(acc.size) && withHist.every(({ c, h }) => c.ok(acc.size, own[h]))),
        count: (h, v) => own[h]![v]!,
        failingSensitive() {
          for (const { c, h } of withHist) if (!c.ok(acc.size, own[h])) return h;
          return -1;
        },
      };
      return acc;
    },
  };
}
