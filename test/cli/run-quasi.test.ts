// kanon run with quasi-identifiers: every claim of the report is checked on the written file
// by an independent grouping of its rows (test/helpers/verify.ts).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { fixture, kanon, tempDir } from '../helpers/cli.js';
import { measure } from '../helpers/verify.js';

const ADULT = fixture('adult', 'adult.csv');
const QIS = ['sex', 'age', 'race', 'marital-status', 'education', 'native-country', 'workclass', 'occupation', 'salary-class'];
const N = 30162;
const dir = tempDir();

function adultPolicy(name: string, privacy: object, opts: { sensitive?: string; risk?: object } = {}): string {
  const columns: Record<string, object> = {};
  for (const c of QIS) {
    columns[c] = c === opts.sensitive ? { role: 'sensitive' } : { role: 'quasi', hierarchy: fixture('adult', `adult_hierarchy_${c}.csv`) };
  }
  const path = join(dir, `${name}.json`);
  writeFileSync(path, JSON.stringify({ input: { delimiter: ';' }, columns, privacy, ...(opts.risk ? { risk: opts.risk } : {}) }));
  return path;
}

function readCsv(path: string): { header: string[]; rows: string[][] } {
  const rows: string[][] = parse(readFileSync(path, 'utf8'), { delimiter: ';' });
  return { header: rows.shift()!, rows };
}

const cases: { name: string; privacy: any; sensitive?: string }[] = [
  { name: 'k5-5pct', privacy: { k: 5, suppressionLimit: 0.05 } },
  { name: 'k10-0pct', privacy: { k: 10 } },
  { name: 'k5-l3', privacy: { k: 5, suppressionLimit: 0.05, lDiversity: { column: 'occupation', variant: 'distinct', l: 3 } }, sensitive: 'occupation' },
  { name: 'k5-t02', privacy: { k: 5, tCloseness: { column: 'occupation', measure: 'equal', t: 0.2 } }, sensitive: 'occupation' },
];

for (const c of cases) {
  test(`Adult ${c.name}: k, l, t and suppression hold on the written file and match the report`, () => {
    const pol = adultPolicy(c.name, c.privacy, c.sensitive ? { sensitive: c.sensitive } : {});
    const out = join(dir, `${c.name}.csv`);
    const rep = join(dir, `${c.name}.report.json`);
    const r = kanon(['run', ADULT, '-p', pol, '-o', out, '-r', rep]);
    assert.is(r.code, 0, r.stderr);
    const { header, rows } = readCsv(out);
    const qis = QIS.filter((q) => q !== c.sensitive);
    const m = measure(header, rows, qis, c.sensitive);
    const report = JSON.parse(readFileSync(rep, 'utf8'));
    assert.ok(m.k >= c.privacy.k, `k ${m.k}`);
    assert.ok(N - m.records <= Math.floor((c.privacy.suppressionLimit ?? 0) * N), `suppressed ${N - m.records}`);
    assert.is(report.after.records, m.records);
    assert.is(report.after.classes, m.classes);
    assert.is(report.after.k, m.k);
    assert.is(report.suppression.records, N - m.records);
    // Per-column losses (ARX Loss per attribute) recombine, by ARX's geometric mean, to the
    // loss the search minimized.
    const per = Object.values(report.loss.perColumn) as number[];
    assert.is(per.length, qis.length);
    const combined = per.reduce((p, x) => p * Math.pow(x + 1, 1 / per.length), 1) - 1;
    assert.ok(Math.abs(combined - report.loss.value) < 1e-9, `${combined} vs ${report.loss.value}`);
    if (c.privacy.lDiversity) {
      assert.ok(m.distinctL >= c.privacy.lDiversity.l, `l ${m.distinctL}`);
      assert.is(report.sensitive[0].after.distinctL, m.distinctL);
    }
    if (c.privacy.tCloseness) {
      assert.ok(m.tEqual <= c.privacy.tCloseness.t + 1e-12, `t ${m.tEqual}`);
      assert.ok(Math.abs(report.sensitive[0].after.t - m.tEqual) < 1e-9);
    }
  });
}

test('a pipe (stdin spooled) gives the same bytes as a file; two runs give identical output and report', () => {
  const pol = fixture('adult.policy.json');
  const a = kanon(['run', ADULT, '-p', pol, '-r', join(dir, 'a.json')]);
  const b = kanon(['run', '-p', pol, '-r', join(dir, 'b.json'), '-'], { input: readFileSync(ADULT) });
  assert.is(a.code, 0, a.stderr);
  assert.is(b.code, 0, b.stderr);
  assert.ok(a.stdout.length > 100000);
  assert.is(a.stdout, b.stdout);
  // The same report but for the dataset's name (a file's name, or <stdin>).
  const ra = JSON.parse(readFileSync(join(dir, 'a.json'), 'utf8'));
  const rb = JSON.parse(readFileSync(join(dir, 'b.json'), 'utf8'));
  assert.equal([ra.dataset, rb.dataset], [{ name: 'adult.csv' }, { name: '<stdin>' }]);
  delete ra.dataset;
  delete rb.dataset;
  assert.equal(ra, rb);
  const again = kanon(['run', ADULT, '-p', pol, '-r', join(dir, 'a2.json')]);
  assert.is(again.stdout, a.stdout);
  assert.is(readFileSync(join(dir, 'a2.json'), 'utf8'), readFileSync(join(dir, 'a.json'), 'utf8'));
});

