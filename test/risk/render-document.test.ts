// The report as a document (issue 17): verdict first, per-QI distributions before/after with
// what --report-values guards, weak sensitive classes, warnings for insensitive columns that
// look identifying, a policy without quasi-identifiers said plainly.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { createEncoder } from '../../src/search/index.js';
import { identityHierarchy } from '../../src/plan/plan.js';
import { MAX_BARS, MIN_LABEL_COUNT, qiDistributions, weakDiversity } from '../../src/risk/distributions.js';
import { columnWarnings } from '../../src/risk/warnings.js';
import { verdict } from '../../src/risk/render/verdict.js';
import { renderHtml } from '../../src/risk/render/html.js';
import { renderMarkdown } from '../../src/risk/render/markdown.js';
import { renderTerminal, warningLines } from '../../src/risk/render/terminal.js';
import { renderJson } from '../../src/risk/render/json.js';
import { policyReport, sampleReport } from './sample-report.js';
import { fixture, kanon, tempDir } from '../helpers/cli.js';

const schema = JSON.parse(readFileSync(new URL('../../src/risk/report.schema.json', import.meta.url), 'utf8'));
const validate = new Ajv.default({ allErrors: true, strict: false }).compile(schema);

/** One QI column `city` (level 0 only) and one sensitive column `d`. */
function encoded(city: string[], d: string[]) {
  const enc = createEncoder({ file: 't.csv', quasi: [{ name: 'city', hierarchy: identityHierarchy }], sensitive: [{ name: 'd' }] });
  city.forEach((c, i) => {
    enc.add([c], [d[i]!], i + 2);
  });
  return enc.finish();
}
const rep = (v: string, n: number) => Array.from({ length: n }, () => v);

test('after: labels of fewer than max(k, 11) released records are merged into "rest"; before: shape only', () => {
  const city = [...rep('A', 20), ...rep('B', MIN_LABEL_COUNT), ...rep('C', 5), 'D'];
  const enc = encoded(
    city,
    city.map(() => 'x'),
  );
  const [d] = qiDistributions(enc, { levels: [0], k: 2, includeValues: false });
  assert.equal(
    d!.before.bars.map((b) => b.count),
    [20, 11, 5, 1],
  );
  assert.ok(
    d!.before.bars.every((b) => b.label === undefined),
    'no input value before',
  );
  assert.equal(d!.after!.bars, [
    { count: 20, label: 'A' },
    { count: 11, label: 'B' },
  ]);
  assert.equal(d!.after!.rest, { values: 2, records: 6 });
  // a larger k raises the bar: B (11 records) is then merged too
  const [d15] = qiDistributions(enc, { levels: [0], k: 15, includeValues: false });
  assert.equal(
    d15!.after!.bars.map((b) => b.label),
    ['A'],
  );
  // with --report-values every label is shown, before and after
  const [v] = qiDistributions(enc, { levels: [0], k: 2, includeValues: true });
  assert.equal(
    v!.before.bars.map((b) => b.label),
    ['A', 'B', 'C', 'D'],
  );
  assert.equal(
    v!.after!.bars.map((b) => b.label),
    ['A', 'B', 'C', 'D'],
  );
});

test('numeric columns with many values: equal-width bins before, unlabelled without values', () => {
  const city = Array.from({ length: 200 }, (_, i) => String(i % 100));
  const enc = encoded(
    city,
    city.map(() => 'x'),
  );
  const [d] = qiDistributions(enc, { k: 2, includeValues: false });
  assert.is(d!.before.kind, 'bins');
  assert.is(d!.before.bars.length, MAX_BARS);
  assert.is(
    d!.before.bars.reduce((s, b) => s + b.count, 0),
    200,
  );
  assert.ok(d!.before.bars.every((b) => b.label === undefined));
  assert.is(d!.after, undefined, 'no levels: no after side (audit)');
  const [v] = qiDistributions(enc, { k: 2, includeValues: true });
  assert.is(v!.before.bars[0]!.label, '0–3.3');
});

test('suppressed rows are not in "after"; with star output they are one "*" bar', () => {
  const city = [...rep('A', 12), ...rep('B', 12)];
  const enc = encoded(
    city,
    city.map(() => 'x'),
  );
  const suppressed = new Uint8Array(24);
  suppressed.fill(1, 20);
  const [d] = qiDistributions(enc, { levels: [0], suppressed, k: 2, includeValues: false });
  assert.is(d!.after!.records, 20);
  assert.equal(d!.after!.bars, [{ count: 12, label: 'A' }]);
  assert.equal(d!.after!.rest, { values: 1, records: 8 });
  const [s] = qiDistributions(enc, { levels: [0], suppressed, star: true, k: 2, includeValues: true });
  assert.equal(
    s!.after!.bars.map((b) => [b.label, b.count]),
    [
      ['A', 12],
      ['B', 8],
      ['*', 4],
    ],
  );
  assert.is(s!.after!.records, 24);
});

