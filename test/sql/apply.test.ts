// kanon sql end to end, against real engines: a plan made by kanon plan on one generated table
// is applied to other generated tables by kanon run --plan and by the apply query in DuckDB
// and PostgreSQL; the released rows must be the same multiset (and the same columns in the same
// order). A table the frozen plan no longer protects stops kanon (exit 4) and the query alike.
// The frequency-set query's result must equal the counts computed here from the file.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { fixture, kanon, tempDir } from '../helpers/cli.js';
import { duck, duckLoad, multiset, pgUnavailable, psql } from './engines.js';
import { mulberry } from './random.js';

const pgWhy = pgUnavailable();
if (pgWhy) console.log(`apply.test.ts: PostgreSQL cases skipped: ${pgWhy}`);
const dir = tempDir();
const HEADER = ['id', 'name', 'email', 'birth_date', 'zip', 'sex', 'age', 'diagnosis', 'visit_date'];
const DIAG = ['flu', 'asthma', 'diabetes', "o'brien syndrome", 'a "quoted", one'];

function table(rows: number, seed: number, tweak?: (r: string[], i: number) => void): string[][] {
  const rnd = mulberry(seed);
  const int = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));
  const out: string[][] = [];
  for (let i = 0; i < rows; i++) {
    const empty = (v: string): string => (rnd() < 0.03 ? '' : v);
    const y = int(1940, 2005),
      m = int(1, 12),
      d = int(1, 28);
    const r = [
      String(i + 1),
      empty(`Person ${int(1, 500)}`),
      empty(`user${int(1, 99)}@example.org`),
      empty(`${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`),
      empty(`${['816', '817', '803'][int(0, 2)]}${int(10, 12)}`),
      empty(['F', 'M'][int(0, 1)]!),
      empty(String(int(0, 125))),
      DIAG[int(0, DIAG.length - 1)]!,
      `2021-0${int(1, 9)}-1${int(0, 9)}`,
    ];
    tweak?.(r, i);
    out.push(r);
  }
  return out;
}

const csvCell = (v: string): string => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
function writeCsv(name: string, rows: string[][]): string {
  const p = join(dir, name);
  writeFileSync(p, [HEADER, ...rows].map((r) => r.map(csvCell).join(',')).join('\n') + '\n');
  return p;
}
function writePolicy(name: string, privacy: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
  writeFileSync(join(dir, 'zip.csv'), ['816;81*;*', '817;81*;*', '803;80*;*', ';;*'].join('\n') + '\n');
  const policy = {
    columns: {
      id: { role: 'identifier', operator: 'drop' },
      name: { role: 'identifier', operator: 'redact', with: "it's" },
      email: { role: 'identifier', operator: 'mask', keepStart: 1, keepEnd: 4 },
      birth_date: { role: 'quasi', hierarchy: { type: 'date', levels: ['month', 'year', '5years', 'decade'] } },
      zip: { role: 'quasi', hierarchy: { type: 'mask' } },
      sex: { role: 'quasi', hierarchy: { type: 'tree', groups: { '*': ['F', 'M', ''] } } },
      age: { role: 'quasi', hierarchy: { type: 'interval', widths: [5, 10, 20], min: 0, max: 120 } },
      diagnosis: { role: 'sensitive' },
      visit_date: { role: 'insensitive' },
      ...extra,
    },
    privacy,
  };
  const p = join(dir, name);
  writeFileSync(p, JSON.stringify(policy, null, 2));
  return p;
}

function readCsv(path: string): { header: string[]; rows: string[][] } {
  const rows: string[][] = parse(readFileSync(path, 'utf8'));
  return { header: rows.shift()!, rows };
}

