// Anytime best-first branch and bound over a lattice of any size (issue 13). Nodes are level
// vectors named by Lattice#key; only nodes the search touched are held (a priority queue of
// open nodes, the set of nodes seen, the checked ones), never anything sized by the lattice.
//
// The queue is ordered by the metric's lower bound (metrics/*: a bound of the node's loss
// with any suppression that never decreases upwards), then by the tie rule (sum of levels,
// lexicographic vector). A popped node is checked, and its direct generalizations are queued
// unless nothing above it can win: a node that needs no suppression bounds its generalizations
// (monotone loss without suppression, more levels lose ties), and a node whose bound reaches
// the best loss prunes its whole up-set. When the queue's smallest bound passes the best loss
// the best is proven optimal; otherwise the budget stops it and the smallest bound left in the
// queue is a proven lower bound of the optimum (the gap is stated, not guessed).
//
// A first solution comes fast from the idea of Lightning (Prasser, Bild, Eicher, Spengler &
// Kuhn, "Lightning: Utility-Driven Anonymization of High-Dimensional Data", TDP 2016; ARX's
// LIGHTNINGAlgorithm): seeds (the top node, ARX's "triangle" vectors — the first i QIs at their
// maximum, the rest at 0) and, every `stepping` checks, a greedy dive from the node just
// popped towards the top. Lightning's dive checks every successor on the way; here the dive's
// chain follows the successor of least lower bound (no check needed) and is then searched
// binary for its lowest feasible node (OLA, El Emam et al. 2009), a few checks per dive.
// Infeasible checked nodes tag their down-set when feasibility is monotone (k-anonymity,
// distinct l-diversity) or when their classes are too small for any model (every model):
// queued nodes below them are expanded without a check, straight past the tagged box. Tags
// are kept as antichains.
import type { PrivacyConfig } from '../privacy/types.js';
import type { Budget } from '../resources.js';
import { budgetGuard, OutOfBudget, searchLimits } from './budget.js';
import { createChecker } from './checker.js';
import { below, Lattice, type NodeKey } from './lattice.js';
import { finishSearch, sameLoss, type SearchResult, type TrajectoryPoint } from './result.js';
import type { EncodedTable } from './types.js';

/** Nodes held in the queue and the seen set at most (about 100 bytes each). */
export const MAX_TOUCHED = 2_000_000;

interface Open {
  lb: number;
  sum: number;
  key: NodeKey;
}

const cmpKey = (a: NodeKey, b: NodeKey): number => (typeof a === 'number' ? a - (b as number) : a < b ? -1 : a > b ? 1 : 0);
const cmpOpen = (a: Open, b: Open): number => a.lb - b.lb || a.sum - b.sum || cmpKey(a.key, b.key);

/** A binary min-heap of open nodes. */
class Queue {
  private a: Open[] = [];
  get size(): number {
    return this.a.length;
  }
  peek(): Open | undefined {
    return this.a[0];
  }
  push(x: Open): void {
    const a = this.a;
    let i = a.length;
    a.push(x);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (cmpOpen(a[p]!, x) <= 0) break;
      a[i] = a[p]!;
      i = p;
    }
    a[i] = x;
  }
  pop(): Open | undefined {
    const a = this.a;
    const top = a[0];
    const last = a.pop();
    if (a.length === 0 || last === undefined) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1,
        r = l + 1;
      let s = i,
        sv = last;
      if (l < a.length && cmpOpen(a[l]!, sv) < 0) {
        s = l;
        sv = a[l]!;
      }
      if (r < a.length && cmpOpen(a[r]!, sv) < 0) {
        s = r;
        sv = a[r]!;
      }
      if (s === i) break;
      a[i] = a[s]!;
      i = s;
    }
    a[i] = last;
    return top;
  }
}

/** Maximal (or minimal) elements of a set of level vectors: covers(x) is true when some
 *  element is ≥ x (or ≤ x). */
class Antichain {
  readonly items: Int32Array[] = [];
  constructor(private readonly up: boolean) {}
  covers(x: Int32Array): Int32Array | null {
    for (const y of this.items) if (this.up ? below(x, y) : below(y, x)) return y;
    return null;
  }
  add(x: Int32Array): void {
    if (this.covers(x) !== null) return;
    const keep = this.items.filter((y) => !(this.up ? below(y, x) : below(x, y)));
    keep.push(x);
    this.items.length = 0;
    this.items.push(...keep);
  }
}

export interface AnytimeOptions {
  budget?: Budget;
  /** Nodes held at most (tests lower it). */
  maxTouched?: number;
}

