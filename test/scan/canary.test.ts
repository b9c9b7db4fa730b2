// Canary: a distinctive string planted in every column of the labelled dataset never shows
// in the scan table, the JSON report or the draft policy by default. Category trees list
// category labels by design; a planted canary occurs once, i.e. in fewer than k rows, so the
// draft leaves every tree's labels out (hierarchies.ts) — with allowValuesInPolicy it would
// show, and the last tests prove the check can see a leak when values are asked for.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { scanRows, draftPolicy, renderScanTable, renderScanJson, headerLabel, MAX_HEADER } from '../../src/scan/index.js';
import { KanonError } from '../../src/errors.js';
import { generateDataset } from './generate.js';

const CANARY = 'Zqxcanary7731';
const NOW = { now: new Date('2025-06-01T00:00:00Z') };
const d = generateDataset({ canary: CANARY });
const findings = scanRows(d.header, d.rows, NOW);

test('the dataset carries the canary in every column', () => {
  for (let j = 0; j < d.header.length; j++)
    assert.ok(
      d.rows.some((r) => r[j]!.startsWith(CANARY)),
      d.header[j],
    );
});

test('no canary in the table, the JSON report or the draft policy', () => {
  const outputs = [
    renderScanTable(findings, { color: false }),
    renderScanTable(findings, { color: true }),
    JSON.stringify(renderScanJson(findings)),
    JSON.stringify(draftPolicy(findings)),
  ];
  for (const out of outputs) assert.not.ok(out.includes(CANARY.slice(0, 9)));
});

test('without showExamples no value of any column appears in the JSON report', () => {
  const json = JSON.stringify(renderScanJson(findings));
  for (const name of ['email', 'ssn', 'phone', 'notes', 'first_name']) {
    const j = d.header.indexOf(name);
    for (const row of d.rows.slice(0, 50)) assert.not.ok(json.includes(row[j]!), name);
  }
  assert.not.ok(/"(min|max|examples)"/.test(json));
});

test('with showExamples values do appear (the check can fail)', () => {
  const small = scanRows(
    ['notes', 'age'],
    [
      [`${CANARY} note`, '41'],
      ['other words here now', '42'],
    ],
    NOW,
  );
  assert.ok(JSON.stringify(renderScanJson(small, { showExamples: true })).includes(CANARY));
  assert.ok(renderScanTable(small, { color: false, showExamples: true }).includes(CANARY));
  const json = renderScanJson(small, { showExamples: true });
  assert.equal([json.columns[1]!.min, json.columns[1]!.max], ['41', '42']);
});

test('allowValuesInPolicy puts a planted category label into its tree (by design)', () => {
  const rows = Array.from({ length: 60 }, (_, i) => [i === 5 ? CANARY : ['Female', 'Male'][i % 2]!]);
  const f = scanRows(['sex'], rows, NOW);
  assert.not.ok(JSON.stringify(draftPolicy(f)).includes(CANARY));
  assert.ok(JSON.stringify(draftPolicy(f, { allowValuesInPolicy: true })).includes(CANARY));
});

test('control characters in a header cannot reach the terminal', () => {
  const f = scanRows(['a\u001b[2Jb'], [['x'], ['y']], NOW);
  assert.not.ok(renderScanTable(f, { color: false }).includes('\u001b'));
});

// Issue 11 item 1: a CSV without its header row makes the first record the "column names".
const headless = generateDataset({ rows: 300, seed: 5 });
const record = headless.rows[0]!;
const asHeader = scanRows(record, headless.rows.slice(1), NOW);
const leaks = (text: string): string[] => record.filter((v) => v.length >= 4 && text.includes(v));

test('a first record taken for the header is never shown whole by the table or the JSON report', () => {
  const table = renderScanTable(asHeader, { color: false });
  const json = JSON.stringify(renderScanJson(asHeader));
  assert.equal(leaks(table), []);
  assert.equal(leaks(json), []);
  // --show-examples shows sampled cells (by design) but still names columns by position
  assert.match(renderScanTable(asHeader, { color: false, showExamples: true }), /^column 4 \("/m);
  // every column is named by position, and both outputs warn that the row looks like data
  for (let i = 1; i <= record.length; i++) assert.match(table, new RegExp(`^column ${i}\\b`, 'm'));
  assert.match(table, /^warning: the header row looks like data \(column \d+: an email address/m);
  const report = renderScanJson(asHeader);
  assert.is(report.warnings!.length, 1);
  assert.equal(
    report.columns.map((c) => c.column),
    record.map((_, i) => `column ${i + 1}`),
  );
  assert.equal(
    report.columns.map((c) => c.position),
    record.map((_, i) => i + 1),
  );
  assert.is(report.columns[record.indexOf(record[3]!)]!.header!.looksLike, 'an email address');
});

test('no policy is drafted from a header that looks like data: INPUT_HEADER on line 1, no value in it', () => {
  let err: unknown;
  try {
    draftPolicy(asHeader, { file: 'h.csv' });
  } catch (e) {
    err = e;
  }
  assert.instance(err, KanonError);
  const k = err as KanonError;
  assert.is(k.code, 'INPUT_HEADER');
  assert.equal(k.where, { file: 'h.csv', line: 1 });
  assert.equal(leaks(k.message), []);
  // the override: the caller says the names are real (positive control: the names then show)
  const trusted = scanRows(record, headless.rows.slice(1), { ...NOW, trustHeader: true });
  const policy = JSON.stringify(draftPolicy(trusted));
  assert.ok(policy.includes(record[3]!));
  assert.not.match(renderScanTable(trusted, { color: false }), /warning/);
});

test('one data-like name masks the whole row; a long or control-character name masks only itself', () => {
  const rows = Array.from({ length: 20 }, (_, i) => [`v${i}`, String(i), 'x']);
  const one = scanRows(['name', 'contact jane.doe@example.org', 'city'], rows, NOW);
  assert.equal(
    one.map((f) => f.header?.issue),
    ['row', 'email', 'row'],
  );
  const table = renderScanTable(one, { color: false });
  assert.not.ok(table.includes('jane.doe'));
  const long = 'x'.repeat(MAX_HEADER + 1);
  const mixed = scanRows(
    ['id_code', long, 'a\u001b]0;pwn\u0007b-column', 'ok'],
    rows.map((r) => [...r, 'y']),
    NOW,
  );
  assert.equal(
    mixed.map((f) => f.header?.issue),
    [undefined, 'long', 'control', undefined],
  );
  const t2 = renderScanTable(mixed, { color: false });
  assert.not.ok(t2.includes(long));
  assert.not.ok(t2.includes('\u001b') || t2.includes('pwn'));
  assert.match(t2, /^id_code /m);
  assert.match(t2, /^column 2 \("xxx…"\)/m);
  assert.match(t2, /warning: the header row looks like data \(column 2: longer than 64 characters; column 3: control characters\): such columns/);
  // a legitimate header row raises nothing
  assert.is(findings.filter((f) => f.header !== undefined).length, 0);
});

test('the shown prefix is at most 3 characters and never more than a third of the name', () => {
  assert.equal(headerLabel('John Smith', 1), { prefix: 'Joh', label: 'column 1 ("Joh…")' });
  assert.equal(headerLabel('F', 5), { prefix: '', label: 'column 5' });
  assert.equal(headerLabel('42', 2).label, 'column 2');
  assert.equal(headerLabel('\u001b[31mab', 3).prefix, '[3');
});

test.run();
