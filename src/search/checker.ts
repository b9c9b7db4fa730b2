// One node check shared by the search strategies (exact and anytime): the class table of a
// level vector rolled up from the smallest cached finer table (Incognito, LeFevre et al.
// 2005), judged against every privacy model, its suppression and its loss. The roll-up cache
// and its memory discipline live here: at most CACHE_CELLS entries are kept (reserved against
// the run's memory budget), and intermediate tables nothing caches are let go (issue 11 item
// 10: the bookkeeping maps are weak, so a table dropped from the cache is not kept alive by
// them; on 10 QIs × 100k rows that took peak RSS from ~785 to ~310 MiB).
import { compileCriteria } from '../privacy/registry.js';
import type { Criterion } from '../privacy/model.js';
import { sparseOf } from '../privacy/measures.js';
import type { PrivacyConfig } from '../privacy/types.js';
import type { Budget } from '../resources.js';
import {
  cellsFromRows,
  entriesSource,
  iota,
  rollUpUnless,
  sampledDistinctShare,
  sampledTupleBound,
  upMapper,
  weight,
  type Cells,
  type RollSource,
} from './cells.js';
import { judge, type Verdict } from './evaluate.js';
import type { NodeKey, Lattice } from './lattice.js';
import { METRICS } from './metrics/registry.js';
import type { PreparedMetric } from './metrics/types.js';
import type { EncodedTable } from './types.js';

const CACHE_CELLS = 3_000_000;
/** Sources smaller than this are rolled up directly (an intermediate table would not pay). */
const MEET_MIN_CELLS = 4096;
/** A meet is built only if it may hold at most this share of its source's entries. */
export const MEET_MAX_SHARE = 0.5;
/** A bottom with more classes than this share of its rows keeps one entry per row. */
const BOTTOM_UNCOMPACTED_ABOVE = 0.5;
/** Tables of at least this many entries whose sampled level-0 tuples are more than this share
 *  distinct are rolled up from the entries themselves: grouping them (a hash of every row, the
 *  largest single step of a 10M-row search) would give back a table about as large. */
const RAW_BOTTOM_MIN_ENTRIES = 1 << 17;
const RAW_BOTTOM_SAMPLE_SHARE = 0.9;
/** Bytes per table entry as reserved against the budget (codes, count, class maps). */
const bytesPerEntry = (m: number, s: number): number => 4 * (m + s + 2) + 8;

export interface NodeCheck {
  levels: Int32Array;
  /** Suppressed rows within the cap (and, in star mode, the starred class passes every model). */
  feasible: boolean;
  /** Classes smaller than the models' least size hold more rows than the cap: this node and
   *  every specialization are infeasible whatever their contents (a monotone necessary
   *  condition; no histogram was built when `cells` is null). */
  small: boolean;
  suppressedRows: number;
  /** Metric value (NaN when infeasible). */
  loss: number;
  classCount: number;
}

export interface Checker {
  readonly maxSupp: number;
  /** Feasibility is monotone: infeasible nodes' specializations are infeasible too. */
  readonly monotone: boolean;
  /** A least class size > 1 exists (the `small` flag can be set). */
  readonly probing: boolean;
  readonly metric: PreparedMetric;
  /** Checks so far. */
  readonly checks: number;
  /** Suppressed rows of every node judged in full so far, and under k-anonymity alone of
   *  every node stopped for its small classes too (key: levels joined by ","): the
   *  report's explanations read their neighbours' counts here instead of rolling them up again. */
  readonly judged: ReadonlyMap<string, number>;
  check(levels: Int32Array, key: NodeKey): NodeCheck;
  /** Give back what the cache reserved. */
  release(): void;
}

export function sensitiveIndexes(criteria: readonly Criterion[]): number[] {
  return [...new Set(criteria.map((c) => c.sensitive).filter((i) => i >= 0))].sort((a, b) => a - b);
}

export interface CheckerOptions {
  /** The finest source: the entries grouped at level 0, the entries as they are, or (default)
   *  the entries as they are for a large table that samples nearly unique (tests force each). */
  bottom?: 'grouped' | 'entries';
}

