// Date hierarchy builder: the value, then any increasing subset of
// day → month → quarter → year → 5years → decade, then "*". Labels: 2021-03-05, 2021-03,
// 2021-Q1, 2021, 2020-2024, 2020-2029. `format` uses the tokens YYYY, MM and DD (default
// YYYY-MM-DD); anything else in it must match literally. An unparsable or impossible date is
// not covered (HIERARCHY_VALUE_MISSING); the empty cell is "" at level 0 and "*" above.
import { KanonError } from '../errors.js';
import type { Hierarchy } from './types.js';

export const DATE_LEVELS = ['day', 'month', 'quarter', 'year', '5years', 'decade'] as const;
export type DateLevel = (typeof DATE_LEVELS)[number];

export interface DateSpec {
  type: 'date';
  levels: DateLevel[];
  format?: string;
}

export function dateHierarchy(spec: DateSpec, configPath = ''): Hierarchy {
  const bad = (msg: string): never => {
    throw new KanonError('HIERARCHY_INVALID', msg, { path: configPath });
  };
  if (spec.levels.length === 0) bad('date hierarchy needs at least one level');
  let last = -1;
  for (const l of spec.levels) {
    const i = DATE_LEVELS.indexOf(l);
    if (i < 0) bad(`unknown date level (use ${DATE_LEVELS.join(', ')})`);
    if (i <= last) bad('date levels must be listed from finest to coarsest, each once');
    last = i;
  }
  const parse = compileFormat(spec.format ?? 'YYYY-MM-DD', bad);
  const pad = (n: number, w: number): string => String(n).padStart(w, '0');
  const fns: Record<DateLevel, (y: number, m: number, d: number) => string> = {
    day: (y, m, d) => `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`,
    month: (y, m) => `${pad(y, 4)}-${pad(m, 2)}`,
    quarter: (y, m) => `${pad(y, 4)}-Q${Math.floor((m - 1) / 3) + 1}`,
    year: (y) => pad(y, 4),
    '5years': (y) => {
      const lo = y - (y % 5);
      return `${pad(lo, 4)}-${pad(lo + 4, 4)}`;
    },
    decade: (y) => {
      const lo = y - (y % 10);
      return `${pad(lo, 4)}-${pad(lo + 9, 4)}`;
    },
  };
  const levelFns = spec.levels.map((l) => fns[l]);
  return {
    levels: levelFns.length + 2,
    lookup(value) {
      if (value === '') return ['', ...levelFns.map(() => '*'), '*'];
      const ymd = parse(value);
      if (ymd === undefined) return undefined;
      const [y, m, d] = ymd;
      return [value, ...levelFns.map((f) => f(y, m, d)), '*'];
    },
  };
}

function compileFormat(format: string, bad: (m: string) => never): (v: string) => [number, number, number] | undefined {
  const order: ('Y' | 'M' | 'D')[] = [];
  let re = '';
  for (let i = 0; i < format.length; ) {
    const rest = format.slice(i);
    if (rest.startsWith('YYYY')) {
      re += '(\\d{4})';
      order.push('Y');
      i += 4;
    } else if (rest.startsWith('MM')) {
      re += '(\\d{2})';
      order.push('M');
      i += 2;
    } else if (rest.startsWith('DD')) {
      re += '(\\d{2})';
      order.push('D');
      i += 2;
    } else {
      re += format[i]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      i += 1;
    }
  }
  if (!order.includes('Y')) bad('date format needs YYYY');
  const rx = new RegExp(`^${re}$`);
  return (v) => {
    const m = rx.exec(v);
    if (m === null) return undefined;
    let y = 0,
      mo = 1,
      d = 1;
    order.forEach((t, i) => {
      const n = Number(m[i + 1]);
      if (t === 'Y') y = n;
      else if (t === 'M') mo = n;
      else d = n;
    });
    if (mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo)) return undefined;
    return [y, mo, d];
  };
}

function daysIn(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}
