// Test helpers independent of the code under test: a brute-force optimum over every lattice
// node computed straight from the rows (string keys, no roll-ups, own metric formulas), and a
// checker that groups generalized rows and confirms k / l / t and the suppression cap.
import type { Hierarchy } from '../../src/hierarchy/types.js';
import type { PrivacyConfig } from '../../src/privacy/types.js';

export interface RawTable {
  qi: Hierarchy[];
  /** rows[r] = QI values */
  rows: string[][];
  /** sens[r] = sensitive value (one sensitive column named "s"), sorted order = sValues */
  sens: string[];
  sValues: string[];
  sHierarchy?: Hierarchy;
}

/** The seeded PRNG tests share (not under test here). */
export { mulberry32 } from '../../src/prng.js';

interface Group {
  rows: number[];
}

function groups(t: RawTable, levels: number[], skip?: Uint8Array): Map<string, Group> {
  const out = new Map<string, Group>();
  t.rows.forEach((row, r) => {
    if (skip?.[r] === 1) return;
    const key = JSON.stringify(row.map((v, j) => t.qi[j]!.lookup(v)![levels[j]!]));
    let g = out.get(key);
    if (g === undefined) {
      g = { rows: [] };
      out.set(key, g);
    }
    g.rows.push(r);
  });
  return out;
}

// The privacy measures below are written here from the papers' definitions, on string values
// and Maps, sharing no code with src/privacy (Machanavajjhala et al. 2007; Li, Li &
// Venkatasubramanian 2007), so the property tests compare the search with something independent.

/** Sensitive value → records of it among `rows`. */
function valueCounts(t: RawTable, rows: readonly number[]): Map<string, number> {
  const h = new Map<string, number>();
  for (const r of rows) h.set(t.sens[r]!, (h.get(t.sens[r]!) ?? 0) + 1);
  return h;
}

const globals = new WeakMap<RawTable, Map<string, number>>();

/** Share of each sensitive value in the whole input (the distribution the models compare with). */
export function globalShares(t: RawTable): Map<string, number> {
  let g = globals.get(t);
  if (g === undefined) {
    g = new Map(
      [
        ...valueCounts(
          t,
          t.rows.map((_, i) => i),
        ),
      ].map(([v, c]) => [v, c / t.rows.length]),
    );
    globals.set(t, g);
  }
  return g;
}

/** Class shares p and global shares q over the union of values. */
function shares(t: RawTable, rows: readonly number[]): { values: string[]; p: Map<string, number>; q: Map<string, number> } {
  const c = valueCounts(t, rows),
    q = globalShares(t);
  const p = new Map([...c].map(([v, n]) => [v, n / rows.length]));
  return { values: [...new Set([...q.keys(), ...c.keys()])], p, q };
}

/** Equal ground distance: EMD = total variation = ½ Σ_v |p_v − q_v|. */
export function ownEmdEqual(t: RawTable, rows: readonly number[]): number {
  const { values, p, q } = shares(t, rows);
  return values.reduce((a, v) => a + Math.abs((p.get(v) ?? 0) - (q.get(v) ?? 0)), 0) / 2;
}

/** Ordered ground distance |i − j|/(m − 1) over t.sValues: on a line the optimal transport
 *  moves, across each gap between consecutive values, the difference of the two cumulatives. */
export function ownEmdOrdered(t: RawTable, rows: readonly number[]): number {
  const { p, q } = shares(t, rows);
  const m = t.sValues.length;
  if (m <= 1) return 0;
  let cp = 0,
    cq = 0,
    work = 0;
  for (let i = 0; i < m - 1; i++) {
    const v = t.sValues[i]!;
    cp += p.get(v) ?? 0;
    cq += q.get(v) ?? 0;
    work += Math.abs(cp - cq) / (m - 1);
  }
  return work;
}

/** Hierarchical ground distance (height of the lowest common ancestor / tree height): mass is
 *  matched as low in the tree as possible; what a subtree cannot match inside moves up one
 *  level. Recursive over the hierarchy's labels: each node returns its net imbalance, and the
 *  mass matched at a node (min of its children's surpluses and deficits) costs height/H. */
export function ownEmdHierarchical(t: RawTable, rows: readonly number[]): number {
  const H = t.sHierarchy!,
    top = H.levels - 1;
  if (top <= 0) return 0;
  const { p, q } = shares(t, rows);
  const path = (v: string): readonly string[] => H.lookup(v)!;
  const children = new Map<string, Set<string>>(); // "L:label" → child nodes
  const leafImbalance = new Map<string, number>();
  for (const v of t.sValues) {
    const a = path(v);
    leafImbalance.set(`0:${a[0]}`, (leafImbalance.get(`0:${a[0]}`) ?? 0) + (p.get(v) ?? 0) - (q.get(v) ?? 0));
    for (let L = 1; L <= top; L++) {
      const key = `${L}:${a[L]}`;
      if (!children.has(key)) children.set(key, new Set());
      children.get(key)!.add(`${L - 1}:${a[L - 1]}`);
    }
  }
  let cost = 0;
  const net = (node: string): number => {
    const L = Number(node.slice(0, node.indexOf(':')));
    if (L === 0) return leafImbalance.get(node) ?? 0;
    let surplus = 0,
      deficit = 0;
    for (const c of children.get(node)!) {
      const e = net(c);
      if (e > 0) surplus += e;
      else deficit -= e;
    }
    cost += (L / top) * Math.min(surplus, deficit);
    return surplus - deficit;
  };
  net(`${top}:${path(t.sValues[0]!)[top]}`);
  return cost;
}

