// Generalization of one quasi-identifier in SQL (kanon sql --plan): an expression over the
// column's text (NULL already coalesced to '') that yields kanon's label at the plan's level,
// byte for byte, or stops the query (HIERARCHY_VALUE_MISSING) where kanon would stop the run.
//   file, tree: the leaves are known, so the labels come from kanon's own hierarchy object
//     (lookup of every leaf) and are written as CASE … WHEN v IN (…) THEN label.
//   interval, date, mask: their domain is open, so the label function is written in SQL:
//     exact decimal arithmetic for interval widths, comparisons with constant bounds (labels
//     again from the hierarchy object) for cuts, string functions for mask and date.
// Where SQL cannot reproduce kanon's parsing exactly (a number with an exponent, whitespace,
// more than 20 integer or 18 fractional digits; a width bucket beyond ±10^15, or ±10^9 for
// decimal widths, where kanon's labels go through binary doubles) the query stops rather than
// write a label kanon would not: run kanon run on such data.
import { KanonError } from '../errors.js';
import { cmp, fromNumber, type Dec } from '../hierarchy/decimal.js';
import type { DateSpec } from '../hierarchy/date.js';
import type { IntervalSpec } from '../hierarchy/interval.js';
import type { HierarchySpec } from '../hierarchy/load.js';
import type { MaskSpec } from '../hierarchy/mask.js';
import type { Hierarchy } from '../hierarchy/types.js';
import { reChar, type Dialect } from './dialect.js';

export interface GenInput {
  d: Dialect;
  column: string;
  /** JSON pointer of the column's entry (…/hierarchy is appended in messages). */
  configPath: string;
  spec: HierarchySpec;
  hierarchy: Hierarchy;
  level: number;
  /** The hierarchy's number of levels, from the plan (mask without `length` fits to data). */
  levels: number;
  /** The column's text expression. */
  v: string;
}

/** Numbers SQL reads exactly as kanon does: no exponent, no whitespace, ≤ 20 + 18 digits. */
export const SQL_NUMBER = '[-+]?([0-9]{1,20}([.][0-9]{0,18})?|[.][0-9]{1,18})';

export function missing(g: Pick<GenInput, 'd' | 'column' | 'configPath' | 'v'>, what = 'a value is not in its hierarchy'): string {
  return g.d.fail(`kanon: HIERARCHY_VALUE_MISSING: column ${JSON.stringify(g.column)}: ${what} (${g.configPath}/hierarchy)`, g.v);
}

export function generalizeExpr(g: GenInput): string {
  const s = g.spec;
  const kind = typeof s === 'string' ? 'file' : s.type;
  switch (kind) {
    case 'file':
    case 'tree':
      return enumerated(g);
    case 'mask':
      return mask(g, s as MaskSpec);
    case 'date':
      return date(g, s as DateSpec);
    case 'interval':
      return interval(g, s as IntervalSpec);
    default:
      throw new KanonError('SQL_UNSUPPORTED', 'this hierarchy type has no SQL form', { path: `${g.configPath}/hierarchy` });
  }
}

const caseOf = (whens: [string, string][], otherwise: string): string =>
  whens.length === 0 ? otherwise : `CASE ${whens.map(([c, t]) => `WHEN ${c} THEN ${t}`).join(' ')} ELSE ${otherwise} END`;

/** file and tree hierarchies: every leaf's label at the level, grouped by label. */
function enumerated(g: GenInput): string {
  const leaves = g.hierarchy.leaves;
  if (leaves === undefined) throw new KanonError('INTERNAL', 'an enumerated hierarchy without leaves', { path: `${g.configPath}/hierarchy` });
  const byLabel = new Map<string, string[]>();
  for (const leaf of leaves) {
    const label = g.hierarchy.lookup(leaf)![g.level]!;
    let l = byLabel.get(label);
    if (!l) byLabel.set(label, (l = []));
    l.push(leaf);
  }
  const inList = (vs: readonly string[]): string => `${g.v} IN (${vs.map((x) => g.d.str(x)).join(', ')})`;
  if (g.level === 0) return caseOf([[inList(leaves), g.v]], missing(g));
  return caseOf(
    [...byLabel].map(([label, vs]) => [inList(vs), g.d.str(label)]),
    missing(g),
  );
}

/** mask: level i replaces the last i characters (code points) with the mask character. */
function mask(g: GenInput, spec: MaskSpec): string {
  const { d, v, level } = g;
  const L = g.levels - 2;
  if (spec.length !== undefined && spec.length !== L)
    throw new KanonError('PLAN_MISMATCH', 'the plan was made for another mask length', { path: `${g.configPath}/hierarchy` });
  const ch = d.str(spec.char ?? '*');
  const n = `length(${v})`;
  const tooLong: [string, string] = [`${n} > ${L}`, missing(g, 'a value is longer than the mask hierarchy')];
  if (level === 0) return caseOf([tooLong], v);
  if (level > L) return caseOf([tooLong], d.str('*'));
  const keep = `greatest(${n} - ${level}, 0)`;
  return caseOf([tooLong, [`${n} = 0`, d.str('*')]], `concat(left(${v}, ${keep}), repeat(${ch}, ${n} - ${keep}))`);
}

