import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { scanRows, renderScanTable, renderScanJson } from '../../src/scan/index.js';

const rows = Array.from({ length: 30 }, (_, i) => [`user${i}@example.com`, i % 2 ? 'F' : 'M', String(20 + i)]);
const findings = scanRows(['email', 'sex', 'age'], rows, { now: new Date('2025-06-01T00:00:00Z') });

test('the table has a header, one line per column with role, type, detection and confidence, and a summary', () => {
  const lines = renderScanTable(findings, { color: false }).trimEnd().split('\n');
  assert.is(lines.length, 1 + 3 + 2);
  assert.match(lines[0]!, /^column\s+role\s+type\s+detected\s+conf/);
  assert.match(lines[1]!, /^email\s+identifier\s+string\s+email\s+1\.00/);
  assert.match(lines[2]!, /^sex\s+quasi\s+categorical\s+sex\s+0\.85/);
  assert.match(lines[5]!, /3 columns: 1 identifier, 2 quasi-identifier, 0 sensitive, 0 insensitive/);
});

test('color wraps each line in the role colour and resets it', () => {
  const out = renderScanTable(findings, { color: true });
  assert.ok(out.includes('\u001b[31memail'));
  assert.ok(out.includes('\u001b[0m'));
  assert.not.ok(renderScanTable(findings, { color: false }).includes('\u001b'));
});

test('the JSON report gives roles, detections with shares, and statistics', () => {
  const json = renderScanJson(findings);
  const email = json.columns[0]!;
  assert.is(email.role, 'identifier');
  assert.equal(email.detections[0], { rule: 'content:email+header', kind: 'email', confidence: 1, share: 1 });
  assert.equal(email.stats, { rows: 30, nullShare: 0, distinct: 30, distinctExact: true, uniqueness: 1, minLength: 17, maxLength: 18 });
  assert.is(json.columns[2]!.min, undefined);
  // one entry per column in header order, with its 1-based position, role and kind
  assert.equal(
    json.columns.map((c) => [c.column, c.position, c.role, c.kind, c.type]),
    [
      ['email', 1, 'identifier', 'email', 'string'],
      ['sex', 2, 'quasi', 'sex', 'categorical'],
      ['age', 3, 'quasi', 'age', 'integer'],
    ],
  );
  assert.is(json.warnings, undefined);
});

test('the JSON report holds no value without showExamples, and rounds to 3 decimals', () => {
  const text = JSON.stringify(renderScanJson(findings));
  for (const r of rows) for (const v of [r[0]!]) assert.not.ok(text.includes(v), v);
  assert.not.match(text, /"(min|max|examples)"/);
  for (const c of renderScanJson(findings).columns) {
    for (const x of [c.confidence, c.stats.nullShare, c.stats.uniqueness, ...c.detections.map((d) => d.confidence)]) {
      assert.is(Math.round(x * 1000) / 1000, x);
      assert.ok(x >= 0 && x <= 1);
    }
    assert.is(c.stats.rows, 30);
  }
});

test('with showExamples: min/max as text and at most 3 sampled values of the column itself', () => {
  const json = renderScanJson(findings, { showExamples: true });
  const age = json.columns[2]!;
  assert.equal([age.min, age.max], ['20', '49']);
  for (const [j, c] of json.columns.entries()) {
    assert.ok(c.examples!.length >= 1 && c.examples!.length <= 3);
    const values = new Set(rows.map((r) => r[j]!));
    for (const e of c.examples!) assert.ok(values.has(e), `${c.column}: ${e}`);
  }
  assert.is(json.columns[0]!.min, undefined);
});

test.run();