export function classOk(t: RawTable, p: PrivacyConfig, rows: number[]): boolean {
  if (rows.length < p.k) return false;
  const counts = [...valueCounts(t, rows).values()];
  for (const l of p.lDiversity) {
    if (l.variant === 'distinct' && counts.length < l.l) return false;
    if (l.variant === 'entropy') {
      const h = -counts.reduce((a, c) => a + (c / rows.length) * Math.log(c / rows.length), 0);
      if (Math.exp(h) < l.l - 1e-9) return false;
    }
    if (l.variant === 'recursive') {
      const r = [...counts].sort((a, b) => b - a);
      if (r.length < l.l || !(r[0]! < l.c! * r.slice(l.l - 1).reduce((a, b) => a + b, 0))) return false;
    }
  }
  for (const c of p.tCloseness) {
    const d = c.measure === 'equal' ? ownEmdEqual(t, rows) : c.measure === 'ordered' ? ownEmdOrdered(t, rows) : ownEmdHierarchical(t, rows);
    if (d > c.t + 1e-9) return false;
  }
  return true;
}

export function lossOf(t: RawTable, p: PrivacyConfig, levels: number[], g: Map<string, Group>, supp: Set<number>): number {
  const n = t.rows.length,
    m = t.qi.length;
  const suppressed = [...supp];
  const released = [...g.values()].filter((x) => !x.rows.some((r) => supp.has(r)));
  const label = (j: number, v: string, L: number): string => t.qi[j]!.lookup(v)![L]!;
  const domain = (j: number): string[] => (t.qi[j]!.leaves ? [...t.qi[j]!.leaves!] : [...new Set(t.rows.map((r) => r[j]!))]);
  switch (p.metric) {
    case 'loss': {
      let prod = 1;
      for (let j = 0; j < m; j++) {
        const dom = domain(j),
          T = dom.length;
        const coveredBy = new Map<string, number>(); // generalized label → leaves it covers
        for (const v of dom) {
          const lab = label(j, v, levels[j]!);
          coveredBy.set(lab, (coveredBy.get(lab) ?? 0) + 1);
        }
        let s = 0;
        t.rows.forEach((row, r) => {
          if (supp.has(r)) {
            s += 1;
            return;
          }
          const covered = coveredBy.get(label(j, row[j]!, levels[j]!))!;
          s += T <= 1 ? 0 : (covered - 1) / (T - 1);
        });
        prod *= Math.pow(s / n + 1, 1 / m);
      }
      return prod - 1;
    }
    case 'precision': {
      let s = 0;
      for (let j = 0; j < m; j++) {
        const H = t.qi[j]!.levels - 1;
        if (H > 0) for (let r = 0; r < n; r++) s += supp.has(r) ? 1 : levels[j]! / H;
      }
      return s / (n * m);
    }
    case 'discernibility':
      return released.reduce((a, x) => a + x.rows.length ** 2, 0) + suppressed.length * n;
    case 'aecs':
      return n / (released.length + (suppressed.length > 0 ? 1 : 0)) / p.k;
    case 'entropy': {
      let num = 0,
        den = 0;
      for (let j = 0; j < m; j++) {
        const cnt = (pred: (r: string[]) => boolean): number => t.rows.filter(pred).length;
        t.rows.forEach((row, r) => {
          const v = row[j]!;
          const cv = cnt((x) => x[j] === v);
          den -= Math.log2(cv / n);
          const L = levels[j]!;
          const gl = label(j, v, L);
          const cg = supp.has(r) ? n : cnt((x) => label(j, x[j]!, L) === gl);
          num -= Math.log2(cv / cg);
        });
      }
      return den <= 0 ? 0 : num / den;
    }
  }
}

/** Every node from the rows; best by (loss ± 1e-9, sum of levels, lexicographic). */
export function bruteForce(t: RawTable, p: PrivacyConfig): { levels: number[]; loss: number; suppressed: number } | undefined {
  const heights = t.qi.map((h) => h.levels);
  const cap = Math.floor(p.suppressionLimit * t.rows.length + 1e-9);
  let best: { levels: number[]; loss: number; suppressed: number } | undefined;
  const same = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  const visit = (levels: number[]): void => {
    const g = groups(t, levels);
    const supp = new Set<number>();
    for (const x of g.values())
      if (!classOk(t, p, x.rows))
        x.rows.forEach((r) => {
          supp.add(r);
        });
    if (supp.size > cap) return;
    const loss = lossOf(t, p, levels, g, supp);
    const sum = (v: number[]) => v.reduce((a, b) => a + b, 0);
    if (
      best === undefined ||
      (!same(loss, best.loss) && loss < best.loss) ||
      (same(loss, best.loss) && (sum(levels) < sum(best.levels) || (sum(levels) === sum(best.levels) && levels.join() < best.levels.join())))
    ) {
      best = { levels: [...levels], loss, suppressed: supp.size };
    }
  };
  const rec = (j: number, acc: number[]): void => {
    if (j === heights.length) {
      visit(acc);
      return;
    }
    for (let l = 0; l < heights[j]!; l++) rec(j + 1, [...acc, l]);
  };
  rec(0, []);
  return best;
}

/** Independent check of a result: released classes satisfy every model, cap respected. */
export function checkResult(t: RawTable, p: PrivacyConfig, levels: number[], suppressed: Uint8Array): string | undefined {
  let count = 0;
  suppressed.forEach((s) => {
    count += s;
  });
  if (count > Math.floor(p.suppressionLimit * t.rows.length + 1e-9)) return 'too many suppressed';
  for (const g of groups(t, levels, suppressed).values()) if (!classOk(t, p, g.rows)) return 'class violates a model';
  return undefined;
}
