// Interval hierarchy builder for numeric quasi-identifiers (ARX's HierarchyBuilderIntervalBased
// in spirit): fixed widths aligned at `min`, or explicit cut points per level; levels nest.
// Labels: when every bound (min, max, widths or cuts) is an integer, a bucket [lo, hi) is
// written "lo-(hi-1)" ("20-24"), as in ARX's Adult age hierarchy; otherwise "[lo,hi)".
// Bottom/top coding: values < min are "<min", values ≥ max are ">=max" at every level ≥ 1.
// The empty cell is kept at level 0 and becomes "*" above (a missing value is its own group
// until full suppression). A non-numeric value is not covered (HIERARCHY_VALUE_MISSING).
// Bucket arithmetic is exact decimal (decimal.ts, issue 11 item 15): in doubles 0.3 fell in
// [0.2,0.3) with width 0.1, and widths [0.1, 0.3] did not "nest".
import { KanonError } from '../errors.js';
import type { Hierarchy } from './types.js';
import { at, cmp, decText, floorDiv, fromNumber, isMultipleOf, parseDec, type Dec } from './decimal.js';

export interface IntervalSpec {
  type: 'interval';
  widths?: number[];
  cuts?: number[][];
  min?: number;
  max?: number;
}

const NUMERIC = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;

export function intervalHierarchy(spec: IntervalSpec, configPath = ''): Hierarchy {
  const bad = (msg: string): never => {
    throw new KanonError('HIERARCHY_INVALID', msg, { path: configPath });
  };
  const { widths, cuts, min, max } = spec;
  if ((widths === undefined) === (cuts === undefined)) bad('interval hierarchy needs exactly one of "widths" or "cuts"');
  for (const [name, v] of [
    ['min', min],
    ['max', max],
  ] as const)
    if (v !== undefined && !Number.isFinite(v)) bad(`"${name}" must be a finite number`);
  if (min !== undefined && max !== undefined && !(min < max)) bad('"min" must be below "max"');
  const lo = min === undefined ? undefined : fromNumber(min);
  const hi = max === undefined ? undefined : fromNumber(max);
  const levelFns: ((x: Dec) => string)[] = [];
  if (widths !== undefined) {
    if (widths.length === 0) bad('"widths" is empty');
    widths.forEach((w, i) => {
      if (!(w > 0) || !Number.isFinite(w)) bad(`width ${i + 1} must be a positive number`);
      const prev = widths[i - 1];
      if (prev !== undefined && (w < prev || !isMultipleOf(fromNumber(w), fromNumber(prev))))
        bad(`width ${i + 1} must be a multiple of width ${i} so that levels nest`);
    });
    const origin = lo ?? { m: 0n, s: 0 };
    const ws = widths.map(fromNumber);
    // Every bound is origin + k·w (capped at max): exact at the largest scale of the spec.
    const s0 = Math.max(origin.s, hi?.s ?? 0, ...ws.map((w) => w.s));
    const integer = s0 === 0;
    const o0 = at(origin, s0);
    const max0 = hi === undefined ? undefined : at(hi, s0);
    for (const w of ws) {
      const w0 = at(w, s0);
      // Bucket number → its label, each label written once (values fall in few buckets: the
      // plan pass looks up every distinct value, 184,221 incomes in the 1M-row bench table).
      const labelOf = new Map<bigint, string>();
      levelFns.push((x) => {
        const s = Math.max(s0, x.s);
        const k = floorDiv(at(x, s) - at(origin, s), at(w, s));
        const known = labelOf.get(k);
        if (known !== undefined) return known;
        const a = o0 + k * w0;
        let b = a + w0;
        if (max0 !== undefined && b > max0) b = max0;
        const label = integer ? `${decText(a, 0)}-${decText(b - 1n, 0)}` : `[${decText(a, s0)},${decText(b, s0)})`;
        labelOf.set(k, label);
        return label;
      });
    }
  } else {
    const levels = cuts!;
    if (levels.length === 0) bad('"cuts" is empty');
    levels.forEach((cs, i) => {
      if (cs.length === 0) bad(`cuts of level ${i + 1} are empty`);
      if (!cs.every(Number.isFinite)) bad(`cuts of level ${i + 1} must be finite numbers`);
      for (let j = 1; j < cs.length; j++) if (!(cs[j]! > cs[j - 1]!)) bad(`cuts of level ${i + 1} must increase`);
      const prev = levels[i - 1];
      if (prev !== undefined && !cs.every((c) => prev.includes(c))) bad(`cuts of level ${i + 1} must be a subset of level ${i} so that levels nest`);
    });
    const integer = levels.flat().every(Number.isInteger);
    const text = (d: Dec): string => decText(d.m, d.s);
    for (const cs of levels.map((l) => l.map(fromNumber))) {
      const first = cs[0]!,
        last = cs[cs.length - 1]!;
      levelFns.push((x) => {
        if (cmp(x, first) < 0) return `<${text(first)}`;
        if (cmp(x, last) >= 0) return `>=${text(last)}`;
        let j = 0;
        while (cmp(x, cs[j + 1]!) >= 0) j++;
        const a = cs[j]!,
          b = cs[j + 1]!;
        return integer ? `${text(a)}-${decText(b.m - 1n, 0)}` : `[${text(a)},${text(b)})`;
      });
    }
  }
  const levels = levelFns.length + 2;
  return {
    levels,
    lookup(value) {
      if (value === '') return ['', ...levelFns.map(() => '*'), '*'];
      if (!NUMERIC.test(value) || !Number.isFinite(Number(value))) return undefined;
      const x = parseDec(value);
      if (x === undefined) return undefined;
      const out = [value];
      for (const f of levelFns) {
        if (lo !== undefined && cmp(x, lo) < 0) out.push(`<${decText(lo.m, lo.s)}`);
        else if (hi !== undefined && cmp(x, hi) >= 0) out.push(`>=${decText(hi.m, hi.s)}`);
        else out.push(f(x));
      }
      out.push('*');
      return out;
    },
  };
}