/** The apply query's rows in an engine, or the error it stopped with. */
async function engineApply(
  engine: 'duckdb' | 'postgres',
  policy: string,
  plan: string,
  csv: string,
  tableName: string,
): Promise<{ header: string[]; rows: string[][] } | { error: string }> {
  const r = kanon(['sql', '--dialect', engine, '-p', policy, '--table', tableName, '--plan', plan, '--only', 'apply']);
  assert.is(r.code, 0, r.stderr);
  if (engine === 'duckdb') {
    await duckLoad(tableName, csv);
    try {
      const res = await (await duck()).runAndReadAll(r.stdout);
      return { header: res.columnNames(), rows: res.getRows().map((row) => row.map((v) => String(v))) };
    } catch (e) {
      return { error: (e as Error).message };
    }
  }
  const cols = HEADER.map((h) => `"${h}" text`).join(', ');
  const res = psql(
    `DROP TABLE IF EXISTS "${tableName}"; CREATE TABLE "${tableName}" (${cols});\n\\copy "${tableName}" FROM '${csv}' WITH (FORMAT csv, HEADER true)\n${r.stdout}`,
  );
  if (res.code !== 0) return { error: res.stderr };
  return { header: res.header, rows: res.rows };
}

interface Scenario {
  name: string;
  privacy: Record<string, unknown>;
  extra?: Record<string, unknown>;
  ref: string[][];
  batches: string[][][];
}

const scenarios: Scenario[] = [
  { name: 'k=3, remove', privacy: { k: 3, suppressionLimit: 0.1 }, ref: table(400, 1), batches: [table(400, 1), table(400, 2), table(350, 3)] },
  { name: 'k=5, star', privacy: { k: 5, suppressionLimit: 0.2, suppressedOutput: 'star' }, ref: table(500, 4), batches: [table(500, 4), table(450, 5)] },
  {
    name: 'k=2, file and cut hierarchies',
    privacy: { k: 2, suppressionLimit: 0.05 },
    extra: {
      zip: { role: 'quasi', hierarchy: { type: 'file', path: 'zip.csv' } },
      age: {
        role: 'quasi',
        hierarchy: {
          type: 'interval',
          cuts: [
            [18, 30, 50, 65],
            [30, 65],
          ],
        },
      },
    },
    ref: table(300, 6, (r) => {
      r[4] = r[4]!.slice(0, 3);
    }),
    batches: [
      table(300, 7, (r) => {
        r[4] = r[4]!.slice(0, 3);
      }),
    ],
  },
  {
    name: 'k=2, fewer quasi-identifiers: low interval, mask and date levels',
    privacy: { k: 2, suppressionLimit: 0.1 },
    extra: { sex: { role: 'insensitive' }, birth_date: { role: 'quasi', hierarchy: { type: 'date', levels: ['year', 'decade'] } } },
    ref: table(800, 12),
    batches: [table(800, 12), table(700, 13)],
  },
  // The reference has few rare classes; the batch is made of rare ones: beyond the limit.
  {
    name: 'a batch the plan no longer protects',
    privacy: { k: 4, suppressionLimit: 0.02 },
    ref: table(600, 8, (r) => {
      r[6] = String(30 + (Number(r[6]) % 10));
    }),
    // 60 rows: many in small classes; 5 rows: every record suppressed (no row passes the filter,
    // the check must still stop the query).
    batches: [table(60, 9), table(5, 10)],
  },
];

let n = 0;
for (const sc of scenarios) {
  test(`${sc.name}: the apply query releases kanon run --plan's rows in DuckDB${pgWhy ? '' : ' and PostgreSQL'}`, async () => {
    const policy = writePolicy(`policy-${n}.json`, sc.privacy, sc.extra);
    const ref = writeCsv(`ref-${n}.csv`, sc.ref);
    const plan = join(dir, `plan-${n}.json`);
    const p = kanon(['plan', ref, '-p', policy, '--plan-out', plan]);
    assert.is(p.code, 0, p.stderr);
    for (const [b, rows] of sc.batches.entries()) {
      const csv = writeCsv(`batch-${n}-${b}.csv`, rows);
      const out = join(dir, `out-${n}-${b}.csv`);
      const run = kanon(['run', csv, '-p', policy, '--plan', plan, '--no-escape-formulas', '-o', out]);
      for (const engine of ['duckdb', 'postgres'] as const) {
        if (engine === 'postgres' && pgWhy) continue;
        const got = await engineApply(engine, policy, plan, csv, `t_${n}_${b}`);
        if (run.code === 4) {
          assert.ok('error' in got, `${engine}: the query must stop where kanon run --plan exits 4`);
          if ('error' in got) assert.ok(got.error.includes('kanon: PRIVACY_UNSATISFIABLE'), got.error);
          continue;
        }
        assert.is(run.code, 0, run.stderr);
        if ('error' in got) throw new Error(`${engine}: ${got.error}`);
        const want = readCsv(out);
        assert.equal(got.header, want.header, `${engine}: columns and their order`);
        assert.ok(want.rows.length > 0);
        assert.equal(multiset(got.rows), multiset(want.rows), `${engine}: released rows, batch ${b}`);
      }
    }
    n++;
  });
}

