// Globally optimal full-domain generalization (issue 3). The lattice holds every vector of
// levels (one per QI). Nodes are visited best-first by a cheap lower bound of the metric
// (sorted by bound, then sum of levels, then lexicographic vector = the tie rule); the search
// stops once the next bound exceeds the best value found. That is exact for any metric whose
// bound never exceeds its value with suppression (see metrics/*), which is the bound-based
// pruning of Flash (Kohlmayer et al. 2012) and OLA (El Emam et al. 2009) without needing the
// metric itself to be monotone (ARX's Loss with suppression is not).
// Two more prunings: (1) a node with a direct specialization that satisfied every model
// without suppressing anything satisfies them too (monotonicity of k-anonymity, l-diversity
// and t-closeness without suppression; Machanavajjhala 2007, Li 2007) and, with zero
// suppression, every metric here is monotone, so it cannot beat that specialization: skipped.
// (2) Class tables are rolled up from a finer node's cells (Incognito, LeFevre et al. 2005).
import { KanonError } from '../errors.js';
import { compileCriteria } from '../privacy/registry.js';
import type { PrivacyConfig } from '../privacy/types.js';
import { cellsFromRows, classesOf, rollUp, upMapper, type Cells } from './cells.js';
import { judge } from './evaluate.js';
import { METRICS } from './metrics/registry.js';
import type { EncodedTable } from './types.js';

export interface SearchResult {
  found: boolean;
  /** Chosen level per QI, in table.quasi order. */
  levels: number[];
  /** Per row, 1 = suppressed. */
  suppressed: Uint8Array;
  suppressedCount: number;
  loss: number;
  /** Classes of released (non-suppressed) rows. */
  classCount: number;
  nodesTotal: number;
  nodesEvaluated: number;
  ms: number;
}

export const MAX_NODES = 2_000_000;
const CACHE_CELLS = 3_000_000;

/** Equal within floating slack (metrics sum in different orders only in the entropy metric). */
export function sameLoss(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

export function search(table: EncodedTable, privacy: PrivacyConfig): SearchResult {
  const t0 = performance.now();
  const m = table.quasi.length;
  const heights = table.quasi.map((q) => q.levels);
  const stride = new Array<number>(m).fill(1);
  for (let j = m - 2; j >= 0; j--) stride[j] = stride[j + 1]! * heights[j + 1]!;
  const total = m === 0 ? 1 : stride[0]! * heights[0]!;
  if (total > MAX_NODES) throw new KanonError('POLICY_INVALID', `the generalization lattice has ${total} nodes (limit ${MAX_NODES}); use fewer quasi-identifiers or shallower hierarchies`, { path: '/columns' });
  const decode = (idx: number, out: Int32Array): Int32Array => {
    for (let j = 0; j < m; j++) out[j] = Math.floor(idx / stride[j]!) % heights[j]!;
    return out;
  };
  const criteria = compileCriteria(table, privacy);
  const sens = [...new Set(criteria.map((c) => c.sensitive).filter((i) => i >= 0))].sort((a, b) => a - b);
  const maxSupp = Math.floor(privacy.suppressionLimit * table.rows + 1e-9);
  const metric = METRICS[privacy.metric].prepare(table, { k: privacy.k });

  const lb = new Float64Array(total);
  const sum = new Int32Array(total);
  const lv = new Int32Array(m);
  for (let i = 0; i < total; i++) {
    decode(i, lv);
    lb[i] = metric.lowerBound(lv);
    let s = 0;
    for (let j = 0; j < m; j++) s += lv[j]!;
    sum[i] = s;
  }
  const order = Array.from({ length: total }, (_, i) => i);
  order.sort((a, b) => lb[a]! - lb[b]! || sum[a]! - sum[b]! || a - b);

  const up = upMapper(table);
  const bottom = cellsFromRows(table, new Int32Array(m), sens).cells;
  const cache = new Map<number, Cells>();
  let cached = 0;
  const source = (idx: number, levels: Int32Array): Cells => {
    let best: Cells = bottom;
    for (let j = 0; j < m; j++) {
      if (levels[j] === 0) continue;
      const c = cache.get(idx - stride[j]!);
      if (c !== undefined && c.size < best.size) best = c;
    }
    return best;
  };
  const clean = new Uint8Array(total); // satisfied every model with nothing suppressed (or dominated by such a node)
  let bestIdx = -1;
  let bestLoss = Infinity;
  let evaluated = 0;
  for (const idx of order) {
    const bound = lb[idx]!;
    if (bestIdx >= 0 && bound > bestLoss && !sameLoss(bound, bestLoss)) break;
    if (bestIdx >= 0 && sameLoss(bound, bestLoss) && (sum[idx]! > sum[bestIdx]! || (sum[idx] === sum[bestIdx] && idx > bestIdx))) continue;
    const levels = decode(idx, new Int32Array(m));
    let dominated = false;
    for (let j = 0; j < m && !dominated; j++) if (levels[j]! > 0 && clean[idx - stride[j]!] === 1) dominated = true;
    if (dominated) { clean[idx] = 1; continue; }
    evaluated++;
    const cells = rollUp(source(idx, levels), levels, up);
    if (cached + cells.size <= CACHE_CELLS) { cache.set(idx, cells); cached += cells.size; }
    const classes = classesOf(cells);
    const v = judge(table, cells, classes, criteria, sens);
    if (v.suppressedRows > maxSupp) continue;
    if (v.suppressedRows === 0) clean[idx] = 1;
    const loss = metric.value({ levels, classCount: classes.count, size: classes.size, violating: v.violating, suppressedRows: v.suppressedRows, q: cells.q, repCell: classes.repCell });
    const better = bestIdx < 0 || (!sameLoss(loss, bestLoss) && loss < bestLoss) ||
      (sameLoss(loss, bestLoss) && (sum[idx]! < sum[bestIdx]! || (sum[idx] === sum[bestIdx] && idx < bestIdx)));
    if (better) { bestIdx = idx; bestLoss = loss; }
  }
  if (bestIdx < 0) {
    return { found: false, levels: [], suppressed: new Uint8Array(table.rows), suppressedCount: 0, loss: NaN, classCount: 0, nodesTotal: total, nodesEvaluated: evaluated, ms: performance.now() - t0 };
  }
  const levels = decode(bestIdx, new Int32Array(m));
  const { suppressed, suppressedCount, classCount } = suppressionAt(table, levels, privacy);
  return { found: true, levels: [...levels], suppressed, suppressedCount, loss: bestLoss, classCount, nodesTotal: total, nodesEvaluated: evaluated, ms: performance.now() - t0 };
}

/** Row-level suppression of one node (rows of classes violating a model). */
export function suppressionAt(table: EncodedTable, levels: ArrayLike<number>, privacy: PrivacyConfig): { suppressed: Uint8Array; suppressedCount: number; classCount: number } {
  const criteria = compileCriteria(table, privacy);
  const sens = [...new Set(criteria.map((c) => c.sensitive).filter((i) => i >= 0))].sort((a, b) => a - b);
  const { cells, cellOfRow } = cellsFromRows(table, Int32Array.from(levels), sens);
  const classes = classesOf(cells);
  const v = judge(table, cells, classes, criteria, sens);
  const suppressed = new Uint8Array(table.rows);
  for (let r = 0; r < table.rows; r++) suppressed[r] = v.violating[classes.classOfCell[cellOfRow[r]!]!]!;
  let classCount = 0;
  for (let k = 0; k < classes.count; k++) if (v.violating[k] === 0) classCount++;
  return { suppressed, suppressedCount: v.suppressedRows, classCount };
}
