// Test helpers independent of the code under test: a brute-force optimum over every lattice
// node computed straight from the rows (string keys, no roll-ups, own metric formulas), and a
// checker that groups generalized rows and confirms k / l / t and the suppression cap.
import type { Hierarchy } from '../../src/hierarchy/types.js';
import { distinctL, emdEqual, emdOrdered, entropyL, isRecursiveCL, prepareEmdHierarchical } from '../../src/privacy/measures.js';
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

interface Group { rows: number[] }

function groups(t: RawTable, levels: number[], skip?: Uint8Array): Map<string, Group> {
  const out = new Map<string, Group>();
  t.rows.forEach((row, r) => {
    if (skip?.[r] === 1) return;
    const key = JSON.stringify(row.map((v, j) => t.qi[j]!.lookup(v)![levels[j]!]));
    let g = out.get(key);
    if (g === undefined) { g = { rows: [] }; out.set(key, g); }
    g.rows.push(r);
  });
  return out;
}

function hist(t: RawTable, rows: number[]): number[] {
  const h = new Array<number>(t.sValues.length).fill(0);
  for (const r of rows) h[t.sValues.indexOf(t.sens[r]!)]! += 1;
  return h;
}

const globals = new WeakMap<RawTable, number[]>();

export function classOk(t: RawTable, p: PrivacyConfig, rows: number[]): boolean {
  if (rows.length < p.k) return false;
  const h = hist(t, rows);
  let global = globals.get(t);
  if (global === undefined) { global = hist(t, t.rows.map((_, i) => i)).map((c) => c / t.rows.length); globals.set(t, global); }
  for (const l of p.lDiversity) {
    if (l.variant === 'distinct' && distinctL(h) < l.l) return false;
    if (l.variant === 'entropy' && entropyL(h) < l.l - 1e-9) return false;
    if (l.variant === 'recursive' && !isRecursiveCL(h, l.c!, l.l)) return false;
  }
  for (const c of p.tCloseness) {
    let d: number;
    if (c.measure === 'equal') d = emdEqual(h, global);
    else if (c.measure === 'ordered') d = emdOrdered(h, global);
    else {
      const H = t.sHierarchy!;
      const gm = Array.from({ length: H.levels }, (_, L) => {
        const labels = [...new Set(t.sValues.map((v) => H.lookup(v)![L]!))];
        return Int32Array.from(t.sValues, (v) => labels.indexOf(H.lookup(v)![L]!));
      });
      d = prepareEmdHierarchical(gm)(h, global);
    }
    if (d > c.t + 1e-9) return false;
  }
  return true;
}

export function lossOf(t: RawTable, p: PrivacyConfig, levels: number[], g: Map<string, Group>, supp: Set<number>): number {
  const n = t.rows.length, m = t.qi.length;
  const suppressed = [...supp];
  const released = [...g.values()].filter((x) => !x.rows.some((r) => supp.has(r)));
  const label = (j: number, v: string, L: number): string => t.qi[j]!.lookup(v)![L]!;
  const domain = (j: number): string[] => t.qi[j]!.leaves ? [...t.qi[j]!.leaves!] : [...new Set(t.rows.map((r) => r[j]!))];
  switch (p.metric) {
    case 'loss': {
      let prod = 1;
      for (let j = 0; j < m; j++) {
        const dom = domain(j), T = dom.length;
        const coveredBy = new Map<string, number>(); // generalized label → leaves it covers
        for (const v of dom) { const lab = label(j, v, levels[j]!); coveredBy.set(lab, (coveredBy.get(lab) ?? 0) + 1); }
        let s = 0;
        t.rows.forEach((row, r) => {
          if (supp.has(r)) { s += 1; return; }
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
      let num = 0, den = 0;
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
    for (const x of g.values()) if (!classOk(t, p, x.rows)) x.rows.forEach((r) => supp.add(r));
    if (supp.size > cap) return;
    const loss = lossOf(t, p, levels, g, supp);
    const sum = (v: number[]) => v.reduce((a, b) => a + b, 0);
    if (best === undefined || (!same(loss, best.loss) && loss < best.loss) ||
      (same(loss, best.loss) && (sum(levels) < sum(best.levels) || (sum(levels) === sum(best.levels) && levels.join() < best.levels.join())))) {
      best = { levels: [...levels], loss, suppressed: supp.size };
    }
  };
  const rec = (j: number, acc: number[]): void => {
    if (j === heights.length) { visit(acc); return; }
    for (let l = 0; l < heights[j]!; l++) rec(j + 1, [...acc, l]);
  };
  rec(0, []);
  return best;
}

/** Independent check of a result: released classes satisfy every model, cap respected. */
export function checkResult(t: RawTable, p: PrivacyConfig, levels: number[], suppressed: Uint8Array): string | undefined {
  let count = 0;
  suppressed.forEach((s) => { count += s; });
  if (count > Math.floor(p.suppressionLimit * t.rows.length + 1e-9)) return 'too many suppressed';
  for (const g of groups(t, levels, suppressed).values()) if (!classOk(t, p, g.rows)) return 'class violates a model';
  return undefined;
}
