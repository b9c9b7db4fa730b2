// The generalization expressions of kanon sql (src/sql/hierarchy.ts), run in DuckDB and
// PostgreSQL on many values at every level of each hierarchy type, must give exactly the
// label kanon's own hierarchy object gives (lookup(value)[level]) — and stop the query for a
// value the hierarchy does not cover.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { dateHierarchy, type DateSpec } from '../../src/hierarchy/date.js';
import { intervalHierarchy, type IntervalSpec } from '../../src/hierarchy/interval.js';
import { maskHierarchy, type MaskSpec } from '../../src/hierarchy/mask.js';
import { treeHierarchy, type TreeSpec } from '../../src/hierarchy/tree.js';
import { hierarchyFromRows } from '../../src/hierarchy/file.js';
import type { HierarchySpec } from '../../src/hierarchy/load.js';
import type { Hierarchy } from '../../src/hierarchy/types.js';
import { DIALECT, type Dialect } from '../../src/sql/dialect.js';
import { generalizeExpr } from '../../src/sql/hierarchy.js';
import { mulberry } from './random.js';
import { duckRows, pgUnavailable, psql } from './engines.js';

const pgWhy = pgUnavailable();
if (pgWhy) console.log(`labels.test.ts: PostgreSQL cases skipped: ${pgWhy}`);

interface Case {
  name: string;
  spec: HierarchySpec;
  h: Hierarchy;
  levels: number;
  values: string[];
}

/** A VALUES list of the values as rows of column x. */
const valuesOf = (d: Dialect, vs: readonly string[]): string => `(VALUES ${vs.map((v, i) => `(${i}, ${d.str(v)})`).join(', ')}) AS t(i, x)`;

async function run(d: Dialect, sql: string): Promise<(string | null)[][]> {
  if (d.name === 'duckdb') return duckRows(sql);
  const r = psql(sql);
  if (r.code !== 0) throw new Error(r.stderr);
  return r.rows.map((row) => row.map((c) => (c === '\\N' ? null : c)));
}

async function check(d: Dialect, c: Case): Promise<void> {
  for (let level = 0; level < c.levels; level++) {
    const e = generalizeExpr({ d, column: 'x', configPath: '/columns/x', spec: c.spec, hierarchy: c.h, level, levels: c.levels, v: d.ident('x') });
    const rows = await run(d, `SELECT i, ${e} FROM ${valuesOf(d, c.values)} ORDER BY i`);
    const got = rows.map((r) => r[1]);
    const want = c.values.map((v) => c.h.lookup(v)![level]!);
    for (let i = 0; i < want.length; i++)
      if (got[i] !== want[i]) assert.is(got[i], want[i], `${c.name} level ${level} value #${i} (${JSON.stringify(c.values[i])})`);
  }
}

async function refuses(d: Dialect, c: Case, value: string, only?: number[]): Promise<void> {
  for (let level = 0; level < c.levels; level++) {
    if (only && !only.includes(level)) continue;
    const e = generalizeExpr({ d, column: 'x', configPath: '/columns/x', spec: c.spec, hierarchy: c.h, level, levels: c.levels, v: d.ident('x') });
    let err = '';
    try {
      await run(d, `SELECT ${e} FROM ${valuesOf(d, ['', value])}`);
    } catch (x) {
      err = String((x as Error).message);
    }
    assert.ok(err.includes('kanon: HIERARCHY_VALUE_MISSING'), `${c.name} level ${level}: stops the query (${err.slice(0, 200)})`);
    assert.not.ok(err.includes(value), 'the message does not hold the value');
  }
}

const rnd = mulberry(7);
const int = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));

function numbers(n: number, decimals: boolean): string[] {
  const out = [
    '',
    '0',
    '-0',
    '5',
    '4',
    '-1',
    '-5',
    '119',
    '120',
    '121',
    '0.5',
    '.5',
    '+3',
    '5.',
    '24.999999999999999999',
    '25.000000000000000001',
    '-0.000000000000000001',
  ];
  for (let i = 0; i < n; i++) {
    const x = int(-40, 160);
    out.push(decimals ? `${x}.${int(0, 999)}`.replace(/0+$/, '').replace(/\.$/, '') : String(x));
    out.push(`${x}.${String(int(0, 99)).padStart(2, '0')}`);
  }
  return out;
}

function dates(n: number, format: (y: string, m: string, d: string) => string): string[] {
  const out = [
    '',
    format('2021', '03', '05'),
    format('2000', '02', '29'),
    format('1900', '02', '28'),
    format('0004', '02', '29'),
    format('0400', '02', '29'),
    format('9999', '12', '31'),
    format('0000', '01', '01'),
  ];
  for (let i = 0; i < n; i++) {
    const m = int(1, 12);
    const dd = int(1, m === 2 ? 28 : 30);
    out.push(format(String(int(0, 9999)).padStart(4, '0'), String(m).padStart(2, '0'), String(dd).padStart(2, '0')));
  }
  return out;
}

