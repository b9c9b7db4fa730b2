// An independent checker of a local-recoding release, from the written labels alone (not from
// the partitioner's state): group the released rows by their label tuple and check every model
// on each class with its own small implementation; check that each label covers the original
// value and that distinct classes never overlap (some column's labels are disjoint).
import type { Hierarchy } from '../../src/hierarchy/types.js';

export interface Release {
  /** Original QI values per input row. */
  rows: string[][];
  /** Sensitive value per input row ('' when there is none). */
  sens: string[];
  /** Written QI labels per input row, or null for a suppressed row. */
  out: (string[] | null)[];
  qi: Hierarchy[];
}

export interface Models {
  k?: number;
  l?: { variant: 'distinct' | 'entropy' | 'recursive'; l: number; c?: number };
  t?: { measure: 'equal' | 'ordered'; t: number; order: string[] };
}

const RANGE = /^\[(.+),(.+)\]$/;

/** Does label `lab` of column j cover value v? A range "[lo,hi]" (numbers), a hierarchy node
 *  on v's path, or v itself. */
export function covers(h: Hierarchy, lab: string, v: string): boolean {
  const path = pathOf(h, v);
  if (path.includes(lab)) return true;
  const m = RANGE.exec(lab);
  return m !== null && Number(m[1]) <= Number(v) && Number(v) <= Number(m[2]);
}

const paths = new WeakMap<Hierarchy, Map<string, readonly string[]>>();
function pathOf(h: Hierarchy, v: string): readonly string[] {
  let memo = paths.get(h);
  if (memo === undefined) {
    memo = new Map();
    paths.set(h, memo);
  }
  let p = memo.get(v);
  if (p === undefined) {
    p = h.lookup(v) ?? [v];
    memo.set(v, p);
  }
  return p;
}

/** undefined when the release is correct, else what is wrong. */
export function checkRelease(rel: Release, models: Models): string | undefined {
  const classes = new Map<string, number[]>();
  for (let r = 0; r < rel.rows.length; r++) {
    const o = rel.out[r];
    if (o === null || o === undefined) continue;
    for (let j = 0; j < o.length; j++) if (!covers(rel.qi[j]!, o[j]!, rel.rows[r]![j]!)) return `row ${r} column ${j}: label does not cover the value`;
    const key = JSON.stringify(o);
    const c = classes.get(key);
    if (c) c.push(r);
    else classes.set(key, [r]);
  }
  const n = rel.rows.length;
  const global = new Map<string, number>();
  for (const s of rel.sens) global.set(s, (global.get(s) ?? 0) + 1 / n);
  for (const [key, rows] of classes) {
    if (models.k !== undefined && rows.length < models.k) return `class ${key}: ${rows.length} rows < k`;
    const counts = new Map<string, number>();
    for (const r of rows) counts.set(rel.sens[r]!, (counts.get(rel.sens[r]!) ?? 0) + 1);
    const cs = [...counts.values()].sort((a, b) => b - a);
    const l = models.l;
    if (l?.variant === 'distinct' && cs.length < l.l) return `class ${key}: distinct l`;
    if (l?.variant === 'entropy') {
      let h = 0;
      for (const c of cs) h -= (c / rows.length) * Math.log(c / rows.length);
      if (Math.exp(h) < l.l - 1e-9) return `class ${key}: entropy l`;
    }
    if (l?.variant === 'recursive') {
      if (cs.length < l.l) return `class ${key}: recursive l`;
      const tail = cs.slice(l.l - 1).reduce((a, b) => a + b, 0);
      if (!(cs[0]! < l.c! * tail)) return `class ${key}: recursive (c,l)`;
    }
    const t = models.t;
    if (t !== undefined) {
      const p = (v: string) => (counts.get(v) ?? 0) / rows.length - (global.get(v) ?? 0);
      let d = 0;
      if (t.measure === 'equal') {
        for (const v of t.order) d += Math.abs(p(v));
        d /= 2;
      } else {
        let acc = 0;
        for (const v of t.order) {
          acc += p(v);
          d += Math.abs(acc);
        }
        d /= Math.max(1, t.order.length - 1);
      }
      if (d > t.t + 1e-9) return `class ${key}: t-closeness ${d}`;
    }
  }
  return undefined;
}

/** Distinct classes overlap when every column's labels share a value of the column's domain. */
export function overlapping(rel: Release, domains: string[][]): string | undefined {
  const tuples = [...new Set(rel.out.filter((o): o is string[] => o !== null).map((o) => JSON.stringify(o)))].map((s) => JSON.parse(s) as string[]);
  const cover = tuples.map((t) => t.map((lab, j) => new Set(domains[j]!.filter((v) => covers(rel.qi[j]!, lab, v)))));
  for (let a = 0; a < tuples.length; a++) {
    for (let b = a + 1; b < tuples.length; b++) {
      if (cover[a]!.every((s, j) => [...s].some((v) => cover[b]![j]!.has(v)))) return `classes ${a} and ${b} overlap`;
    }
  }
  return undefined;
}
