// What a search strategy returns, and the quality statement every strategy fills in (issue
// 13): whether the answer is proven optimal, the smallest lower bound of what was left
// unexplored, the relative gap, the checks spent, and when the first and the best solution
// were found. Times are machine-dependent; everything else is deterministic under a check
// budget.
import { KanonError } from '../errors.js';
import type { PrivacyConfig } from '../privacy/types.js';
import type { SearchLimits } from './budget.js';
import { suppressionAt } from './suppress.js';
import type { EncodedTable } from './types.js';

export interface TrajectoryPoint {
  /** Checks done when this solution was found. */
  checks: number;
  loss: number;
  ms: number;
}

export interface SearchResult {
  found: boolean;
  /** Chosen level per QI, in table.quasi order. */
  levels: number[];
  /** Per row, 1 = suppressed. */
  suppressed: Uint8Array;
  suppressedCount: number;
  /** Best loss (NaN when nothing was found). */
  loss: number;
  /** Classes of released (non-suppressed) rows. */
  classCount: number;
  /** Lattice size as a double (inexact past 2^53; see latticeSize). */
  nodesTotal: number;
  /** Lattice size, exact, in decimal. */
  latticeSize: string;
  /** Node checks done (= checks). */
  nodesEvaluated: number;
  ms: number;
  strategy: 'exact' | 'anytime';
  /** Proven optimal: nothing left unexplored could beat it. */
  optimal: boolean;
  /** No unexplored node has a loss below this (= loss when optimal). */
  lowerBound: number;
  /** (loss − lowerBound) / loss; 0 when optimal or loss is 0. */
  gap: number;
  checks: number;
  /** Why the search stopped: it ran out of nodes (proof), checks, time, or node memory. */
  stoppedBy: 'exhausted' | 'checks' | 'time' | 'nodes';
  limits: SearchLimits;
  /** True when a time limit was set: the result may differ on another machine. */
  machineDependent: boolean;
  msToFirst: number | null;
  msToBest: number | null;
  checksToBest: number | null;
  /** Each improvement of the best loss, in order. */
  trajectory: TrajectoryPoint[];
  /** Released classes of the chosen node (groupClasses' numbering, suppressed rows −1), from
   *  the row grouping that found its suppressed rows. */
  classes?: { classOf: Int32Array; sizes: Int32Array };
  /** The checker's suppressed-row counts of the nodes it judged in full (Checker.judged). */
  judged?: ReadonlyMap<string, number>;
}

/** How a strategy ended: what both strategies hand to finishSearch. */
export interface SearchEnd
  extends Pick<SearchResult, 'strategy' | 'checks' | 'stoppedBy' | 'limits' | 'msToFirst' | 'msToBest' | 'checksToBest' | 'trajectory' | 'judged'> {
  lattice: { total: number; size: bigint };
  /** The best node found, or null. */
  best: { levels: ArrayLike<number>; loss: number } | null;
  /** The smallest bound of what was left unexplored (Infinity when nothing was left). */
  lowerBound: number;
  t0: number;
}

/** The SearchResult of either strategy: the best node's suppression, and the quality statement
 *  (a proven optimum has lower bound = loss, gap 0). */
export function finishSearch(table: EncodedTable, privacy: PrivacyConfig, end: SearchEnd): SearchResult {
  const optimal = end.stoppedBy === 'exhausted';
  const common = {
    nodesTotal: end.lattice.total,
    latticeSize: end.lattice.size.toString(),
    nodesEvaluated: end.checks,
    checks: end.checks,
    strategy: end.strategy,
    stoppedBy: end.stoppedBy,
    limits: end.limits,
    machineDependent: end.limits.timeLimitMs !== null,
    msToFirst: end.msToFirst,
    msToBest: end.msToBest,
    checksToBest: end.checksToBest,
    trajectory: end.trajectory,
    optimal,
  };
  const b = end.best;
  if (b === null) {
    return {
      found: false,
      levels: [],
      suppressed: new Uint8Array(table.rows),
      suppressedCount: 0,
      loss: NaN,
      classCount: 0,
      ms: performance.now() - end.t0,
      lowerBound: optimal ? Infinity : end.lowerBound,
      gap: NaN,
      ...common,
    };
  }
  const lower = optimal ? b.loss : Math.min(b.loss, end.lowerBound);
  const levels = Array.from(b.levels);
  const { suppressed, suppressedCount, classCount, classes } = suppressionAt(table, levels, privacy);
  return {
    found: true,
    levels,
    suppressed,
    suppressedCount,
    classes,
    ...(end.judged ? { judged: end.judged } : {}),
    loss: b.loss,
    classCount,
    ms: performance.now() - end.t0,
    lowerBound: lower,
    gap: relativeGap(b.loss, lower),
    ...common,
  };
}

/** Relative gap between a loss and a lower bound of the optimum. */
export function relativeGap(loss: number, lowerBound: number): number {
  if (!(loss > 0)) return 0;
  return Math.max(0, (loss - lowerBound) / loss);
}

/** The budget ran out before any solution was found: that is not a proof that none exists. */
export function budgetSpent(checks: number, by: SearchResult['stoppedBy']): KanonError {
  const what = by === 'time' ? 'time limit' : by === 'nodes' ? 'node memory' : 'check budget';
  return new KanonError(
    'PRIVACY_UNSATISFIABLE',
    `the search's ${what} ran out after ${checks} checks before any generalization satisfying the privacy models was found (this does not show that none exists: raise privacy.search.maxChecks, or loosen k/l/t or suppressionLimit)`,
    { path: '/privacy/search' },
  );
}

/** Equal within floating slack (metrics sum in different orders only in the entropy metric). */
export function sameLoss(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

/** The quality statement for the summary and the JSON report (issue 13), all deterministic
 *  under a check budget; the times only when asked (they differ from run to run). */
export interface SearchQuality {
  strategy: SearchResult['strategy'];
  optimal: boolean;
  loss: number | null;
  lowerBound: number | null;
  gap: number | null;
  checks: number;
  maxChecks: number;
  stoppedBy: SearchResult['stoppedBy'];
  latticeSize: string;
  machineDependent: boolean;
  msToFirst?: number | null;
  msToBest?: number | null;
}

export function searchQuality(r: SearchResult, opts: { times?: boolean } = {}): SearchQuality {
  const num = (x: number): number | null => (Number.isFinite(x) ? x : null);
  return {
    strategy: r.strategy,
    optimal: r.optimal,
    loss: num(r.loss),
    lowerBound: num(r.lowerBound),
    gap: num(r.gap),
    checks: r.checks,
    maxChecks: r.limits.maxChecks,
    stoppedBy: r.stoppedBy,
    latticeSize: r.latticeSize,
    machineDependent: r.machineDependent,
    ...(opts.times === true ? { msToFirst: r.msToFirst, msToBest: r.msToBest } : {}),
  };
}