/** date: the format's fixed positions are cut out, checked as kanon's parser checks them, and
 *  the level's label is printed with zero padding. */
function date(g: GenInput, spec: DateSpec): string {
  const { d, v, level } = g;
  const format = spec.format ?? 'YYYY-MM-DD';
  let pattern = '';
  let pos = 1;
  const at: Partial<Record<'Y' | 'M' | 'D', number>> = {};
  for (let i = 0; i < format.length; ) {
    const rest = format.slice(i);
    const tok = rest.startsWith('YYYY') ? 'Y' : rest.startsWith('MM') ? 'M' : rest.startsWith('DD') ? 'D' : undefined;
    if (tok !== undefined) {
      const w = tok === 'Y' ? 4 : 2;
      pattern += `[0-9]{${w}}`;
      at[tok] = pos; // kanon's parser keeps the last occurrence of a token
      pos += w;
      i += w;
    } else {
      // kanon's parser reads the format by UTF-16 unit; a code point is one SQL character.
      const cp = String.fromCodePoint(format.codePointAt(i)!);
      pattern += reChar(cp);
      pos += 1;
      i += cp.length;
    }
  }
  const int = (p: number | undefined, w: number, dflt: string): string => (p === undefined ? dflt : `CAST(substr(${v}, ${p}, ${w}) AS INTEGER)`);
  const y = int(at.Y, 4, '0'),
    m = int(at.M, 2, '1'),
    day = int(at.D, 2, '1');
  // Date.UTC reads years 0–99 as 1900–1999 (kanon's daysIn): year 0 is then not a leap year.
  const leap = `((${y} % 4 = 0 AND ${y} % 100 <> 0) OR (${y} % 400 = 0 AND ${y} <> 0))`;
  const dim = `CASE WHEN ${m} IN (4, 6, 9, 11) THEN 30 WHEN ${m} = 2 THEN CASE WHEN ${leap} THEN 29 ELSE 28 END ELSE 31 END`;
  const invalid = `NOT ${d.fullMatch(v, pattern)}`;
  const impossible = `${m} < 1 OR ${m} > 12 OR ${day} < 1 OR ${day} > ${dim}`;
  const txt = (e: string): string => `CAST(${e} AS ${d.text})`;
  const pad = (e: string, w: number): string => `lpad(${txt(e)}, ${w}, '0')`;
  const names = spec.levels;
  const label = (name: string): string => {
    switch (name) {
      case 'day':
        return `concat(${pad(y, 4)}, '-', ${pad(m, 2)}, '-', ${pad(day, 2)})`;
      case 'month':
        return `concat(${pad(y, 4)}, '-', ${pad(m, 2)})`;
      case 'quarter':
        return `concat(${pad(y, 4)}, '-Q', CASE WHEN ${m} <= 3 THEN '1' WHEN ${m} <= 6 THEN '2' WHEN ${m} <= 9 THEN '3' ELSE '4' END)`;
      case 'year':
        return pad(y, 4);
      case '5years':
      case 'decade': {
        const w = name === '5years' ? 5 : 10;
        const lo = `(${y} - ${y} % ${w})`;
        return `concat(${pad(lo, 4)}, '-', ${pad(`${lo} + ${w - 1}`, 4)})`;
      }
      default:
        throw new KanonError('SQL_UNSUPPORTED', 'unknown date level', { path: `${g.configPath}/hierarchy/levels` });
    }
  };
  const top = level > names.length;
  const out = level === 0 ? v : top ? d.str('*') : label(names[level - 1]!);
  return caseOf(
    [
      [`${v} = ''`, d.str(level === 0 ? '' : '*')],
      [invalid, missing(g, "a value is not a date in the hierarchy's format")],
      [impossible, missing(g, "a value is not a date in the hierarchy's format")],
    ],
    out,
  );
}

/** Plain decimal text of m / 10^s (no exponent), for SQL literals. */
export function plainDec(x: Dec): string {
  const neg = x.m < 0n;
  let digits = (neg ? -x.m : x.m).toString();
  if (x.s > 0) {
    digits = digits.padStart(x.s + 1, '0');
    digits = `${digits.slice(0, -x.s)}.${digits.slice(-x.s)}`;
  }
  return `${neg ? '-' : ''}${digits}`;
}