export function createChecker(table: EncodedTable, privacy: PrivacyConfig, lat: Lattice, budget?: Budget, opts: CheckerOptions = {}): Checker {
  const m = table.quasi.length;
  const criteria = compileCriteria(table, privacy);
  const sens = sensitiveIndexes(criteria);
  const maxSupp = Math.floor(privacy.suppressionLimit * table.records + 1e-9);
  const metric = METRICS[privacy.metric].prepare(table, { k: privacy.k });
  const star = privacy.suppressedOutput === 'star' && maxSupp > 0;
  const perEntry = bytesPerEntry(m, sens.length);
  let reserved = 0;
  const reserve = (what: string, bytes: number, required: boolean): boolean => {
    if (budget === undefined) return true;
    if (!required && !budget.fits(bytes)) return false;
    budget.reserve(what, bytes, 'use fewer quasi-identifiers or coarser hierarchies');
    reserved += bytes;
    return true;
  };

  const up = upMapper(table);
  reserve("the search's finest class table", table.rows * perEntry, true);
  const bottom: RollSource =
    (opts.bottom ?? (table.rows >= RAW_BOTTOM_MIN_ENTRIES && sampledDistinctShare(table) > RAW_BOTTOM_SAMPLE_SHARE ? 'entries' : 'grouped')) === 'entries'
      ? entriesSource(table, sens)
      : cellsFromRows(table, new Int32Array(m), sens, { uncompactedAbove: BOTTOM_UNCOMPACTED_ABOVE }).cells;
  const cache = new Map<NodeKey, Cells>();
  let cached = 0;
  // Roll up from the smallest cached node below (every level ≤); the bottom is always there.
  const source = (levels: Int32Array): RollSource => {
    let best: RollSource = bottom;
    for (const c of cache.values()) {
      if (c.size >= best.size) continue;
      let below = true;
      for (let j = 0; j < m && below; j++) if (c.levels[j]! > levels[j]!) below = false;
      if (below) best = c;
    }
    return best;
  };
  const keep = (key: NodeKey, cells: Cells): boolean => {
    if (cache.has(key)) return true;
    const w = weight(cells);
    if (cached + w > CACHE_CELLS || !reserve("the search's class-table cache", w * perEntry, false)) return false;
    cache.set(key, cells);
    cached += w;
    return true;
  };
  // A large source shared by consecutive evaluations is first rolled up to the meet
  // (level-wise minimum) of this node and the previous node rolled up from it, and that
  // intermediate table is cached: later nodes above the meet start from it instead of
  // re-reading the large source (Incognito's roll-up, applied to a source tree built on demand).
  // Keyed weakly by table: an intermediate that did not fit in the cache dies with its use.
  const lastFrom = new WeakMap<RollSource, Int32Array>();
  const futile = new WeakMap<RollSource, Int32Array[]>();
  const boundAt = new Map<NodeKey, number>(); // evaluated node → size bound of its table from a large source
  const via = (src: RollSource, levels: Int32Array, prevKey: (l: Int32Array) => NodeKey): RollSource => {
    const prev = lastFrom.get(src);
    lastFrom.set(src, levels);
    if (prev === undefined || src.size < MEET_MIN_CELLS) return src;
    const meet = new Int32Array(m);
    let same = true,
      top = true;
    for (let j = 0; j < m; j++) {
      meet[j] = Math.min(prev[j]!, levels[j]!);
      if (meet[j] !== src.levels[j]) same = false;
      if (meet[j] !== levels[j]) top = false;
    }
    const key = lat.key(meet);
    if (same || top || cache.has(key)) return src;
    // Not worth it when the meet would not be much smaller than the source: abandoned as soon
    // as its size (bounded from its classes) could pass a share of the source's entries, or
    // when the previous node's bound from this source already does (the meet is finer, so no
    // smaller). A finer meet of the same source is no smaller either: not tried again.
    const given = futile.get(src);
    const max = MEET_MAX_SHARE * src.size;
    const giveUp = (): RollSource => {
      if (given === undefined) futile.set(src, [meet]);
      else given.push(meet);
      return src;
    };
    if (given?.some((f) => meet.every((l, j) => l <= f[j]!)) === true) return src;
    if ((boundAt.get(prevKey(prev)) ?? -1) > max) return giveUp();
    // A sample says the meet would not shrink the source enough: the full roll-up (a pass as
    // long as the node's own) is not tried. 1M rows, six QIs: four of seven meets were built
    // in full only to be abandoned, ~0.3 s of a 1.05 s search.
    if (sampledTupleBound(table, src, meet, up) > max) return giveUp();
    const mid = rollUpUnless(table, src, meet, up, { maxEntries: max });
    if (mid === null) return giveUp();
    if (keep(key, mid)) lastFrom.set(mid, levels);
    return mid;
  };
  // Feasibility (suppressed ≤ cap) is monotone for k-anonymity and distinct l-diversity even
  // with suppression (a violating class is a union of violating finer classes), and for every
  // model when nothing may be suppressed. Not in star mode: there the suppressed rows form one
  // more class that must pass the models too, and a coarser node may suppress too few for it.
  const monotone = maxSupp === 0 || (!star && privacy.lDiversity.every((l) => l.variant === 'distinct') && privacy.tCloseness.length === 0);
  // Classes smaller than minSize fail every criterion's check whatever they hold (e.g.
  // t-closeness: no class of fewer rows can be within t of the global distribution), so if
  // their rows exceed the cap the node and every specialization are infeasible.
  const minSize = criteria.reduce((a, c) => Math.max(a, c.minSize), 1);
  const probing = monotone || minSize > 1;
  const smallRows = (size: Float64Array, count: number): number => {
    let small = 0;
    for (let k = 0; k < count; k++) if (size[k]! < minSize) small += size[k]!;
    return small;
  };
  const tooSmall = (size: Float64Array, count: number): boolean => smallRows(size, count) > maxSupp;
  // k-anonymity alone: a class violates exactly when it is smaller than k, so the rows of the
  // small classes are the node's suppressed rows (judge's count) even when the check stops there.
  const kOnly = criteria.length > 0 && criteria.every((c) => c.sensitive < 0);
  const starOk = (cells: Cells, v: Verdict): boolean => starClassOk(table, cells, v, criteria, sens);
  let checks = 0;
  const judged = new Map<string, number>();
  return {
    maxSupp,
    monotone,
    probing,
    metric,
    get checks() {
      return checks;
    },
    judged,
    release() {
      budget?.release(reserved);
      reserved = 0;
      cache.clear();
    },
    check(levels, key) {
      checks++;
      budget?.checkHeap('the search', 'use fewer quasi-identifiers or coarser hierarchies');
      const src = via(source(levels), levels, (l) => lat.key(l));
      const cells = rollUpUnless(table, src, levels, up, {
        stop: (size, count, entryBound) => {
          // Meets are built from large sources only. The entry bound costs one more pass over the
          // source: skipped when the class count (a lower bound of it) already passes the share.
          if (src.size >= MEET_MIN_CELLS) boundAt.set(key, count > MEET_MAX_SHARE * src.size ? count : entryBound());
          if (!probing) return false;
          const small = smallRows(size, count);
          if (small <= maxSupp) return false;
          if (kOnly) judged.set(levels.join(','), small);
          return true;
        },
      });
      if (cells === null) return { levels, feasible: false, small: true, suppressedRows: NaN, loss: NaN, classCount: 0 };
      keep(key, cells);
      const v = judge(table, cells, criteria, sens);
      judged.set(levels.join(','), v.suppressedRows);
      const feasible = v.suppressedRows <= maxSupp && (!star || v.suppressedRows === 0 || starOk(cells, v));
      const small = probing && tooSmall(cells.classSize, cells.classCount);
      const loss = feasible
        ? metric.value({
            levels,
            classCount: cells.classCount,
            size: cells.classSize,
            violating: v.violating,
            suppressedRows: v.suppressedRows,
            q: cells.q,
            repCell: cells.classRep ?? iota(cells.classCount),
          })
        : NaN;
      return { levels, feasible, small, suppressedRows: v.suppressedRows, loss, classCount: cells.classCount };
    },
  };
}