test("Adult (30,162 records, nine quasi-identifiers, ARX file hierarchies, k=5 at 5 %): the README flow gives kanon run --plan's rows", async () => {
  const policy = fixture('adult.policy.json');
  const csv = fixture('adult', 'adult.csv');
  const plan = join(dir, 'adult-plan.json');
  assert.is(kanon(['plan', csv, '-p', policy, '--plan-out', plan]).code, 0);
  const out = join(dir, 'adult-out.csv');
  const run = kanon(['run', csv, '-p', policy, '--plan', plan, '--no-escape-formulas', '--out-delimiter', ',', '-o', out]);
  assert.is(run.code, 0, run.stderr);
  const want = readCsv(out);
  for (const engine of ['duckdb', 'postgres'] as const) {
    if (engine === 'postgres' && pgWhy) continue;
    const q = kanon(['sql', '--dialect', engine, '-p', policy, '--table', 'adult', '--plan', plan, '--only', 'apply']);
    assert.is(q.code, 0, q.stderr);
    let header: string[];
    let rows: string[][];
    if (engine === 'duckdb') {
      await duckLoad('adult', csv, ';');
      const res = await (await duck()).runAndReadAll(q.stdout);
      header = res.columnNames();
      rows = res.getRows().map((row) => row.map((v) => String(v)));
    } else {
      const cols = want.header.map((h) => `"${h}" text`).join(', ');
      const res = psql(
        `DROP TABLE IF EXISTS adult; CREATE TABLE adult (${cols});\n\\copy adult FROM '${csv}' WITH (FORMAT csv, HEADER true, DELIMITER ';')\n${q.stdout}`,
      );
      assert.is(res.code, 0, res.stderr);
      header = res.header;
      rows = res.rows;
    }
    assert.equal(header, want.header, engine);
    assert.is(rows.length, want.rows.length, engine);
    assert.equal(multiset(rows), multiset(want.rows), engine);
  }
});

