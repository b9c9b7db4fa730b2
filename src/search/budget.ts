// The search budget (issue 13): a number of node checks by default, so the result is the same
// on every machine; a time limit only when the policy asks for one (the result then records
// that it depends on the machine). Defaults: measured so that tables up to ~12 QIs and 1M rows
// never need them touched (see bench/search.mjs and the closing note of issue 13).
import type { PrivacyConfig } from '../privacy/types.js';

export const DEFAULT_MAX_CHECKS = 2000;

export interface SearchLimits {
  maxChecks: number;
  /** Milliseconds, or null (no time limit: deterministic). */
  timeLimitMs: number | null;
}

export function searchLimits(privacy: PrivacyConfig): SearchLimits {
  const s = privacy.search;
  return {
    maxChecks: s?.maxChecks ?? DEFAULT_MAX_CHECKS,
    timeLimitMs: s?.timeLimitSeconds === undefined ? null : s.timeLimitSeconds * 1000,
  };
}

/** Thrown inside a strategy when the budget is spent (caught by the strategy itself). */
export class OutOfBudget extends Error {
  constructor(readonly by: 'checks' | 'time' | 'nodes') { super(`search budget spent (${by})`); }
}

/** Call before every check: throws OutOfBudget once the checks or the time are spent. */
export function budgetGuard(limits: SearchLimits, t0: number): (checks: number) => void {
  return (checks) => {
    if (checks >= limits.maxChecks) throw new OutOfBudget('checks');
    if (limits.timeLimitMs !== null && performance.now() - t0 >= limits.timeLimitMs) throw new OutOfBudget('time');
  };
}