test('weak diversity counts released classes whose records all share the sensitive value', () => {
  const enc = encoded(['A', 'A', 'B', 'B', 'C', 'C'], ['x', 'y', 'z', 'z', 'x', 'x']);
  // classes: A = {x,y}, B = {z,z}, C = {x,x}; one C row suppressed
  const w = weakDiversity(enc, { classOf: Int32Array.from([0, 0, 1, 1, 2, -1]), sizes: Int32Array.from([2, 2, 1]) });
  assert.equal(w, [{ column: 'd', classes: 2, records: 3 }]);
});

test('warnings: insensitive columns that look like quasi-identifiers or identifiers, by name or content', () => {
  const cols = [
    { name: 'zip', role: 'insensitive' as const },
    { name: 'email', role: 'insensitive' as const },
    { name: 'note', role: 'insensitive' as const },
    { name: 'age', role: 'quasi' as const },
    { name: 'contact', role: 'insensitive' as const },
    { name: 'dob', role: 'insensitive' as const },
  ];
  const byName = columnWarnings(cols);
  assert.equal(
    byName.map((w) => [w.column, w.looksLike, w.kind, w.by]),
    [
      ['zip', 'quasi', 'postalCode', 'name'],
      ['email', 'identifier', 'email', 'name'],
      ['dob', 'quasi', 'birthDate', 'name'],
    ],
  );
  const rows = Array.from({ length: 40 }, (_, i) => [`9${1000 + i}`, `p${i}@example.org`, 'ok', String(20 + (i % 30)), `u${i}@example.com`, '1980-01-02']);
  const withSample = columnWarnings(cols, { sample: { header: cols.map((c) => c.name), rows } });
  const contact = withSample.find((w) => w.column === 'contact');
  assert.ok(contact, 'contact holds e-mail addresses');
  assert.equal([contact!.looksLike, contact!.kind, contact!.by], ['identifier', 'email', 'content']);
  for (const w of withSample) assert.not.match(w.reason, /example|@/, 'no value in a reason');
});

test('verdict: k in words first; gate failure, warnings and l = 1 make it fail/caution', () => {
  const r = sampleReport();
  const v = verdict(r);
  assert.is(v.status, 'pass');
  assert.is(v.headline, 'Every released record shares its quasi-identifiers (age and zip) with at least 2 other records (k = 3).');
  const failed = verdict(r, { passed: false, failures: [{ threshold: 'minK', limit: 5, actual: 3, by: 2 }] });
  assert.is(failed.status, 'fail');
  assert.match(failed.headline, /^The risk gate failed \(minK\)/);
  r.warnings = [{ column: 'sex', looksLike: 'quasi', kind: 'sex', by: 'name', reason: 'header:sex' }];
  assert.is(verdict(r).status, 'warn');
  assert.match(verdict(r).headline, /But 1 column released as it is looks identifying: sex\.$/);
  r.warnings = [];
  r.diversity = [{ column: 'diagnosis', classes: 2, records: 8 }];
  assert.is(verdict(r).status, 'warn');
  assert.ok(verdict(r).points.some((p) => p.startsWith('diagnosis: in 2 groups (8 records) every record has the same diagnosis (l = 1)')));
});

test('a policy without quasi-identifiers says plainly that nothing was measured, in every renderer', () => {
  const r = sampleReport({
    columns: [
      { name: 'name', role: 'identifier', operator: 'drop' },
      { name: 'zip', role: 'insensitive' },
    ],
    before: [16],
    after: [16],
    suppressed: 0,
    sensitive: [],
    explanations: [],
    contributions: [],
  });
  r.warnings = columnWarnings(r.columns);
  const v = verdict(r);
  assert.is(v.status, 'warn');
  assert.match(v.headline, /nothing was measured against re-identification/);
  const html = renderHtml(r),
    md = renderMarkdown(r),
    term = renderTerminal(r, { color: false });
  assert.match(html, /<li class="warning no-quasi">/);
  assert.match(html, /<li class="warning" data-column="zip">/);
  assert.match(md, /nothing was measured against re-identification/);
  assert.match(term.split('\n')[0]!, /^CAUTION: No column is a quasi-identifier: nothing was measured against re-identification\./);
  assert.equal(warningLines(r), [
    'column "zip" is released as it is (role insensitive) but looks like a quasi-identifier (postalCode, by name): the risk measures do not account for it',
    'the policy names no quasi-identifier: nothing was measured against re-identification',
  ]);
  assert.not.match(html, /id="chart-histogram"/, 'no class-size chart without quasi-identifiers');
});