function cases(): Case[] {
  const out: Case[] = [];
  const interval = (name: string, spec: IntervalSpec, values: string[]): void => {
    const h = intervalHierarchy(spec, '/columns/x/hierarchy');
    out.push({ name, spec, h, levels: h.levels, values });
  };
  interval('interval widths integer', { type: 'interval', widths: [5, 10, 20], min: 0, max: 120 }, numbers(200, true));
  interval('interval widths no bounds', { type: 'interval', widths: [3, 6] }, numbers(200, false));
  interval('interval widths decimal', { type: 'interval', widths: [0.1, 0.3, 0.9], min: -1.5, max: 90 }, numbers(200, true));
  interval('interval widths origin negative', { type: 'interval', widths: [7, 14], min: -13 }, numbers(200, true));
  interval(
    'interval cuts integer',
    {
      type: 'interval',
      cuts: [
        [18, 30, 50, 65],
        [30, 65],
      ],
      min: 20,
      max: 60,
    },
    numbers(200, true),
  );
  interval('interval cuts decimal', { type: 'interval', cuts: [[2.5, 5, 7.25], [5]] }, numbers(200, true));
  const date = (name: string, spec: DateSpec, values: string[]): void => {
    const h = dateHierarchy(spec, '/columns/x/hierarchy');
    out.push({ name, spec, h, levels: h.levels, values });
  };
  date(
    'date all levels',
    { type: 'date', levels: ['day', 'month', 'quarter', 'year', '5years', 'decade'] },
    dates(200, (y, m, d) => `${y}-${m}-${d}`),
  );
  date(
    'date format with literals',
    { type: 'date', levels: ['month', 'decade'], format: 'DD.MM.YYYY (é)' },
    dates(100, (y, m, d) => `${d}.${m}.${y} (é)`),
  );
  date(
    'date month-year format',
    { type: 'date', levels: ['quarter', 'year'], format: 'MM/YYYY' },
    dates(100, (y, m) => `${m}/${y}`),
  );
  const mask = (name: string, spec: MaskSpec, values: string[]): void => {
    const h = maskHierarchy(spec, '/columns/x/hierarchy');
    h.fit?.(values);
    out.push({ name, spec, h, levels: h.levels, values });
  };
  const zips = ['', '8', '81675', '816', "8'1", 'é😀x', ...Array.from({ length: 100 }, () => String(int(0, 99999)))];
  mask('mask fitted', { type: 'mask' }, zips);
  mask('mask char quote, fixed length', { type: 'mask', char: "'", length: 6 }, zips);
  const groups = { "Mar'ried": ['Married-civ', 'Married-AF'], 'Single \\ "x"': ['Never', 'Divorced', ''] };
  const tree: TreeSpec = { type: 'tree', groups };
  out.push({ name: 'tree', spec: tree, h: treeHierarchy(tree), levels: 3, values: ['Married-civ', 'Married-AF', 'Never', 'Divorced', ''] });
  const rows = [
    ['a', 'A', '*'],
    ["b'", 'A', '*'],
    ['c\\n', "B'", '*'],
  ];
  out.push({ name: 'file', spec: 'h.csv', h: hierarchyFromRows(rows), levels: 3, values: ['a', "b'", 'c\\n', 'a'] });
  return out;
}

const all = cases();
for (const name of ['duckdb', 'postgres'] as const) {
  const d = DIALECT[name];
  for (const c of all) {
    test(`${name}: ${c.name}: every level gives kanon's labels`, async () => {
      if (name === 'postgres' && pgWhy) return;
      await check(d, c);
    });
  }
  const bad: [string, string, number[]?][] = [
    ['interval widths integer', 'abc'],
    ['interval widths integer', '1e3'],
    // kanon takes it; SQL refuses it where a width bucket's label would go through doubles
    ['interval widths no bounds', '1234567890123456789', [1, 2]],
    ['interval cuts integer', ' 12'],
    ['date all levels', '2021-02-29'],
    ['date all levels', '2021-13-01'],
    ['date all levels', '2021-1-01'],
    ['date all levels', '2021-01-01\n'],
    ['mask fitted', '8167512'],
    ['tree', 'Widowed'],
    ['file', 'zzq-unknown'],
    ['tree', 'zzq-unknown'],
  ];
  for (const [cname, value, from] of bad) {
    test(`${name}: ${cname}: ${JSON.stringify(value)} stops the query without naming it`, async () => {
      if (name === 'postgres' && pgWhy) return;
      await refuses(d, all.find((c) => c.name === cname)!, value, from);
    });
  }
}

test.run();