function interval(g: GenInput, spec: IntervalSpec): string {
  const { d, v, level, hierarchy } = g;
  const dec = (x: Dec): string => `CAST(${d.str(plainDec(x))} AS ${d.decimal})`;
  const x = `CAST(${v} AS ${d.decimal})`;
  const head: [string, string][] = [
    [`${v} = ''`, d.str(level === 0 ? '' : '*')],
    [`NOT ${d.fullMatch(v, SQL_NUMBER)}`, missing(g, 'a value is not a number SQL reads as kanon does (no exponent or spaces, at most 20 + 18 digits)')],
  ];
  if (level === 0) return caseOf(head, v);
  if (level === g.levels - 1) return caseOf(head, d.str('*'));
  const lab = (text: string): string => {
    const row = hierarchy.lookup(text);
    if (!row) throw new KanonError('INTERNAL', 'an interval bound is not covered by its own hierarchy', { path: `${g.configPath}/hierarchy` });
    return d.str(row[level]!);
  };
  const below = (b: Dec): string => plainDec({ m: b.m - 10n ** BigInt(b.s), s: b.s });
  const lo = spec.min === undefined ? undefined : fromNumber(spec.min);
  const hi = spec.max === undefined ? undefined : fromNumber(spec.max);
  if (spec.cuts !== undefined) {
    // A step function with breaks at this level's cuts and at min / max: each segment's label
    // is kanon's own lookup of a value in it.
    const breaks = [...spec.cuts[level - 1]!, ...(spec.min !== undefined ? [spec.min] : []), ...(spec.max !== undefined ? [spec.max] : [])]
      .map(fromNumber)
      .sort(cmp)
      .filter((b, i, all) => i === 0 || cmp(b, all[i - 1]!) !== 0);
    const whens: [string, string][] = [[`${x} < ${dec(breaks[0]!)}`, lab(below(breaks[0]!))]];
    for (let j = 1; j < breaks.length; j++) whens.push([`${x} < ${dec(breaks[j]!)}`, lab(plainDec(breaks[j - 1]!))]);
    return caseOf([...head, ...whens], lab(plainDec(breaks[breaks.length - 1]!)));
  }
  const coding: [string, string][] = [];
  if (lo) coding.push([`${x} < ${dec(lo)}`, lab(below(lo))]);
  if (hi) coding.push([`${x} >= ${dec(hi)}`, lab(plainDec(hi))]);
  const ws = spec.widths!.map(fromNumber);
  const w = ws[level - 1]!;
  const origin = lo ?? { m: 0n, s: 0 };
  const s0 = Math.max(origin.s, hi?.s ?? 0, ...ws.map((u) => u.s));
  if (s0 > 6)
    throw new KanonError('SQL_UNSUPPORTED', 'interval bounds with more than 6 decimals have no exact SQL form here', { path: `${g.configPath}/hierarchy` });
  // Constants at the spec's own scale: a product of two 18-digit scales would overflow 38 digits.
  const c = (x: Dec): string => `CAST(${d.str(plainDec(x))} AS ${d.decimalAt(s0)})`;
  const o = c(origin),
    wd = c(w);
  // floor((x - o) / w) through a double, then corrected by one step with exact decimals: the
  // guard below keeps the double's error under one bucket.
  const a0 = `(${o} + CAST(FLOOR(CAST(${x} - ${o} AS ${d.double}) / CAST(${d.str(plainDec(w))} AS ${d.double})) AS ${d.bigint}) * ${wd})`;
  const a = `(CASE WHEN ${a0} > ${x} THEN ${a0} - ${wd} WHEN ${a0} + ${wd} <= ${x} THEN ${a0} + ${wd} ELSE ${a0} END)`;
  const b = hi ? `(CASE WHEN ${a} + ${wd} > ${c(hi)} THEN ${c(hi)} ELSE ${a} + ${wd} END)` : `(${a} + ${wd})`;
  const limit = s0 === 0 ? '1000000000000000' : '1000000000';
  const guard: [string, string] = [`abs(${x}) >= ${limit}`, missing(g, `a value is beyond ±${limit} (kanon's labels there go through binary doubles)`)];
  const txt = (e: string): string => `CAST(${e} AS ${d.text})`;
  const scaled = (e: string): string => `regexp_replace(${txt(`CAST(${e} AS ${d.decimalAt(s0)})`)}, ${d.str('\\.?0+$')}, '')`;
  const label =
    s0 === 0
      ? `concat(${txt(`CAST(${a} AS ${d.bigint})`)}, '-', ${txt(`CAST(${b} - 1 AS ${d.bigint})`)})`
      : `concat('[', ${scaled(a)}, ',', ${scaled(b)}, ')')`;
  return caseOf([...head, ...coding, guard], label);
}
