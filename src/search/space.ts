// What `kanon validate` can say about the search before any data is read (issue 13: validate
// predicts run): the lattice size (exact, any width), the strategy run will use, whether the
// budget covers every node (then the answer is proven optimal whatever the data), and which
// quasi-identifiers contribute most levels (the ones to cut or coarsen for a smaller lattice).
import type { SearchBudgetConfig } from '../privacy/types.js';
import { DEFAULT_MAX_CHECKS, EXACT_MAX_NODES, defaultMaxChecks } from './budget.js';
import { Lattice } from './lattice.js';

export interface SearchSpace {
  /** Nodes in the generalization lattice (product of the levels), exact, in decimal. */
  latticeSize: string;
  strategy: 'exact' | 'anytime';
  maxChecks: number;
  /** Seconds, or null (no time limit: the result is the same on every machine). */
  timeLimitSeconds: number | null;
  /** The check budget covers every node: run's answer will be proven optimal. Otherwise it
   *  depends on the data (run reports optimal, lower bound and gap). */
  exactGuaranteed: boolean;
  /** Quasi-identifiers by number of levels, most first (ties in the given order). */
  contributors: { name: string; levels: number }[];
}

/** `rows`: the input's record count when known (the default check budget shrinks past 100,000). */
export function describeSearchSpace(quasi: readonly { name: string; levels: number }[], search: SearchBudgetConfig = {}, rows?: number): SearchSpace {
  const size = new Lattice(quasi.map((q) => q.levels)).size;
  const exact = size <= BigInt(EXACT_MAX_NODES);
  const maxChecks = search.maxChecks ?? (exact ? Number(size) : rows === undefined ? DEFAULT_MAX_CHECKS : defaultMaxChecks(rows));
  const contributors = quasi
    .map((q, i) => ({ name: q.name, levels: q.levels, i }))
    .sort((a, b) => b.levels - a.levels || a.i - b.i)
    .map(({ name, levels }) => ({ name, levels }));
  return {
    latticeSize: size.toString(),
    strategy: exact ? 'exact' : 'anytime',
    maxChecks,
    timeLimitSeconds: search.timeLimitSeconds ?? null,
    exactGuaranteed: size <= BigInt(maxChecks),
    contributors,
  };
}
