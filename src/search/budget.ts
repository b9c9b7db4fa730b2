// The search budget (issue 13): a number of node checks by default, so the result is the same
// on every machine; a time limit only when the policy asks for one (the result then records
// that it depends on the machine). Defaults: measured so that tables up to ~12 QIs and 1M rows
// never need them touched (see bench/search.mjs and the closing note of issue 13).
import type { PrivacyConfig } from '../privacy/types.js';

/** Lattices up to this many nodes are searched exactly (its arrays: ~22 bytes a node). */
export const EXACT_MAX_NODES = 100_000;

export const DEFAULT_MAX_CHECKS = 2000;
/** Past 100,000 records a check costs time in proportion to the records (its source table is
 *  at most that large): the default shrinks to keep about 2·10^8 record-reads of checking, and
 *  never below 200 checks. It depends on the input's size only, so it stays deterministic. At
 *  1M rows with 10 QIs the best loss after 200 checks was within 1 % of the best after 2,000
 *  (bench/search.mjs, issue 13), for a tenth of the time. */
export const MIN_DEFAULT_CHECKS = 200;
const CHECK_RECORD_READS = 2e8;

/** `rows`: the input's records (EncodedTable.records), not a frequency set's entries, so that the
 *  rows and their frequency set get the same budget and plan alike (issue 16); a frequency set
 *  is cheaper per check than that assumes, never dearer. */
export function defaultMaxChecks(rows: number): number {
  return Math.max(MIN_DEFAULT_CHECKS, Math.min(DEFAULT_MAX_CHECKS, Math.floor(CHECK_RECORD_READS / Math.max(1, rows))));
}

export interface SearchLimits {
  maxChecks: number;
  /** Milliseconds, or null (no time limit: deterministic). */
  timeLimitMs: number | null;
}

/** `exactNodes`: the lattice size when the exact strategy runs (at most EXACT_MAX_NODES): its
 *  default budget is the whole lattice, so a small lattice is always searched to a proven
 *  optimum (wave 1's guarantee; hierarchical t-closeness on Adult needs more than 2,000 checks). */
export function searchLimits(privacy: PrivacyConfig, rows: number, exactNodes?: number): SearchLimits {
  const s = privacy.search;
  return {
    maxChecks: s?.maxChecks ?? exactNodes ?? defaultMaxChecks(rows),
    timeLimitMs: s?.timeLimitSeconds === undefined ? null : s.timeLimitSeconds * 1000,
  };
}

/** Thrown inside a strategy when the budget is spent (caught by the strategy itself). */
export class OutOfBudget extends Error {
  constructor(readonly by: 'checks' | 'time' | 'nodes') {
    super(`search budget spent (${by})`);
  }
}

/** Call before every check: throws OutOfBudget once the checks or the time are spent. */
export function budgetGuard(limits: SearchLimits, t0: number): (checks: number) => void {
  return (checks) => {
    if (checks >= limits.maxChecks) throw new OutOfBudget('checks');
    if (limits.timeLimitMs !== null && performance.now() - t0 >= limits.timeLimitMs) throw new OutOfBudget('time');
  };
}
