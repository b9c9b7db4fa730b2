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
  const md = join(dir, 'local-k5.report.md');
  const r = kanon(['run', ADULT, '-p', pol, '-o', out, '-r', rep, '-r', md]);
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
  // no level is claimed for a locally recoded column (there is none), nor a search optimum
  for (const c of report.columns) {
    assert.is(c.recoding, 'local', c.name);
    assert.is(c.level, undefined, c.name);
  }
  assert.is(report.search, undefined);
  const mdText = readFileSync(md, 'utf8');
  for (const q of QIS) assert.not.match(mdText, new RegExp(`\\| ${q} \\| quasi \\| level`));
  // ranges are written "[lo,hi]" and the same age range can differ between records
  assert.ok(rows.some((row) => /^\[\d+,\d+\]$/.test(row[header.indexOf('age')]!)));
});

test('recoding "local": shuffled input rows give the same output rows (sorted), and the same report figures', () => {
  const pol = policy('local-k10', { k: 10, suppressionLimit: 0.05, recoding: 'local' });
  const text = readFileSync(ADULT, 'utf8').split('\r\n');
  const head = text[0]!,
    body = text.slice(1).filter((l) => l !== '');
  // a fixed permutation (reversed, then odd/even interleaved)
  const rev = body.reverse();
  const shuffled = [...rev.filter((_, i) => i % 2 === 1), ...rev.filter((_, i) => i % 2 === 0)];
  const input = join(dir, 'shuffled.csv');
  writeFileSync(input, [head, ...shuffled].join('\r\n') + '\r\n');
  const a = kanon(['run', ADULT, '-p', pol, '-o', join(dir, 'a.csv'), '-r', join(dir, 'a.json')]);
  const b = kanon(['run', input, '-p', pol, '-o', join(dir, 'b.csv'), '-r', join(dir, 'b.json')]);
  assert.is(a.code, 0, a.stderr);
  assert.is(b.code, 0, b.stderr);
  const lines = (f: string) =>
    readFileSync(join(dir, f), 'utf8')
      .split(/\r?\n/)
      .filter((l) => l !== '')
      .sort();
  assert.equal(lines('b.csv'), lines('a.csv'));
  const ra = JSON.parse(readFileSync(join(dir, 'a.json'), 'utf8')),
    rb = JSON.parse(readFileSync(join(dir, 'b.json'), 'utf8'));
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
  const m = measure(
    header,
    rows,
    QIS.filter((q) => q !== 'occupation'),
    'occupation',
  );
  const report = JSON.parse(readFileSync(rep, 'utf8'));
  assert.ok(m.k >= 5 && m.distinctL >= 3, `k ${m.k} l ${m.distinctL}`);
  assert.is(report.after.classes, m.classes);
  assert.is(report.sensitive[0].after.distinctL, m.distinctL);
});

test('recoding "local" with entropy 1.8-diversity on salary-class and suppressedOutput "star": the starred rows are the report\'s suppressed, the rest hold the models, the report\'s distributions count the written labels', () => {
  const pol = policy(
    'local-star',
    { k: 5, suppressionLimit: 0.2, lDiversity: { column: 'salary-class', variant: 'entropy', l: 1.8 }, suppressedOutput: 'star', recoding: 'local' },
    'salary-class',
  );
  const out = join(dir, 'local-star.csv');
  const rep = join(dir, 'local-star.report.json');
  const r = kanon(['run', ADULT, '-p', pol, '-o', out, '-r', rep]);
  assert.is(r.code, 0, r.stderr);
  const { header, rows } = readCsv(out);
  const qis = QIS.filter((q) => q !== 'salary-class');
  const qi = qis.map((c) => header.indexOf(c));
  const starred = rows.filter((row) => qi.every((j) => row[j] === '*'));
  const kept = rows.filter((row) => !qi.every((j) => row[j] === '*'));
  const report = JSON.parse(readFileSync(rep, 'utf8'));
  assert.is(rows.length, N);
  assert.ok(starred.length > 0, 'the whole table fails entropy 1.8-diversity: some records are suppressed');
  assert.is(report.suppression.records, starred.length);
  // entropy l of every written class of kept rows (an own implementation)
  const m = measure(header, kept, qis, 'salary-class');
  assert.ok(m.k >= 5, `k ${m.k}`);
  const s = header.indexOf('salary-class');
  const classes = new Map<string, string[]>();
  for (const row of kept) {
    const key = JSON.stringify(qi.map((j) => row[j]));
    const l = classes.get(key) ?? [];
    l.push(row[s]!);
    classes.set(key, l);
  }
  for (const values of classes.values()) {
    const counts = new Map<string, number>();
    for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
    let h = 0;
    for (const c of counts.values()) h -= (c / values.length) * Math.log(c / values.length);
    assert.ok(Math.exp(h) >= 1.8 - 1e-9, `entropy l ${Math.exp(h)}`);
  }
  // distributions: per QI the written labels' counts (kept + the "*" rows), each shown label as written
  assert.is(report.distributions.length, qis.length);
  for (const d of report.distributions) {
    assert.is(d.after.records, N);
    const j = header.indexOf(d.column);
    const written = new Map<string, number>();
    for (const row of rows) written.set(row[j]!, (written.get(row[j]!) ?? 0) + 1);
    // the "*" of suppressed rows is its own bar, also where a hierarchy's root is written "*"
    const keptLabels = new Set(kept.map((row) => row[j]!));
    assert.is(d.after.distinct, keptLabels.size + 1, d.column);
    const shown = new Map<string, number>();
    for (const bar of d.after.bars) if (bar.label !== undefined) shown.set(bar.label, (shown.get(bar.label) ?? 0) + bar.count);
    for (const [label, count] of shown) assert.is(count, written.get(label), `${d.column} ${label}`);
  }
  assert.is(report.search, undefined);
});

test('validate with recoding "local": no lattice size; a population table is POLICY_INVALID at /risk/populationTable', () => {
  const pol = policy('local-validate', { k: 5, recoding: 'local' });
  const v = kanon(['validate', '-p', pol, ADULT, '--json']);
  assert.is(v.code, 0, v.stderr);
  const res = JSON.parse(v.stdout);
  assert.is(res.search, undefined);
  const columns: Record<string, object> = {};
  for (const c of QIS) columns[c] = { role: 'quasi', hierarchy: fixture('adult', `adult_hierarchy_${c}.csv`) };
  const pop = join(dir, 'local-validate-pop.json');
  writeFileSync(pop, JSON.stringify({ input: { delimiter: ';' }, columns, privacy: { k: 5, recoding: 'local' }, risk: { populationTable: ADULT } }));
  const w = kanon(['validate', '-p', pop, '--json']);
  assert.is(w.code, 2, w.stderr);
  assert.match(w.stdout + w.stderr, /POLICY_INVALID/);
  assert.match(w.stdout + w.stderr, /\/risk\/populationTable/);
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
