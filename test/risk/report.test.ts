import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import { sampleReport, CANARIES } from './sample-report.js';
import { renderJson } from '../../src/risk/render/json.js';
import { renderMarkdown } from '../../src/risk/render/markdown.js';
import { renderTerminal } from '../../src/risk/render/terminal.js';
import { renderHtml } from '../../src/risk/render/html.js';
import { evaluateGate } from '../../src/risk/gate.js';
import { qiContributions } from '../../src/risk/contribution.js';
import { sensitiveMeasures } from '../../src/risk/sensitive.js';

const schema = JSON.parse(readFileSync(new URL('../../src/risk/report.schema.json', import.meta.url), 'utf8'));
const ajv = new Ajv.default({ allErrors: true, strict: false });
const validate = ajv.compile(schema);

test('report holds before/after measures side by side, suppression share of input records', () => {
  const r = sampleReport();
  assert.is(r.reportVersion, 1);
  assert.equal([r.before.records, r.before.k, r.before.sampleUniques], [16, 1, 6]);
  assert.equal([r.after.records, r.after.k, r.after.sampleUniques, r.after.suppressed], [14, 3, 0, 2]);
  assert.is(r.suppression.share, 2 / 16);
  assert.is(r.after.prosecutor.average, 3 / 14);
  // τ = 0.3: only the class of 3 (risk 1/3) exceeds it
  assert.equal(r.after.prosecutor.recordsAtRisk.map((x) => x.records), [3, 3]);
  assert.is(r.populationUniqueness, null);
  assert.equal(r.riskDrivers.map((d) => d.column), ['zip', 'age']);
});

test('rendered reports validate against report.schema.json (with and without population)', () => {
  for (const r of [sampleReport(), sampleReport({ population: { fraction: 0.05 }, includeValues: true, generatedAt: '2024-01-01T00:00:00Z' })]) {
    const ok = validate(JSON.parse(renderJson(r)));
    assert.ok(ok, JSON.stringify(validate.errors));
  }
  const bad = JSON.parse(renderJson(sampleReport()));
  bad.reportVersion = 2;
  assert.not.ok(validate(bad));
});

test('population estimates appear when a population is given', () => {
  const r = sampleReport({ population: { size: 320 } });
  assert.equal(r.population, { size: 320, samplingFraction: 16 / 320 });
  assert.is(r.populationUniqueness!.before.chosen!.model, 'pitman'); // f = 0.05 ≤ 0.1
  assert.is(r.populationUniqueness!.after.chosen!.uniques, 0); // no sample uniques after
});

test('JSON rendering is deterministic with sorted keys', () => {
  const a = renderJson(sampleReport()), b = renderJson(sampleReport());
  assert.is(a, b);
  const keys = Object.keys(JSON.parse(a));
  assert.equal(keys, [...keys].sort());
  assert.ok(a.endsWith('}\n'));
});

test('no cell values in any rendering unless includeValues', () => {
  const r = sampleReport();
  const outputs = [renderJson(r), renderMarkdown(r), renderTerminal(r, { color: true }), renderHtml(r)];
  for (const out of outputs) for (const c of CANARIES) assert.not.ok(out.includes(c), `canary ${c} leaked`);
  const withValues = sampleReport({ includeValues: true });
  assert.ok(renderJson(withValues).includes(CANARIES[0]!));
  assert.ok(renderMarkdown(withValues).includes(CANARIES[1]!.replace(/_/g, '\\_')));
  assert.ok(renderHtml(withValues).includes(CANARIES[2]!));
});

test('terminal: no escape codes without color, escape codes with color, gate failures listed', () => {
  const r = sampleReport();
  const gate = evaluateGate(r, { minK: 5 });
  const plain = renderTerminal(r, { color: false, gate });
  assert.not.ok(plain.includes('\u001b['));
  assert.ok(plain.includes('minK: smallest class has 3 records, required ≥ 5 (short by 2)'));
  assert.ok(plain.includes('zip: 5 of 6 sample uniques depend on it'));
  assert.ok(plain.includes('why zip: level 0 cannot satisfy the privacy models'));
  assert.ok(plain.includes('why age: level 1 satisfies the models but 7 records would have to be suppressed, at a higher information loss'));
  assert.ok(renderTerminal(r, { color: true, gate }).includes('\u001b['));
});

test('markdown has the side-by-side table and columns table', () => {
  const md = renderMarkdown(sampleReport(), { gate: { passed: true, failures: [] } });
  assert.match(md, /\| k \(smallest class\) \| 1 \| 3 \|/);
  assert.match(md, /\| records with risk > 30% \| 62\.5% \| 21\.43% \|/); // 10/16 before, 3/14 after
  assert.match(md, /\| age \| quasi \| level 2 of 4 \(10-year bands\) \| 0\.5 \|/);
  assert.ok(md.includes('**Risk gate: passed**'));
});

test('html is one self-contained page with the charts', () => {
  const html = renderHtml(sampleReport());
  assert.not.match(html, /<script|<link|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
  assert.match(html, /<svg id="chart-histogram" class="chart histogram"/);
  assert.match(html, /<svg id="chart-levels" class="chart levels"/);
  assert.is(renderHtml(sampleReport()), html);
});

test('html escapes column names', () => {
  const html = renderHtml(sampleReport({ columns: [{ name: '<b>x</b>', role: 'quasi', level: 1 }] }));
  assert.not.ok(html.includes('<b>x</b>'));
  assert.ok(html.includes('&#60;b&#62;x'));
});

test('QI contributions: uniques that disappear when a QI is left out, largest first', () => {
  const sizes = Int32Array.from([1, 1, 1, 2]); // 3 uniques
  const without = [Int32Array.from([1, 1, 1, 2]), Int32Array.from([3, 2]), Int32Array.from([2, 1, 2])];
  const c = qiContributions(['a', 'b', 'c'], sizes, (i) => without[i]!);
  assert.equal(c.map((x) => [x.column, x.uniquesRemoved]), [['b', 3], ['c', 2], ['a', 0]]);
  assert.is(c[1]!.share, 2 / 3);
});

test('sensitive measures from classOf + codes (suppressed rows skipped)', () => {
  // class 0: values 0,0,1 ; class 1: values 1,2 ; one suppressed row with value 2
  const s = sensitiveMeasures({ column: 'd', classOf: Int32Array.from([0, 0, 0, 1, 1, -1]), codes: [0, 0, 1, 1, 2, 2], numClasses: 2, numValues: 3 });
  assert.is(s.distinctL, 2);
  // entropy l: class 0 p = (2/3, 1/3); class 1 p = (1/2, 1/2) → min is class 0
  const h0 = -(2 / 3) * Math.log(2 / 3) - (1 / 3) * Math.log(1 / 3);
  assert.ok(Math.abs(s.entropyL - Math.exp(h0)) < 1e-12);
  // global over 5 released rows: (2/5, 2/5, 1/5). EMD equal = ½Σ|p−q|
  // class 0: ½(|2/3−2/5| + |1/3−2/5| + |0−1/5|) = ½(4/15 + 1/15 + 3/15) = 4/15
  // class 1: ½(|0−2/5| + |1/2−2/5| + |1/2−1/5|) = ½(6/15 + 1.5/15 + 4.5/15) = 6/15
  assert.ok(Math.abs(s.t - 6 / 15) < 1e-12);
});

test.run();