test("the whole warehouse flow: frequency query → kanon plan --frequencies → apply query gives kanon run --plan's rows (Adult, DuckDB and PostgreSQL)", async () => {
  const policy = fixture('adult.policy.json');
  const csv = fixture('adult', 'adult.csv');
  for (const engine of ['duckdb', 'postgres'] as const) {
    if (engine === 'postgres' && pgWhy) continue;
    const fq = kanon(['sql', '--dialect', engine, '-p', policy, '--table', 'adult', '--only', 'frequencies']);
    assert.is(fq.code, 0, fq.stderr);
    // The warehouse side: the frequency query's result saved as CSV.
    const counts = join(dir, `adult-counts-${engine}.csv`);
    if (engine === 'duckdb') {
      await duckLoad('adult', csv, ';');
      await (await duck()).run(`COPY (${fq.stdout.trim().replace(/;$/, '')}) TO '${counts}' (FORMAT csv, HEADER true)`);
    } else {
      const cols = readFileSync(csv, 'utf8')
        .split(/\r?\n/)[0]!
        .split(';')
        .map((h) => `"${h}" text`);
      const res = psql(
        `DROP TABLE IF EXISTS adult; CREATE TABLE adult (${cols.join(', ')});\n\\copy adult FROM '${csv}' WITH (FORMAT csv, HEADER true, DELIMITER ';')\n${fq.stdout}`,
      );
      assert.is(res.code, 0, res.stderr);
      writeFileSync(counts, [res.header, ...res.rows].map((r) => r.map(csvCell).join(',')).join('\n') + '\n');
    }
    const plan = join(dir, `adult-freq-plan-${engine}.json`);
    const p = kanon(['plan', '--frequencies', counts, '-p', policy, '--plan-out', plan]);
    assert.is(p.code, 0, p.stderr);
    // The plan from the counts equals the plan from the rows (same transformation).
    const rowsPlan = join(dir, `adult-rows-plan-${engine}.json`);
    assert.is(kanon(['plan', csv, '-p', policy, '--plan-out', rowsPlan]).code, 0);
    assert.equal(JSON.parse(readFileSync(plan, 'utf8')).transformation, JSON.parse(readFileSync(rowsPlan, 'utf8')).transformation);
    const out = join(dir, `adult-freq-out-${engine}.csv`);
    const run = kanon(['run', csv, '-p', policy, '--plan', plan, '--no-escape-formulas', '--out-delimiter', ',', '-o', out]);
    assert.is(run.code, 0, run.stderr);
    const want = readCsv(out);
    const aq = kanon(['sql', '--dialect', engine, '-p', policy, '--table', 'adult', '--plan', plan, '--only', 'apply']);
    assert.is(aq.code, 0, aq.stderr);
    let rows: string[][];
    if (engine === 'duckdb') rows = (await (await duck()).runAndReadAll(aq.stdout)).getRows().map((row) => row.map((v) => String(v)));
    else {
      const res = psql(aq.stdout);
      assert.is(res.code, 0, res.stderr);
      rows = res.rows;
    }
    assert.is(rows.length, want.rows.length, engine);
    assert.ok(rows.length > 25000, 'most of Adult is released');
    assert.equal(multiset(rows), multiset(want.rows), engine);
  }
});

test('the exit-4 scenario does exit 4 in kanon (the test above is not vacuous)', () => {
  const sc = scenarios.find((x) => x.name.startsWith('a batch'))!;
  const policy = writePolicy('policy-x.json', sc.privacy);
  const plan = join(dir, 'plan-x.json');
  assert.is(kanon(['plan', writeCsv('ref-x.csv', sc.ref), '-p', policy, '--plan-out', plan]).code, 0);
  assert.is(kanon(['run', writeCsv('batch-x.csv', sc.batches[0]!), '-p', policy, '--plan', plan, '-o', join(dir, 'x.csv')]).code, 4);
});

test('the frequency-set query counts what the file holds, in DuckDB and PostgreSQL', async () => {
  const rows = table(500, 11);
  const csv = writeCsv('freq.csv', rows);
  const policy = writePolicy('policy-freq.json', { k: 2 });
  const want = new Map<string, number>();
  for (const r of rows) {
    const key = JSON.stringify([r[3], r[4], r[5], r[6], r[7]]);
    want.set(key, (want.get(key) ?? 0) + 1);
  }
  const expected = [...want].map(([k, c]) => JSON.stringify([...JSON.parse(k), String(c)])).sort();
  for (const engine of ['duckdb', 'postgres'] as const) {
    if (engine === 'postgres' && pgWhy) continue;
    const q = kanon(['sql', '--dialect', engine, '-p', policy, '--table', 'freq', '--only', 'frequencies']);
    assert.is(q.code, 0, q.stderr);
    let header: string[];
    let got: string[][];
    if (engine === 'duckdb') {
      await duckLoad('freq', csv);
      const res = await (await duck()).runAndReadAll(q.stdout);
      header = res.columnNames();
      got = res.getRows().map((row) => row.map((v) => String(v)));
    } else {
      const cols = HEADER.map((h) => `"${h}" text`).join(', ');
      const res = psql(`DROP TABLE IF EXISTS freq; CREATE TABLE freq (${cols});\n\\copy freq FROM '${csv}' WITH (FORMAT csv, HEADER true)\n${q.stdout}`);
      assert.is(res.code, 0, res.stderr);
      header = res.header;
      got = res.rows;
    }
    assert.equal(header, ['birth_date', 'zip', 'sex', 'age', 'diagnosis', 'count']);
    assert.equal(multiset(got), expected, engine);
  }
});

test.run();