test('markdown and terminal put the verdict first', () => {
  const r = sampleReport();
  const md = renderMarkdown(r);
  assert.match(md.split('\n')[2]!, /^✅ \*\*PASSED\*\* — Every released record shares/);
  assert.match(
    renderTerminal(r, { color: false }).split('\n')[0]!,
    /^PASSED: Every released record shares its quasi-identifiers \(age and zip\) with at least 2 other records/,
  );
});

// End to end on a table with planted values in a quasi-identifier (tree hierarchy) and a
// sensitive column with a class of one value: the report's sections, and no planted value in
// any rendering unless includeValues.
test('a real report: distributions, weak classes, schema-valid; planted values only with --report-values', async () => {
  const dir = tempDir();
  const cities = Array.from({ length: 24 }, (_, i) => `CANARYCITY${i}Q`);
  const rows = Array.from({ length: 48 }, (_, i) => [`n${i}`, cities[i % 24]!, i % 2 ? 'F' : 'M', i < 12 ? 'flu' : ['flu', 'cold', 'ache'][i % 3]!]);
  writeFileSync(join(dir, 'in.csv'), ['name,city,sex,diag', ...rows.map((r) => r.join(','))].join('\n') + '\n');
  writeFileSync(
    join(dir, 'p.json'),
    JSON.stringify({
      columns: {
        name: { role: 'identifier', operator: 'drop' },
        city: { role: 'quasi', hierarchy: { type: 'tree', groups: { North: cities.slice(0, 12), South: cities.slice(12) } } },
        sex: { role: 'insensitive' },
        diag: { role: 'sensitive' },
      },
      privacy: { k: 4 },
    }),
  );
  const { report } = await policyReport(join(dir, 'in.csv'), join(dir, 'p.json'));
  assert.ok(validate(report), JSON.stringify(validate.errors));
  assert.is(report.dataset?.name, 'in.csv');
  const d = report.distributions![0]!;
  assert.is(d.column, 'city');
  assert.is(d.before.distinct, 24);
  assert.equal(d.after!.bars, [
    { count: 24, label: 'North' },
    { count: 24, label: 'South' },
  ]);
  assert.equal(
    report.warnings!.map((w) => [w.column, w.kind]),
    [['sex', 'sex']],
  );
  // North holds rows 0–11 and 24–35: rows 0–11 are all "flu" but 24–35 are mixed, so no l = 1 class
  assert.equal(report.diversity, [{ column: 'diag', classes: 0, records: 0 }]);
  const outputs = [renderHtml(report), renderMarkdown(report), renderTerminal(report, { color: false }), renderJson(report)];
  for (const o of outputs) assert.not.match(o, /CANARY/);
  assert.match(outputs[0]!, /<svg id="chart-dist-0" class="chart distribution" data-column="city"/);
  const withValues = await policyReport(join(dir, 'in.csv'), join(dir, 'p.json'), { includeValues: true });
  assert.ok(validate(withValues.report));
  assert.match(renderHtml(withValues.report), /CANARYCITY0Q/);
});

// What ships without further wiring: the renderers fall back to scan's header rules when the
// report carries no warnings (the misleading "safe" report of issue 17).
test('kanon run with zip, sex, age and birth_date left insensitive: every report and the summary warn', () => {
  const dir = tempDir();
  const md = join(dir, 'r.md'),
    html = join(dir, 'r.html');
  const r = kanon(['run', fixture('people.csv'), '-p', fixture('people.policy.json'), '-o', join(dir, 'o.csv'), '-r', md, '-r', html, '--summary']);
  assert.is(r.code, 0, r.stderr);
  // With the run's sample of records, content counts too: visit_date holds dates (HIPAA: every
  // date of an individual is identifying), so five columns are flagged.
  assert.match(
    r.stderr,
    /^CAUTION: No column is a quasi-identifier: nothing was measured against re-identification\. But 5 columns released as they are look identifying: birth_date, zip, sex, age and visit_date\./m,
  );
  for (const c of ['birth_date', 'zip', 'sex', 'age']) {
    assert.ok(r.stderr.includes(`warning: column "${c}" is released as it is (role insensitive) but looks like a quasi-identifier`), c);
    assert.ok(readFileSync(md, 'utf8').includes(`- **${c.replace('_', '\\_')}** is released as it is`), `${c} in md`);
    assert.ok(readFileSync(html, 'utf8').includes(`<li class="warning" data-column="${c}">`), `${c} in html`);
  }
  assert.match(readFileSync(md, 'utf8'), /\*\*Not measured\*\*/);
  assert.match(readFileSync(md, 'utf8'), /\| zip \| insensitive \| kept — ⚠️ looks like a quasi-identifier \|/);
  assert.match(readFileSync(html, 'utf8'), /<td>zip<\/td><td>insensitive<\/td><td>kept — ⚠ looks like a quasi-identifier \(see Warnings\)<\/td>/);
  assert.not.match(readFileSync(md, 'utf8'), /k \(smallest class\)/, 'no k that only restates the record count');
});

test.run();
