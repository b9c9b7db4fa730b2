// Interval hierarchy builder for numeric quasi-identifiers (ARX's HierarchyBuilderIntervalBased
// in spirit): fixed widths aligned at `min`, or explicit cut points per level; levels nest.
// Labels: when every bound (min, max, widths or cuts) is an integer, a bucket [lo, hi) is
// written "lo-(hi-1)" ("20-24"), as in ARX's Adult age hierarchy; otherwise "[lo,hi)".
// Bottom/top coding: values < min are "<min", values ≥ max are ">=max" at every level ≥ 1.
// The empty cell is kept at level 0 and becomes "*" above (a missing value is its own group
// until full suppression). A non-numeric value is not covered (HIERARCHY_VALUE_MISSING).
import { KanonError } from '../errors.js';
import type { Hierarchy } from './types.js';

export interface IntervalSpec {
  type: 'interval';
  widths?: number[];
  cuts?: number[][];
  min?: number;
  max?: number;
}

const NUMERIC = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;

export function intervalHierarchy(spec: IntervalSpec, configPath = ''): Hierarchy {
  const bad = (msg: string): never => { throw new KanonError('HIERARCHY_INVALID', msg, { path: configPath }); };
  const { widths, cuts, min, max } = spec;
  if ((widths === undefined) === (cuts === undefined)) bad('interval hierarchy needs exactly one of "widths" or "cuts"');
  if (min !== undefined && max !== undefined && !(min < max)) bad('"min" must be below "max"');
  const levelFns: ((x: number) => string)[] = [];
  const ints = (xs: number[]): boolean => xs.every(Number.isInteger);
  if (widths !== undefined) {
    if (widths.length === 0) bad('"widths" is empty');
    widths.forEach((w, i) => {
      if (!(w > 0) || !Number.isFinite(w)) bad(`width ${i + 1} must be a positive number`);
      const prev = widths[i - 1];
      if (prev !== undefined && (w < prev || !isMultiple(w, prev))) bad(`width ${i + 1} must be a multiple of width ${i} so that levels nest`);
    });
    const integer = ints([...widths, min ?? 0, max ?? 0]);
    const origin = min ?? 0;
    for (const w of widths) {
      levelFns.push((x) => {
        const lo = origin + Math.floor((x - origin) / w) * w;
        const hi = max !== undefined ? Math.min(lo + w, max) : lo + w;
        return label(lo, hi, integer);
      });
    }
  } else {
    const levels = cuts!;
    if (levels.length === 0) bad('"cuts" is empty');
    levels.forEach((cs, i) => {
      if (cs.length === 0) bad(`cuts of level ${i + 1} are empty`);
      for (let j = 1; j < cs.length; j++) if (!(cs[j]! > cs[j - 1]!)) bad(`cuts of level ${i + 1} must increase`);
      const prev = levels[i - 1];
      if (prev !== undefined && !cs.every((c) => prev.includes(c))) bad(`cuts of level ${i + 1} must be a subset of level ${i} so that levels nest`);
    });
    const integer = ints(levels.flat());
    for (const cs of levels) {
      levelFns.push((x) => {
        if (x < cs[0]!) return `<${fmt(cs[0]!)}`;
        if (x >= cs[cs.length - 1]!) return `>=${fmt(cs[cs.length - 1]!)}`;
        let j = 0;
        while (x >= cs[j + 1]!) j++;
        return label(cs[j]!, cs[j + 1]!, integer);
      });
    }
  }
  const levels = levelFns.length + 2;
  return {
    levels,
    lookup(value) {
      if (value === '') return ['', ...levelFns.map(() => '*'), '*'];
      if (!NUMERIC.test(value)) return undefined;
      const x = Number(value);
      if (!Number.isFinite(x)) return undefined;
      const out = [value];
      for (const f of levelFns) {
        if (min !== undefined && x < min) out.push(`<${fmt(min)}`);
        else if (max !== undefined && x >= max) out.push(`>=${fmt(max)}`);
        else out.push(f(x));
      }
      out.push('*');
      return out;
    },
  };
}

function isMultiple(w: number, prev: number): boolean {
  const r = w / prev;
  return Math.abs(r - Math.round(r)) < 1e-9;
}

function fmt(x: number): string {
  return String(Number(x.toPrecision(12)));
}

function label(lo: number, hi: number, integer: boolean): string {
  return integer ? `${fmt(lo)}-${fmt(hi - 1)}` : `[${fmt(lo)},${fmt(hi)})`;
}
