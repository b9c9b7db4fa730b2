// kanon run with privacy.recoding "local" on Adult: the written file is grouped independently
// (test/helpers/verify.ts) and every claim of the report is checked against it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { fixture, kanon, tempDir } from '../helpers/cli.js';
import { measure } from '../helpers/verify.js';

const ADULT = fixture('adult', 'adult.csv');
const QIS = ['sex', 'age', 'race', 'marital-status', 'education', 'native-country', 'workclass', 'occupation', 'salary-class'];
const N = 30162;
const dir = tempDir();

function policy(name: string, privacy: object, sensitive?: string): string {
  const columns: Record<string, object> = {};
  for (const c of QIS) columns[c] = c === sensitive ? { role: 'sensitive' } : { role: 'quasi', hierarchy: fixture('adult', `adult_hierarchy_${c}.csv`) };
  const path = join(dir, `${name}.json`);
  writeFileSync(path, JSON.stringify({ input: { delimiter: ';' }, columns, privacy }));
  return path;
}
const readCsv = (path: string): { header: string[]; rows: string[][] } => {
  const rows: string[][] = parse(readFileSync(path, 'utf8'), { delimiter: ';' });
  return { header: rows.shift()!, rows };
};

test('recoding "local" on Adult, k=5 at 5 %: the written file has k ≥ 5, the report\'s classes, k and loss, and far more classes than full-domain', () => {
  const pol = policy('local-k5', { k: 5, suppressionLimit: 0.05, recoding: 'local' });
  const out = join(dir, 'local-k5.csv');
  const rep = join(dir, 'local-k5.report.json');
  const r = kanon(['run', ADULT, '-p', pol, '-o', out, '-r', rep]);
  assert.is(r.code, 0, r.stderr);
  const { header, rows } = readCsv(out);
  const m = measure(header, rows, QIS);
  const report = JSON.parse(readFileSync(rep, 'utf8'));
  assert.ok(m.k >= 5, `k ${m.k}`);
  assert.ok(m.classes >= 2500, `${m.classes} classes`);
  assert.is(report.after.records, m.records);
  assert.is(report.after.classes, m.classes);
  assert.is(report.after.k, m.k);
  assert.is(report.suppression.records, N - m.records);
  assert.is(report.loss.metric, 'loss');
  assert.ok(report.loss.value < 0.2419, `loss ${report.loss.value}`);
  const per = Object.values(report.loss.perColumn) as number[];
  const combined = per.reduce((p, x) => p * Math.pow(x + 1, 1 / per.length), 1) - 1;
  assert.ok(Math.abs(combined - report.loss.value) < 1e-9);
  // ranges are written "[lo,hi]" and the same age range can differ between records
  assert.ok(rows.some((row) => /^\[\d+,\d+\]$/.test(row[header.indexOf('age')]!)));
});

test('recoding "local": shuffled input rows give the same output rows (sorted), and the same report figures', () => {
  const pol = policy('local-k10', { k: 10, suppressionLimit: 0.05, recoding: 'local' });
  const text = readFileSync(ADULT, 'utf8').split('\r\n');
  const head = text[0]!, body = text.slice(1).filter((l) => l !== '');
  // a fixed permutation (reversed, then odd/even interleaved)
  const rev = body.reverse();
  const shuffled = [...rev.filter((_, i) => i % 2 === 1), ...rev.filter((_, i) => i % 2 === 0)];
  const input = join(dir, 'shuffled.csv');
  writeFileSync(input, [head, ...shuffled].join('\r\n') + '\r\n');
  const a = kanon(['run', ADULT, '-p', pol, '-o', join(dir, 'a.csv'), '-r', join(dir, 'a.json')]);
  const b = kanon(['run', input, '-p', pol, '-o', join(dir, 'b.csv'), '-r', join(dir, 'b.json')]);
  assert.is(a.code, 0, a.stderr);
  assert.is(b.code, 0, b.stderr);
  const lines = (f: string) => readFileSync(join(dir, f), 'utf8').split(/\r?\n/).filter((l) => l !== '').sort();
  assert.equal(lines('b.csv'), lines('a.csv'));
  const ra = JSON.parse(readFileSync(join(dir, 'a.json'), 'utf8')), rb = JSON.parse(readFileSync(join(dir, 'b.json'), 'utf8'));
  assert.is(rb.loss.value, ra.loss.value);
  assert.is(rb.after.classes, ra.after.classes);
  assert.is(rb.after.k, ra.after.k);
});

test('recoding "local" with distinct 3-diversity on occupation holds on the written file', () => {
  const pol = policy('local-l3', { k: 5, lDiversity: { column: 'occupation', l: 3 }, recoding: 'local' }, 'occupation');
  const out = join(dir, 'local-l3.csv');
  const rep = join(dir, 'local-l3.report.json');
  const r = kanon(['run', ADULT, '-p', pol, '-o', out, '-r', rep]);
  assert.is(r.code, 0, r.stderr);
  const { header, rows } = readCsv(out);
  const m = measure(header, rows, QIS.filter((q) => q !== 'occupation'), 'occupation');
  const report = JSON.parse(readFileSync(rep, 'utf8'));
  assert.ok(m.k >= 5 && m.distinctL >= 3, `k ${m.k} l ${m.distinctL}`);
  assert.is(report.after.classes, m.classes);
  assert.is(report.sensitive[0].after.distinctL, m.distinctL);
});

test('recoding "local" that cannot be met is PRIVACY_UNSATISFIABLE (exit 4) and writes nothing; an unknown recoding is a policy error', () => {
  const pol = policy('local-unsat', { k: N + 1, recoding: 'local' });
  const out = join(dir, 'unsat.csv');
  const r = kanon(['run', ADULT, '-p', pol, '-o', out]);
  assert.match(r.stderr, /PRIVACY_UNSATISFIABLE/);
  assert.is(r.code, 4);
  assert.not.ok(existsSync(out));
  const bad = policy('local-bad', { k: 5, recoding: 'mondrian' });
  const b = kanon(['run', ADULT, '-p', bad, '-o', out]);
  assert.is(b.code, 2);
  assert.match(b.stderr, /POLICY_SCHEMA/);
});

test('recoding "local" with a population table is POLICY_INVALID (exit 2) naming /risk/populationTable, and writes nothing', () => {
  const columns: Record<string, object> = {};
  for (const c of QIS) columns[c] = { role: 'quasi', hierarchy: fixture('adult', `adult_hierarchy_${c}.csv`) };
  const pol = join(dir, 'local-pop.json');
  writeFileSync(pol, JSON.stringify({ input: { delimiter: ';' }, columns, privacy: { k: 5, recoding: 'local' }, risk: { populationTable: ADULT } }));
  const out = join(dir, 'pop.csv');
  const r = kanon(['run', ADULT, '-p', pol, '-o', out]);
  assert.is(r.code, 2, r.stderr);
  assert.match(r.stderr, /POLICY_INVALID/);
  assert.match(r.stderr, /\/risk\/populationTable/);
  assert.not.ok(existsSync(out));
});

test.run();
