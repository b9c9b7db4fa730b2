// kanon plan --frequencies (issue 16): the Adult extract's frequency set (aggregated here from
// fixtures/adult/adult.csv, as a GROUP BY would) plans the same transformation, with the same
// report numbers, as kanon plan on the rows; kanon run --plan then applies that plan to the
// rows, and the output's k and l are checked by an independent count. Bad frequency files
// fail with coded errors that never echo a value.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { fixture, kanon, tempDir } from '../helpers/cli.js';
import { measure } from '../helpers/verify.js';

const dir = tempDir();
const policy = fixture('adult-frequencies.policy.json');
const rowsCsv = fixture('adult', 'adult.csv');
const QIS = ['sex', 'age', 'race', 'marital-status', 'education'];
const SENS = ['occupation', 'salary-class'];
const file = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const sha = (p: string): string => createHash('sha256').update(readFileSync(p)).digest('hex');
const json = (p: string) => JSON.parse(readFileSync(p, 'utf8'));

// The GROUP BY: distinct (QIs, sensitive values) with their counts.
const adult: string[][] = parse(readFileSync(rowsCsv, 'utf8'), { delimiter: ';' });
const header = adult.shift()!;
const groups = new Map<string, { values: string[]; count: number }>();
for (const row of adult) {
  const values = [...QIS, ...SENS].map((c) => row[header.indexOf(c)]!);
  const key = JSON.stringify(values);
  const g = groups.get(key);
  if (g) g.count++;
  else groups.set(key, { values, count: 1 });
}
const counts = file(
  'counts.csv',
  [[...QIS, ...SENS, 'count'].join(','), ...[...groups.values()].map((g) => [...g.values, g.count].join(','))].join('\n') + '\n',
);
// The same counts with the count column first, named "n", the sensitive columns before the QIs.
const renamed = file(
  'counts-n.csv',
  [
    ['n', ...SENS, ...QIS].join(','),
    ...[...groups.values()].map((g) => [g.count, ...g.values.slice(QIS.length), ...g.values.slice(0, QIS.length)].join(',')),
  ].join('\n') + '\n',
);

interface ReportJson {
  fingerprints: { inputSha256?: string };
  dataset?: unknown;
  columns: { name: string }[];
}
const withoutInput = (r: ReportJson): ReportJson => {
  const c = structuredClone(r);
  delete c.fingerprints.inputSha256;
  delete c.dataset;
  c.columns.sort((a, b) => (a.name < b.name ? -1 : 1));
  return c;
};

test('kanon plan --frequencies gives the plan and report of kanon plan on the rows', () => {
  assert.ok(groups.size < adult.length, 'the frequency set should be smaller than the rows');
  const a = kanon(['plan', rowsCsv, '-p', policy, '--plan-out', join(dir, 'rows.plan.json'), '-r', join(dir, 'rows.report.json')]);
  assert.is(a.code, 0, a.stderr);
  const b = kanon(['plan', '-p', policy, '--frequencies', counts, '--plan-out', join(dir, 'freq.plan.json'), '-r', join(dir, 'freq.report.json')]);
  assert.is(b.code, 0, b.stderr);
  const pa = json(join(dir, 'rows.plan.json')),
    pb = json(join(dir, 'freq.plan.json'));
  // The reference is the frequency file (its bytes), counting the records it stands for.
  assert.is(pb.reference.inputSha256, sha(counts));
  assert.is(pb.reference.records, adult.length);
  assert.ok(pb.reference.suppressed > 0, 'expected some suppression on Adult at k=5, l=2');
  pa.reference.inputSha256 = pb.reference.inputSha256;
  assert.equal(pb, pa);
  const ra = json(join(dir, 'rows.report.json')),
    rb = json(join(dir, 'freq.report.json'));
  assert.is(rb.fingerprints.inputSha256, sha(counts));
  assert.is(rb.before.records, adult.length);
  assert.equal(withoutInput(rb), withoutInput(ra));
  // Another count column name and column order: the same plan.
  const c = kanon(['plan', '-p', policy, '--frequencies', renamed, '--count-column', 'n', '--plan-out', join(dir, 'n.plan.json')]);
  assert.is(c.code, 0, c.stderr);
  const pc = json(join(dir, 'n.plan.json'));
  pc.reference.inputSha256 = pb.reference.inputSha256;
  assert.equal(pc, pb);
});

test('kanon run --plan applies the frequency plan to the rows: k and l hold on the bytes written', () => {
  const out = join(dir, 'release.csv');
  const r = kanon([
    'run',
    rowsCsv,
    '-p',
    policy,
    '--plan',
    join(dir, 'freq.plan.json'),
    '-o',
    out,
    '-r',
    join(dir, 'release.json'),
    '--drift-out',
    join(dir, 'drift.json'),
  ]);
  assert.is(r.code, 0, r.stderr);
  const plan = json(join(dir, 'freq.plan.json'));
  const written: string[][] = parse(readFileSync(out, 'utf8'), { delimiter: ';' });
  const h = written.shift()!;
  const m = measure(h, written, QIS, 'occupation');
  assert.is(m.records, adult.length - plan.reference.suppressed);
  assert.ok(m.k >= 5, `k = ${m.k} in the output`);
  assert.ok(m.distinctL >= 2, `distinct l = ${m.distinctL} in the output`);
  // Every QI cell written is a label of the plan's level in that QI's hierarchy file.
  const level = Object.fromEntries(plan.transformation.quasi.map((q: { column: string; level: number }) => [q.column, q.level]));
  for (const q of QIS) {
    const hier: string[][] = parse(readFileSync(fixture('adult', `adult_hierarchy_${q}.csv`), 'utf8'), { delimiter: ';' });
    const labels = new Set(hier.map((r) => r[level[q]]!));
    const j = h.indexOf(q);
    assert.ok(
      written.every((row) => labels.has(row[j]!)),
      `${q}: a cell not at level ${level[q]}`,
    );
  }
  const drift = json(join(dir, 'drift.json'));
  assert.is(drift.passed, true);
  assert.equal(drift.delta, { records: 0, classes: 0, suppressed: 0, loss: 0, highestProsecutorRisk: 0 });
});

