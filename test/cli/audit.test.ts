import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixture, kanon, tempDir } from '../helpers/cli.js';

const ADULT_QI = 'sex,age,race,marital-status,education,native-country,workclass,occupation,salary-class';

test('Adult, all nine columns as QIs: records, uniques, average risk and share > 0.2 match a direct count', () => {
  const r = kanon(['audit', fixture('adult', 'adult.csv'), '--qi', ADULT_QI, '--json', '-q']);
  assert.is(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout);
  // Independent count: group the raw lines.
  const lines = readFileSync(fixture('adult', 'adult.csv'), 'utf8')
    .split('\r\n')
    .filter((l) => l.length)
    .slice(1);
  const counts = new Map<string, number>();
  for (const l of lines) counts.set(l, (counts.get(l) ?? 0) + 1);
  const sizes = [...counts.values()];
  const n = lines.length;
  assert.is(n, 30162);
  assert.is(report.after.records, n);
  assert.is(report.after.classes, counts.size);
  assert.is(report.after.sampleUniques, sizes.filter((s) => s === 1).length);
  assert.ok(Math.abs(report.after.prosecutor.average - counts.size / n) < 1e-12);
  const above = sizes.filter((s) => 1 / s > 0.2).reduce((a, s) => a + s, 0) / n;
  const tau = report.after.prosecutor.recordsAtRisk.find((x: any) => x.risk === 0.2);
  assert.ok(Math.abs(tau.share - above) < 1e-12, `${tau.share} vs ${above}`);
});

test('hand-counted: people.csv on sex and zip', () => {
  // (F,81675)×3, (M,81677)×3, and four singletons: 6 classes, k = 1, 4 uniques,
  // average risk 6/10, every record above 0.2 (largest class 3 → risk 1/3).
  const r = kanon(['audit', fixture('people.csv'), '--qi', 'sex,zip', '--sensitive', 'diagnosis', '--json', '-q']);
  assert.is(r.code, 0, r.stderr);
  const a = JSON.parse(r.stdout).after;
  assert.is(a.records, 10);
  assert.is(a.classes, 6);
  assert.is(a.k, 1);
  assert.is(a.sampleUniques, 4);
  assert.is(a.prosecutor.highest, 1);
  assert.ok(Math.abs(a.prosecutor.average - 0.6) < 1e-12);
  assert.is(a.prosecutor.recordsAtRisk.find((x: any) => x.risk === 0.2).share, 1);
  // diagnosis: the (F,81675) class holds flu, flu, diabetes; singletons have one value → l = 1.
  const s = JSON.parse(r.stdout).sensitive[0];
  assert.is(s.column, 'diagnosis');
  assert.is(s.after.distinctL, 1);
});

function policyWithGate(dir: string, thresholds: object): string {
  const p = JSON.parse(readFileSync(fixture('people.policy.json'), 'utf8'));
  p.columns.sex = { role: 'quasi', hierarchy: { type: 'mask' } };
  p.columns.zip = { role: 'quasi', hierarchy: { type: 'mask' } };
  p.columns.diagnosis = { role: 'sensitive' };
  p.risk = { thresholds };
  const path = join(dir, 'gate.policy.json');
  writeFileSync(path, JSON.stringify(p));
  return path;
}

test('a failing threshold exits 4, names it and by how much, and still writes the report files', () => {
  const dir = tempDir();
  const pol = policyWithGate(dir, { minK: 2, maxAverageRisk: 0.5 });
  const json = join(dir, 'risk.json');
  const md = join(dir, 'risk.md');
  const r = kanon(['audit', fixture('people.csv'), '-p', pol, '-r', json, '-r', md]);
  assert.is(r.code, 4, r.stderr);
  assert.match(r.stderr, /RISK_THRESHOLD_EXCEEDED/);
  assert.match(r.stderr, /minK/);
  assert.match(r.stderr, /maxAverageRisk/);
  const report = JSON.parse(readFileSync(json, 'utf8'));
  assert.is(report.gate.passed, false);
  assert.equal(report.gate.failures.map((f: any) => f.threshold).sort(), ['maxAverageRisk', 'minK']);
  const avg = report.gate.failures.find((f: any) => f.threshold === 'maxAverageRisk');
  assert.ok(Math.abs(avg.by - 0.1) < 1e-12);
  assert.ok(existsSync(md));
  assert.is(r.stdout, '');
});

test('a passing gate exits 0 and records it', () => {
  const dir = tempDir();
  const pol = policyWithGate(dir, { minK: 1 });
  const r = kanon(['audit', fixture('people.csv'), '-p', pol, '--json', '-q']);
  assert.is(r.code, 0, r.stderr);
  assert.is(JSON.parse(r.stdout).gate.passed, true);
});

