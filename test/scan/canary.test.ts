// Canary: a distinctive string planted in every column of the labelled dataset never shows
// in the scan table, the JSON report or the draft policy by default. Category trees list
// category labels by design; a planted canary occurs once, i.e. in fewer than k rows, so the
// draft leaves every tree's labels out (hierarchies.ts) — with allowValuesInPolicy it would
// show, and the last tests prove the check can see a leak when values are asked for.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { scanRows, draftPolicy, renderScanTable, renderScanJson } from '../../src/scan/index.js';
import { generateDataset } from './generate.js';

const CANARY = 'Zqxcanary7731';
const NOW = { now: new Date('2025-06-01T00:00:00Z') };
const d = generateDataset({ canary: CANARY });
const findings = scanRows(d.header, d.rows, NOW);

test('the dataset carries the canary in every column', () => {
  for (let j = 0; j < d.header.length; j++) assert.ok(d.rows.some((r) => r[j]!.startsWith(CANARY)), d.header[j]);
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
  const small = scanRows(['notes', 'age'], [[`${CANARY} note`, '41'], ['other words here now', '42']], NOW);
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

test.run();