export function anytimeSearch(table: EncodedTable, privacy: PrivacyConfig, opts: AnytimeOptions = {}): SearchResult {
  const t0 = performance.now();
  const m = table.quasi.length;
  const heights = table.quasi.map((q) => q.levels);
  const lat = new Lattice(heights);
  const limits = searchLimits(privacy, table.records);
  const guard = budgetGuard(limits, t0);
  const chk = createChecker(table, privacy, lat, opts.budget);
  const { metric } = chk;
  const maxTouched = opts.maxTouched ?? MAX_TOUCHED;
  const sumOf = (lv: Int32Array): number => {
    let s = 0;
    for (let j = 0; j < m; j++) s += lv[j]!;
    return s;
  };

  const checked = new Map<NodeKey, { feasible: boolean; clean: boolean }>();
  const infeasible = new Antichain(true); // maximal nodes known infeasible with their down-set
  const clean = new Antichain(false); // minimal nodes feasible with nothing suppressed
  // minimal nodes known feasible (monotone) or passing the necessary condition, with their up-set
  const passing = new Antichain(false);
  let best = null as { levels: Int32Array; key: NodeKey; sum: number; loss: number } | null;
  let msToFirst: number | null = null,
    msToBest: number | null = null,
    checksToBest: number | null = null;
  const trajectory: TrajectoryPoint[] = [];

  /** x cannot beat the best: ties on the bound lose on (sum, vector), and so does its up-set. */
  const tieLoses = (sum: number, key: NodeKey): boolean => best !== null && (sum > best.sum || (sum === best.sum && cmpKey(key, best.key) > 0));
  /** x is above a node that needed no suppression (and is not that node): it and its up-set lose. */
  const aboveClean = (lv: Int32Array, key: NodeKey): boolean => {
    const c = clean.covers(lv);
    return c !== null && lat.key(c) !== key;
  };

  const checkNode = (lv: Int32Array, key: NodeKey): { feasible: boolean; clean: boolean } => {
    const known = checked.get(key);
    if (known !== undefined) return known;
    guard(chk.checks);
    const e = chk.check(lv, key);
    const info = { feasible: e.feasible, clean: e.feasible && e.suppressedRows === 0 };
    checked.set(key, info);
    if (!e.feasible && (chk.monotone || e.small)) infeasible.add(lv.slice());
    else if (chk.monotone ? e.feasible : chk.probing && !e.small) passing.add(lv.slice());
    if (info.clean) clean.add(lv.slice());
    if (e.feasible) {
      const sum = sumOf(lv);
      const better =
        best === null ||
        (!sameLoss(e.loss, best.loss) && e.loss < best.loss) ||
        (sameLoss(e.loss, best.loss) && (sum < best.sum || (sum === best.sum && cmpKey(key, best.key) < 0)));
      if (better) {
        const ms = performance.now() - t0;
        msToFirst ??= ms;
        if (best === null || !sameLoss(e.loss, best.loss)) trajectory.push({ checks: chk.checks, loss: e.loss, ms });
        best = { levels: lv.slice(), key, sum, loss: e.loss };
        msToBest = ms;
        checksToBest = chk.checks;
      }
    }
    return info;
  };

  // A greedy chain from lv to the top along the successor of least bound, then a binary search
  // (split two thirds up, as the exact search's probes) for its lowest feasible node.
  const dive = (from: Int32Array): void => {
    const chain: Int32Array[] = [from];
    let cur = from;
    for (;;) {
      let next: Int32Array | null = null,
        nb = Infinity;
      for (let j = 0; j < m; j++) {
        if (cur[j]! + 1 >= heights[j]!) continue;
        const s = cur.slice();
        s[j]! += 1;
        const b = metric.lowerBound(s);
        if (b < nb) {
          nb = b;
          next = s;
        }
      }
      if (next === null) break;
      chain.push(next);
      cur = next;
    }
    let lo = 0,
      hi = chain.length - 1;
    while (lo <= hi) {
      const mid = lo + Math.floor(((hi - lo) * 2) / 3);
      const x = chain[mid]!,
        key = lat.key(x);
      let ok: boolean;
      if (best !== null && metric.lowerBound(x) > best.loss && !sameLoss(metric.lowerBound(x), best.loss))
        ok = true; // cannot win: look lower
      else if (infeasible.covers(x) !== null) ok = false;
      else if (aboveClean(x, key)) ok = true;
      else ok = checkNode(x, key).feasible;
      if (ok) hi = mid - 1;
      else lo = mid + 1;
    }
  };

  // OLA's probe (El Emam et al. 2009), as in the exact search: a binary search on a chain from
  // lv to the top (split two thirds up) until lv is known infeasible or passing; each check on
  // the chain tags a down-set or an up-set. Returns whether lv is known infeasible.
  const known = (x: Int32Array): 0 | 1 | 2 => (infeasible.covers(x) !== null ? 1 : passing.covers(x) !== null ? 2 : 0);
  const probe = (lv: Int32Array): boolean => {
    if (!chk.probing) return false;
    let st = known(lv);
    if (st !== 0) return st === 1;
    const chain: Int32Array[] = [lv];
    const start = sumOf(lv) % m;
    for (let x = lv, moved = true; moved; ) {
      moved = false;
      for (let jj = 0; jj < m; jj++) {
        const j = (jj + start) % m;
        if (x[j]! + 1 < heights[j]!) {
          x = x.slice();
          x[j]! += 1;
          chain.push(x);
          moved = true;
        }
      }
    }
    let lo = 0,
      hi = chain.length - 1;
    while (lo <= hi && st === 0) {
      const mid = lo + Math.floor(((hi - lo) * 2) / 3);
      const x = chain[mid]!;
      let sx = known(x);
      if (sx === 0) {
        checkNode(x, lat.key(x));
        sx = known(x);
      }
      if (sx === 2) hi = mid - 1;
      else lo = mid + 1;
      st = known(lv);
    }
    return st === 1;
  };

  const queue = new Queue();
  const seen = new Set<NodeKey>();
  const open = (lv: Int32Array, sum: number): void => {
    const key = lat.key(lv);
    if (seen.has(key)) return;
    if (seen.size >= maxTouched) throw new OutOfBudget('nodes');
    seen.add(key);
    if ((seen.size & 0xffff) === 0) opts.budget?.checkHeap('the search queue', 'set privacy.search.maxChecks lower');
    queue.push({ lb: metric.lowerBound(lv), sum, key });
  };

  let stoppedBy: SearchResult['stoppedBy'] = 'exhausted';
  let current: Open | undefined;
  const stepping = Math.max(1, lat.height);
  try {
    const bottom = new Int32Array(m);
    open(bottom, 0);
    // Seeds: the top (a first solution in one check whenever one exists at all), a dive from
    // the bottom, then the triangle vectors.
    const top = Int32Array.from(heights, (h) => h - 1);
    checkNode(top, lat.key(top));
    dive(bottom);
    for (let i = 1; i < m; i++) {
      const t = Int32Array.from(heights, (h, j) => (j < i ? h - 1 : 0));
      const key = lat.key(t);
      if (infeasible.covers(t) === null && !aboveClean(t, key)) checkNode(t, key);
    }
    let popped = 0;
    while ((current = queue.peek()) !== undefined) {
      if (best !== null && current.lb > best.loss && !sameLoss(current.lb, best.loss)) {
        current = undefined;
        break;
      }
      queue.pop();
      if (best !== null && sameLoss(current.lb, best.loss) && tieLoses(current.sum, current.key)) continue;
      const lv = lat.levelsOf(current.key);
      if (aboveClean(lv, current.key)) continue;
      let info = checked.get(current.key);
      let witness = info === undefined || !info.feasible ? infeasible.covers(lv) : null;
      if (info === undefined && witness === null) {
        if (probe(lv)) witness = infeasible.covers(lv);
        if (witness === null) {
          info = checkNode(lv, current.key);
          if (!info.feasible) witness = infeasible.covers(lv);
          if (++popped % stepping === 0) dive(lv);
        }
      }
      if (info?.clean === true) {
        current = undefined;
        continue;
      }
      if (witness !== null) {
        // lv is below a known infeasible node w: so is every node of the box lv..w. The nodes
        // above lv outside it are above one of lv with level j set to w[j] + 1: those are
        // queued instead of the direct successors, which skips the box in one step.
        for (let j = 0; j < m; j++) {
          if (witness[j]! + 1 >= heights[j]!) continue;
          const s = lv.slice();
          s[j] = witness[j]! + 1;
          open(s, current.sum + s[j]! - lv[j]!);
        }
      } else {
        for (let j = 0; j < m; j++) {
          if (lv[j]! + 1 >= heights[j]!) continue;
          const s = lv.slice();
          s[j]! += 1;
          open(s, current.sum + 1);
        }
      }
      current = undefined;
    }
  } catch (err) {
    if (!(err instanceof OutOfBudget)) throw err;
    stoppedBy = err.by;
  } finally {
    chk.release();
  }
  // Every node neither checked nor pruned is in the up-set of a queued node (or of the one
  // being processed when the budget ran out), and bounds never decrease upwards.
  let lowerBound = queue.peek()?.lb ?? Infinity;
  if (current !== undefined) lowerBound = Math.min(lowerBound, current.lb);
  return finishSearch(table, privacy, {
    strategy: 'anytime',
    lattice: lat,
    checks: chk.checks,
    judged: chk.judged,
    stoppedBy,
    limits,
    msToFirst,
    msToBest,
    checksToBest,
    trajectory,
    best,
    lowerBound,
    t0,
  });
}