const CANARY = 'ZQX';
function bad(name: string, text: string, args: string[] = []) {
  const out = join(dir, `${name}.plan.json`);
  const r = kanon(['plan', '-p', policy, '--frequencies', file(`${name}.csv`, text), '--plan-out', out, ...args]);
  assert.not.ok(existsSync(out), `${name}: a plan was written`);
  return r;
}
const head = [...QIS, ...SENS, 'count'].join(',');
const line = (count: string) => `Male,39,White,Never-married,Bachelors,Adm-clerical,<=50K,${count}`;

test('a count that is zero, negative, fractional or not a number: INPUT_VALUE with line and column, value not echoed', () => {
  for (const count of ['0', '-3', '2.5', '1e3', `7${CANARY}`, '']) {
    const r = bad('count', `${head}\n${line('4')}\n${line(count)}\n`);
    assert.is(r.code, 3, `${count}: ${r.stderr}`);
    assert.match(r.stderr, /INPUT_VALUE: [^\n]*count\.csv, line 3[^\n]*column "count"/);
    const said = r.stderr
      .split(dir)
      .join('<dir>')
      .replace(/line 3/, '');
    if (count !== '') assert.not.ok(said.includes(count), `${count} echoed: ${r.stderr}`);
  }
});

test('a missing quasi-identifier or count column, an unknown column: INPUT_HEADER, an unmatched header not echoed', () => {
  const noAge = bad('no-age', `${head.replace('age,', '')}\nMale,White,Never-married,Bachelors,Adm-clerical,<=50K,2\n`);
  assert.is(noAge.code, 3, noAge.stderr);
  assert.match(noAge.stderr, /INPUT_HEADER: [^\n]*column "age"/);
  const noCount = bad('no-count', `${[...QIS, ...SENS].join(',')}\n${line('4').replace(/,4$/, '')}\n`);
  assert.is(noCount.code, 3, noCount.stderr);
  assert.match(noCount.stderr, /INPUT_HEADER: [^\n]*column "count"/);
  const otherName = bad('other-name', `${head}\n${line('4')}\n`, ['--count-column', 'n']);
  assert.is(otherName.code, 3, otherName.stderr);
  assert.match(otherName.stderr, /INPUT_HEADER: [^\n]*column "n"/);
  const unknown = bad('unknown', `${head},secret${CANARY}column\n${line('4')},x\n`);
  assert.is(unknown.code, 3, unknown.stderr);
  assert.match(unknown.stderr, /INPUT_HEADER: [^\n]*position 9/);
  assert.not.ok(unknown.stderr.includes(CANARY), unknown.stderr);
  // A column the policy has, but not as a quasi-identifier or sensitive column (it would split the counts).
  const other = bad('insensitive', `${head},workclass\n${line('4')},Private\n`);
  assert.is(other.code, 3, other.stderr);
  assert.match(other.stderr, /INPUT_HEADER: [^\n]*position 9/);
  // A misspelt QI: named from the policy, the header shown only as a short prefix.
  const typo = bad('typo', `${head.replace('education', `educatio${CANARY}`)}\n${line('4')}\n`);
  assert.is(typo.code, 3, typo.stderr);
  assert.match(typo.stderr, /column "education"/);
  assert.not.ok(typo.stderr.includes(CANARY), typo.stderr);
});

test('--frequencies with an input, or --count-column alone: USAGE', () => {
  const both = kanon(['plan', rowsCsv, '-p', policy, '--frequencies', counts, '--plan-out', join(dir, 'x.json')]);
  assert.is(both.code, 2, both.stderr);
  assert.match(both.stderr, /USAGE/);
  const alone = kanon(['plan', rowsCsv, '-p', policy, '--count-column', 'n', '--plan-out', join(dir, 'y.json')]);
  assert.is(alone.code, 2, alone.stderr);
  assert.not.ok(existsSync(join(dir, 'x.json')) || existsSync(join(dir, 'y.json')));
});

test('the README fixture: a plan from visit-counts.csv validates against its policy (mask hierarchy) and releases visits.csv', () => {
  const policy = fixture('frequencies', 'visits.policy.json');
  const plan = join(dir, 'visits.plan.json');
  const p = kanon(['plan', '-p', policy, '--frequencies', fixture('frequencies', 'visit-counts.csv'), '--plan-out', plan]);
  assert.is(p.code, 0, p.stderr);
  // validate --plan used to fail (INTERNAL) on a hierarchy fitted to the data (mask): it has no depth before the data.
  const v = kanon(['validate', '-p', policy, '--plan', plan]);
  assert.is(v.code, 0, v.stderr);
  const out = join(dir, 'visits.out.csv');
  const r = kanon(['run', fixture('frequencies', 'visits.csv'), '-p', policy, '--plan', plan, '-o', out]);
  assert.is(r.code, 0, r.stderr);
  const written: string[][] = parse(readFileSync(out, 'utf8'));
  const h = written.shift()!;
  const m = measure(h, written, ['age', 'zip', 'sex'], 'diagnosis');
  assert.ok(m.k >= 3 && m.distinctL >= 2, JSON.stringify(m));
  assert.is(m.records, json(plan).reference.records - json(plan).reference.suppressed);
});

test.run();
