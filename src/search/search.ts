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
// (3) Every model implies a minimum class size (k, l, or for t-closeness the least EMD a class
// of s rows can reach), a monotone necessary condition that tags and settles nodes from their
// class sizes alone, before any sensitive histogram is built.
import { KanonError } from '../errors.js';
import { compileCriteria } from '../privacy/registry.js';
import type { PrivacyConfig } from '../privacy/types.js';
import { cellsFromRows, iota, rollUpUnless, upMapper, weight, type Cells } from './cells.js';
import { judge } from './evaluate.js';
import { METRICS } from './metrics/registry.js';
import { Lattice } from './lattice.js';
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
/** Sources smaller than this are rolled up directly (an intermediate table would not pay). */
const MEET_MIN_CELLS = 4096;
/** A meet is built only if it may hold at most this share of its source's entries. */
const MEET_MAX_SHARE = 0.5;
/** A bottom with more classes than this share of its rows keeps one entry per row. */
const BOTTOM_UNCOMPACTED_ABOVE = 0.5;

/** Equal within floating slack (metrics sum in different orders only in the entropy metric). */
export function sameLoss(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

export function search(table: EncodedTable, privacy: PrivacyConfig): SearchResult {
  const t0 = performance.now();
  const m = table.quasi.length;
  const lat = new Lattice(table.quasi.map((q) => q.levels));
  const { stride, total } = lat;
  if (total > MAX_NODES) throw new KanonError('POLICY_INVALID', `the generalization lattice has ${total} nodes (limit ${MAX_NODES}); use fewer quasi-identifiers or shallower hierarchies`, { path: '/columns' });
  const decode = (idx: number, out: Int32Array): Int32Array => lat.decode(idx, out);
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
  const bottom: Cells = cellsFromRows(table, new Int32Array(m), sens, { uncompactedAbove: BOTTOM_UNCOMPACTED_ABOVE }).cells;
  const cache = new Map<number, Cells>();
  let cached = 0;
  // Roll up from the smallest cached node below (every level ≤); the bottom is always there.
  const source = (levels: Int32Array): Cells => {
    let best: Cells = bottom;
    for (const c of cache.values()) {
      if (c.size >= best.size) continue;
      let below = true;
      for (let j = 0; j < m && below; j++) if (c.levels[j]! > levels[j]!) below = false;
      if (below) best = c;
    }
    return best;
  };
  const keep = (idx: number, cells: Cells): void => {
    const w = weight(cells);
    if (!cache.has(idx) && cached + w <= CACHE_CELLS) { cache.set(idx, cells); cached += w; }
  };
  // A large source shared by consecutive evaluations is first rolled up to the meet
  // (level-wise minimum) of this node and the previous node rolled up from it, and that
  // intermediate table is cached: later nodes above the meet start from it instead of
  // re-reading the large source (Incognito's roll-up, applied to a source tree built on demand).
  const lastFrom = new Map<Cells, Int32Array>();
  const futile = new Map<Cells, Int32Array[]>();
  const boundAt = new Map<number, number>(); // evaluated node → size bound of its table from a large source
  const via = (src: Cells, levels: Int32Array): Cells => {
    const prev = lastFrom.get(src);
    lastFrom.set(src, levels);
    if (prev === undefined || src.size < MEET_MIN_CELLS) return src;
    const meet = new Int32Array(m);
    let same = true, top = true;
    for (let j = 0; j < m; j++) {
      meet[j] = Math.min(prev[j]!, levels[j]!);
      if (meet[j] !== src.levels[j]) same = false;
      if (meet[j] !== levels[j]) top = false;
    }
    const idx = lat.encode(meet);
    if (same || top || cache.has(idx)) return src;
    // Not worth it when the meet would not be much smaller than the source: abandoned as soon
    // as its size (bounded from its classes) could pass a share of the source's entries, or
    // when the previous node's bound from this source already does (the meet is finer, so no
    // smaller). A finer meet of the same source is no smaller either: not tried again.
    const given = futile.get(src);
    const max = MEET_MAX_SHARE * src.size;
    const giveUp = (): Cells => { if (given === undefined) futile.set(src, [meet]); else given.push(meet); return src; };
    if (given?.some((f) => meet.every((l, j) => l <= f[j]!)) === true) return src;
    if ((boundAt.get(lat.encode(prev)) ?? -1) > max) return giveUp();
    const mid = rollUpUnless(table, src, meet, up, { maxEntries: max });
    if (mid === null) return giveUp();
    keep(idx, mid);
    lastFrom.set(mid, levels);
    return mid;
  };
  const clean = new Uint8Array(total); // satisfied every model with nothing suppressed (or dominated by such a node)
  // Feasibility (suppressed ≤ cap) is monotone for k-anonymity and distinct l-diversity even
  // with suppression (a violating class is a union of violating finer classes), and for every
  // model when nothing may be suppressed; then nodes are tagged instead of evaluated.
  const monotone = maxSupp === 0 || privacy.lDiversity.every((l) => l.variant === 'distinct') && privacy.tCloseness.length === 0;
  // Otherwise nodes are tagged by a monotone necessary condition: classes smaller than minSize
  // fail every criterion's check whatever they hold (e.g. t-closeness: no class of fewer rows
  // can be within t of the global distribution), so if their rows exceed the cap the node and
  // every specialization are infeasible; such k-anonymity tags let OLA probes prune too.
  const minSize = criteria.reduce((a, c) => Math.max(a, c.minSize), 1);
  const probing = monotone || minSize > 1;
  const status = new Uint8Array(total); // 0 unknown, 1 infeasible, 2 feasible (monotone) or passes the necessary condition
  // The necessary condition is checked on the class sizes before any histogram or cell table
  // is built: a node failing it is settled (tagged infeasible with its specializations).
  const tooSmall = (size: Float64Array, count: number): boolean => {
    let small = 0;
    for (let k = 0; k < count; k++) if (size[k]! < minSize) small += size[k]!;
    return small > maxSupp;
  };
  let evaluated = 0;
  const evaluate = (idx: number) => {
    evaluated++;
    const levels = decode(idx, new Int32Array(m));
    const src = via(source(levels), levels);
    const cells = rollUpUnless(table, src, levels, up, { stop: (size, count, entryBound) => {
      // Meets are built from large sources only. The entry bound costs one more pass over the
      // source: skipped when the class count (a lower bound of it) already passes the share.
      if (src.size >= MEET_MIN_CELLS) boundAt.set(idx, count > MEET_MAX_SHARE * src.size ? count : entryBound());
      return probing && tooSmall(size, count);
    } });
    if (cells === null) { lat.tag(idx, status, 1); return { idx, levels, cells, v: null, feasible: false }; }
    keep(idx, cells);
    const v = judge(table, cells, criteria, sens);
    const feasible = v.suppressedRows <= maxSupp;
    if (monotone) lat.tag(idx, status, feasible ? 2 : 1);
    else if (probing) lat.tag(idx, status, tooSmall(cells.classSize, cells.classCount) ? 1 : 2);
    return { idx, levels, cells, v, feasible };
  };
  // OLA-style binary search (El Emam et al. 2009) on a chain from idx to the top: each probe
  // tags a whole down-set (infeasible) or up-set (feasible), so idx's status becomes known.
  const probe = (idx: number): ReturnType<typeof evaluate> | undefined => {
    const chain = lat.chainUp(idx);
    let lo = 0, hi = chain.length - 1;
    let atIdx: ReturnType<typeof evaluate> | undefined;
    while (lo <= hi && status[idx] === 0) {
      // Split at two thirds up, not the middle: higher nodes are cheaper to evaluate (smaller
      // tables, cached sources below) and an infeasible one tags a larger down-set. Measured on
      // Adult (k 2–50, four metrics): 20–30 % fewer evaluations than halving.
      const mid = lo + Math.floor(((hi - lo) * 2) / 3);
      const x = chain[mid]!;
      if (status[x] === 0) { const e = evaluate(x); if (x === idx) atIdx = e; }
      if (status[x] === 2) hi = mid - 1; else lo = mid + 1;
    }
    return atIdx;
  };
  let bestIdx = -1;
  let bestLoss = Infinity;
  for (const idx of order) {
    const bound = lb[idx]!;
    if (bestIdx >= 0 && bound > bestLoss && !sameLoss(bound, bestLoss)) break;
    if (bestIdx >= 0 && sameLoss(bound, bestLoss) && (sum[idx]! > sum[bestIdx]! || (sum[idx] === sum[bestIdx] && idx > bestIdx))) continue;
    const levels = decode(idx, new Int32Array(m));
    let dominated = false;
    for (let j = 0; j < m && !dominated; j++) if (levels[j]! > 0 && clean[idx - stride[j]!] === 1) dominated = true;
    if (dominated) { clean[idx] = 1; continue; }
    let e = probing ? probe(idx) : undefined;
    if (status[idx] === 1) continue;
    e ??= evaluate(idx);
    if (!e.feasible) continue;
    const v = e.v!, cells = e.cells!;
    if (v.suppressedRows === 0) clean[idx] = 1;
    const loss = metric.value({ levels, classCount: cells.classCount, size: cells.classSize, violating: v.violating, suppressedRows: v.suppressedRows, q: cells.q, repCell: cells.classRep ?? iota(cells.classCount) });
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
  const { cells, classOfRow } = cellsFromRows(table, Int32Array.from(levels), sens);
  const v = judge(table, cells, criteria, sens);
  const suppressed = new Uint8Array(table.rows);
  for (let r = 0; r < table.rows; r++) suppressed[r] = v.violating[classOfRow[r]!]!;
  let classCount = 0;
  for (let k = 0; k < cells.classCount; k++) if (v.violating[k] === 0) classCount++;
  return { suppressed, suppressedCount: v.suppressedRows, classCount };
}