test('--dry-run writes no data but writes the report', () => {
  const out = join(dir, 'dry.csv');
  const rep = join(dir, 'dry.md');
  const json = join(dir, 'dry.json');
  const r = kanon(['run', ADULT, '-p', fixture('adult.policy.json'), '-o', out, '--dry-run', '-r', rep, '-r', json]);
  assert.is(r.code, 0, r.stderr);
  assert.not.ok(existsSync(out));
  assert.is(r.stdout, '');
  // The report describes the planned release: every record, the chosen levels, 5-anonymity.
  const report = JSON.parse(readFileSync(json, 'utf8'));
  assert.is(report.before.records, N);
  assert.ok(report.after.k >= 5);
  assert.is(report.after.records + report.suppression.records, N);
  const levels = Object.fromEntries(report.columns.filter((c: any) => c.role === 'quasi').map((c: any) => [c.name, c.level]));
  assert.match(
    r.stderr,
    new RegExp(
      `search: ${Object.entries(levels)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')};`,
    ),
  );
  // The Markdown report carries the same numbers.
  const md = readFileSync(rep, 'utf8');
  const fmt = (n: number): string => n.toLocaleString('en-US');
  assert.ok(
    md.includes(`${fmt(N)} records in, ${fmt(report.after.records)} released, ${fmt(report.suppression.records)} suppressed`),
    'the Markdown report has the same counts',
  );
});

test('a failing risk threshold exits 4, writes no output file, and still writes the reports', () => {
  const pol = adultPolicy('gate', { k: 5, suppressionLimit: 0.05 }, { risk: { thresholds: { maxAverageRisk: 0.001, minK: 5 } } });
  const out = join(dir, 'gate.csv');
  const rep = join(dir, 'gate.report.json'); // not gate.json: that is the policy (refused)
  const html = join(dir, 'gate.html');
  const r = kanon(['run', ADULT, '-p', pol, '-o', out, '-r', rep, '-r', html]);
  assert.is(r.code, 4);
  assert.match(r.stderr, /RISK_THRESHOLD_EXCEEDED/);
  assert.match(r.stderr, /maxAverageRisk/);
  assert.not.ok(existsSync(out));
  const report = JSON.parse(readFileSync(rep, 'utf8'));
  assert.is(report.gate.passed, false);
  assert.equal(
    report.gate.failures.map((f: any) => f.threshold),
    ['maxAverageRisk'],
  );
  assert.ok(existsSync(html));
});

test('suppressedOutput "star" keeps suppressed rows with every QI "*", and the report counts them as a class', () => {
  const pol = adultPolicy('star', { k: 5, suppressionLimit: 0.05, suppressedOutput: 'star' });
  const out = join(dir, 'star.csv');
  const rep = join(dir, 'star.report.json'); // not star.json: that is the policy (refused)
  const r = kanon(['run', ADULT, '-p', pol, '-o', out, '-r', rep]);
  assert.is(r.code, 0, r.stderr);
  const { header, rows } = readCsv(out);
  assert.is(rows.length, N);
  const stars = rows.filter((row) => row.every((v) => v === '*')).length;
  assert.ok(stars > 0);
  const m = measure(header, rows, QIS);
  const report = JSON.parse(readFileSync(rep, 'utf8'));
  assert.is(report.after.records, N);
  assert.is(report.after.classes, m.classes);
  assert.is(report.after.k, m.k);
});

test('a value missing from its hierarchy is HIERARCHY_VALUE_MISSING with line and column, no value, no output', () => {
  const lines = readFileSync(ADULT, 'utf8').split('\r\n');
  const cells = lines[5]!.split(';');
  cells[1] = 'UNSEENAGE';
  lines[5] = cells.join(';');
  const bad = join(dir, 'bad.csv');
  writeFileSync(bad, lines.join('\r\n'));
  const out = join(dir, 'bad.out.csv');
  const r = kanon(['run', bad, '-p', fixture('adult.policy.json'), '-o', out]);
  assert.is(r.code, 3);
  assert.match(r.stderr, /HIERARCHY_VALUE_MISSING: .*line 6, column "age"/);
  assert.not.match(r.stderr, /UNSEENAGE/);
  assert.not.ok(existsSync(out));
});

test('no solution within the suppression limit is PRIVACY_UNSATISFIABLE (exit 4)', () => {
  const r = kanon(['run', '-p', adultPolicy('unsat', { k: 40000 }), '-'], { input: readFileSync(ADULT) });
  assert.is(r.code, 4);
  assert.match(r.stderr, /PRIVACY_UNSATISFIABLE/);
  assert.is(r.stdout, '');
});

test('the stdin spool is private while it lives and removed after a failed run', () => {
  const tmp = tempDir();
  const r = kanon(['run', '-p', adultPolicy('unsat2', { k: 40000 }), '-'], { input: readFileSync(ADULT), env: { TMPDIR: tmp } });
  assert.is(r.code, 4);
  assert.equal(readdirSync(tmp), []);
  const ok = kanon(['run', '-p', fixture('adult.policy.json'), '--dry-run', '-'], { input: readFileSync(ADULT), env: { TMPDIR: tmp } });
  assert.is(ok.code, 0, ok.stderr);
  assert.equal(readdirSync(tmp), []);
});

test.run();