/** suppressedOutput "star" writes the suppressed rows as one class with every QI "*" (issue
 *  11 item 3): that class — its size and its summed sensitive counts — must pass every model. */
export function starClassOk(table: EncodedTable, cells: Cells, v: Verdict, criteria: readonly Criterion[], sens: readonly number[]): boolean {
  const hists = sens.map((i) => new Float64Array(table.sensitive[i]!.values.length));
  if (cells.hist !== null) {
    for (let k = 0; k < cells.classCount; k++) {
      if (v.violating[k] !== 1) continue;
      for (let h = 0; h < hists.length; h++) {
        const out = hists[h]!,
          card = out.length,
          f = cells.hist[h]!,
          base = k * card;
        for (let x = 0; x < card; x++) out[x]! += f[base + x]!;
      }
    }
  } else {
    const classOf = cells.classOf!;
    for (let i = 0; i < cells.size; i++) {
      if (v.violating[classOf[i]!] !== 1) continue;
      for (let h = 0; h < hists.length; h++) hists[h]![cells.s[h]![i]!]! += cells.count[i]!;
    }
  }
  // One class: a dense count per value is small here; the models read the sparse view.
  const views = hists.map(sparseOf);
  return criteria.every((c) => c.ok(v.suppressedRows, c.sensitive < 0 ? undefined : views[sens.indexOf(c.sensitive)]));
}
