// The search entry point (issue 13): the exact search (exact.ts) for lattices small enough to
// list, the anytime branch and bound (anytime.ts) for any other size. Both honour the same
// budget (privacy.search, budget.ts), state whether the answer is proven optimal and its gap
// (result.ts), and throw PRIVACY_UNSATISFIABLE naming the budget when it ran out before any
// solution was found (that is not a proof that none exists).
import type { PrivacyConfig } from '../privacy/types.js';
import type { Budget } from '../resources.js';
import { anytimeSearch } from './anytime.js';
import { exactSearch } from './exact.js';
import { Lattice } from './lattice.js';
import { budgetSpent, type SearchResult } from './result.js';
import { EXACT_MAX_NODES } from './budget.js';
import type { EncodedTable } from './types.js';

export { sameLoss, searchQuality, type SearchQuality, type SearchResult, type TrajectoryPoint } from './result.js';
export { suppressionAt, violatingAt } from './suppress.js';

// EXACT_MAX_NODES lives in budget.ts so `kanon validate` (search/space.ts) does not load the
// strategies (issue 18: start-up).
export { EXACT_MAX_NODES } from './budget.js';

export interface SearchOptions {
  /** Memory budget for the class-table cache and the node tables (resources.ts). */
  budget?: Budget;
  /** Force a strategy (tests, bench); default: exact up to EXACT_MAX_NODES nodes. */
  strategy?: 'exact' | 'anytime';
}

export function search(table: EncodedTable, privacy: PrivacyConfig, opts: SearchOptions = {}): SearchResult {
  const size = new Lattice(table.quasi.map((q) => q.levels)).size;
  const strategy = opts.strategy ?? (size <= BigInt(EXACT_MAX_NODES) ? 'exact' : 'anytime');
  const r = strategy === 'exact' ? exactSearch(table, privacy, opts) : anytimeSearch(table, privacy, opts);
  if (!r.found && r.stoppedBy !== 'exhausted') throw budgetSpent(r.checks, r.stoppedBy);
  return r;
}
