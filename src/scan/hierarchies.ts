// Hierarchy drafts for quasi-identifiers: interval ladders from the observed numeric range,
// date ladders, character masks, and category trees.
//
// Values in the policy (decision for issue 6): the draft is written by the user's own command
// to their own disk and must run as is, but policy files get committed and shared, so a label
// goes into a tree only when it says nothing about fewer than k people: a category tree lists
// observed labels only when the column has at most `maxTreeValues` distinct values and every
// one of them occurs in at least k rows (sex, marital status, race, education…). Otherwise the
// draft uses the value-free `mask` hierarchy as a runnable placeholder and says so in the
// reason — unless the caller set allowValuesInPolicy (or showExamples), which lists them all.
// Interval bounds are the observed min/max rounded outward to the finest bin width.
import type { ColumnFinding } from './types.js';

export interface TreeOptions {
  k: number;
  maxTreeValues: number;
  allowValuesInPolicy: boolean;
}

/** 1, 2, 5 × 10^e: the finest width giving at most `bins` bins over the span. */
function niceWidth(span: number, bins: number): number {
  const raw = span / bins;
  const e = Math.floor(Math.log10(raw > 0 ? raw : 1));
  for (const m of [1, 2, 5, 10]) {
    const w = m * 10 ** e;
    if (span / w <= bins) return round(w);
  }
  return round(10 ** (e + 1));
}

function round(x: number): number {
  return Number(x.toPrecision(12));
}

/** Widths w, 2w, 4w, … (each a multiple of the one before, so the bins nest) up to 4 levels
 *  or until one bin covers half the range; bounds floored/raised to w, max strictly above the
 *  largest observed value so that it is covered whether the builder's upper bound is inclusive
 *  or exclusive. Undefined when doubles cannot carry such bands (issue 11 item 7): a range
 *  wider than the largest double (-1.7e308..1.7e308), bounds that overflow when rounded out,
 *  or a width below the spacing of doubles at the bounds (integers past 2^53 that differ by
 *  less than their precision) — the caller drafts a mask instead and says why. */
export function intervalHierarchy(min: number, max: number, integer: boolean): Record<string, unknown> | undefined {
  const span = max - min;
  if (!Number.isFinite(span)) return undefined;
  let w = niceWidth(span > 0 ? span : 1, 20);
  if (integer && w < 1) w = 1;
  const widths = [w];
  while (widths.length < 4 && widths[widths.length - 1]! * 2 < span) widths.push(round(widths[widths.length - 1]! * 2));
  const lo = round(Math.floor(min / w) * w);
  const hi = round(Math.floor(max / w) * w + w);
  const sound = [...widths, lo, hi].every(Number.isFinite) && lo <= min && hi > max && lo + w > lo && hi - w < hi;
  return sound ? { type: 'interval', widths, min: lo, max: hi } : undefined;
}

export const DATE_LEVELS = ['month', 'year', '5years', 'decade'];

// Known groupings (US Census marital-status categories); other columns get one group.
const MARITAL_GROUPS: Array<[string, RegExp]> = [
  ['Never married', /never|single|unmarried/i],
  ['Previously married', /divorc|widow|separated|spouse[- ]absent/i],
  ['Married', /married|partner|spouse|cohabit/i],
];

export interface TreeDraft {
  hierarchy: Record<string, unknown>;
  note: string;
}

export function treeHierarchy(f: ColumnFinding, opts: TreeOptions): TreeDraft {
  const cats = f.profile.categories;
  const small = cats !== undefined && cats.size <= opts.maxTreeValues;
  const common = cats !== undefined && [...cats.values()].every((c) => c >= opts.k);
  if (cats === undefined || !(opts.allowValuesInPolicy || (small && common))) {
    const why = cats === undefined || !small ? `${f.profile.distinct}${f.profile.distinctExact ? '' : '≈'} distinct values` : `some values occur in fewer than ${opts.k} rows`;
    return {
      hierarchy: { type: 'mask' },
      note: `category labels left out of the policy (${why}): a mask hierarchy stands in; write a tree or hierarchy file, or draft with allowValuesInPolicy`,
    };
  }
  const groups: Record<string, string[]> = {};
  for (const v of cats.keys()) {
    const g = f.kind === 'maritalStatus' ? (MARITAL_GROUPS.find(([, re]) => re.test(v))?.[0] ?? 'Other') : 'Any';
    (groups[g] ??= []).push(v);
  }
  return { hierarchy: { type: 'tree', groups }, note: `category tree of ${cats.size} observed labels` };
}
