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
  assert.equal(JSON.parse(JSON.stringify(json)), json);
});

test.run();