test('reports hold no cell values unless --report-values', () => {
  const dir = tempDir();
  const csv = 'qa,qb,s\n' + Array.from({ length: 8 }, (_, i) => `CANARYQA${i % 3}Q,CANARYQB${i % 2}Q,CANARYS${i}Q`).join('\n') + '\n';
  const files = ['r.json', 'r.md', 'r.html'].map((f) => join(dir, f));
  const r = kanon(['audit', '--qi', 'qa,qb', '--sensitive', 's', ...files.flatMap((f) => ['-r', f]), '--json', '-'], { input: csv });
  assert.is(r.code, 0, r.stderr);
  for (const text of [r.stdout, r.stderr, ...files.map((f) => readFileSync(f, 'utf8'))]) assert.not.match(text, /CANARY/);
  const v = kanon(['audit', '--qi', 'qa,qb', '--report-values', '--json', '-q', '-'], { input: csv });
  assert.match(v.stdout, /CANARYQA/);
});

test('usage errors: no QIs, an unknown --qi column (with a suggestion), a bad report extension', () => {
  assert.is(kanon(['audit', fixture('people.csv')]).code, 2);
  const u = kanon(['audit', fixture('people.csv'), '--qi', 'sex,zipp']);
  assert.is(u.code, 2);
  assert.match(u.stderr, /USAGE: [^\n]*column "zipp"/);
  assert.match(u.stderr, /input column 5, "zip"/); // a close header name, as a short prefix
  const e = kanon(['audit', fixture('people.csv'), '--qi', 'sex', '-r', 'x.pdf']);
  assert.is(e.code, 2);
  assert.not.ok(existsSync('x.pdf'));
});

test('population size turns on the uniqueness estimators', () => {
  const r = kanon(['audit', fixture('adult', 'adult.csv'), '--qi', ADULT_QI, '--sampling-fraction', '0.01', '--json', '-q']);
  assert.is(r.code, 0, r.stderr);
  const rep = JSON.parse(r.stdout);
  assert.is(rep.population.size, 3016200);
  assert.ok(rep.populationUniqueness.after.chosen.share > 0 && rep.populationUniqueness.after.chosen.share < 1);
});

test('a population table gives journalist and marketer risk from its class sizes (hand-counted)', () => {
  // The population is people.csv three times over: every class has F = 3f.
  // Journalist highest = 1/min F = 1/3; marketer = (1/n) Σ f/F = 6 classes · (1/3) / 10 = 0.2;
  // journalist average = max(J/ΣF, marketer) = max(6/30, 0.2) = 0.2.
  const dir = tempDir();
  const lines = readFileSync(fixture('people.csv'), 'utf8').trim().split('\n');
  const pop = join(dir, 'population.csv');
  writeFileSync(pop, [lines[0], ...lines.slice(1), ...lines.slice(1), ...lines.slice(1)].join('\n') + '\n');
  const r = kanon(['audit', fixture('people.csv'), '--qi', 'sex,zip', '--population-table', pop, '--json', '-q']);
  assert.is(r.code, 0, r.stderr);
  const rep = JSON.parse(r.stdout);
  assert.is(rep.population.size, 30);
  assert.is(rep.after.journalist.source, 'population-table');
  assert.ok(Math.abs(rep.after.journalist.highest - 1 / 3) < 1e-12);
  assert.ok(Math.abs(rep.after.marketer.average - 0.2) < 1e-12);
  assert.ok(Math.abs(rep.after.journalist.average - 0.2) < 1e-12);
  assert.is(rep.after.prosecutor.highest, 1);
});

test("a policy risk.populationTable is read relative to the policy, with the run's hierarchies", () => {
  const dir = tempDir();
  const lines = readFileSync(fixture('people.csv'), 'utf8').trim().split('\n');
  writeFileSync(join(dir, 'pop.csv'), [lines[0], ...lines.slice(1), ...lines.slice(1)].join('\n') + '\n');
  const p = JSON.parse(readFileSync(fixture('people.policy.json'), 'utf8'));
  p.columns.sex = { role: 'quasi', hierarchy: { type: 'mask' } };
  p.columns.zip = { role: 'quasi', hierarchy: { type: 'mask' } };
  p.privacy = { k: 2 };
  p.risk = { populationTable: 'pop.csv', attacker: 'journalist', thresholds: { maxHighestRisk: 0.25 } };
  delete p.$schema;
  writeFileSync(join(dir, 'p.json'), JSON.stringify(p));
  const rep = join(dir, 'r.json');
  const r = kanon(['run', fixture('people.csv'), '-p', join(dir, 'p.json'), '-r', rep, '-o', join(dir, 'o.csv')]);
  assert.is(r.code, 0, r.stderr);
  const report = JSON.parse(readFileSync(rep, 'utf8'));
  // Released classes have f ≥ 2 and F = 2f ≥ 4: journalist highest ≤ 1/4.
  assert.is(report.after.journalist.source, 'population-table');
  assert.ok(report.after.journalist.highest <= 0.25);
  assert.ok(Math.abs(report.after.journalist.highest - 1 / (2 * report.after.k)) < 1e-12);
  assert.is(report.gate.passed, true);
});

test.run();
