import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { copyFileSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixture, kanon, tempDir } from '../helpers/cli.js';
import { buildReport, type ReportInput } from '../../src/risk/report.js';
import Ajv from 'ajv';
import { sampleInput, sampleReport, CANARIES } from './sample-report.js';
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
  assert.equal(
    r.after.prosecutor.recordsAtRisk.map((x) => x.records),
    [3, 3],
  );
  assert.is(r.populationUniqueness, null);
  assert.equal(
    r.riskDrivers.map((d) => d.column),
    ['zip', 'age'],
  );
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

test('JSON rendering has sorted keys and does not depend on how the input object was built', () => {
  const a = renderJson(sampleReport());
  // a fresh copy of the input with every object's keys inserted in reverse order and new arrays
  const rebuild = (x: unknown): unknown => {
    if (ArrayBuffer.isView(x)) return (x as Int32Array).slice();
    if (Array.isArray(x)) return x.map(rebuild);
    if (x !== null && typeof x === 'object')
      return Object.fromEntries(
        Object.entries(x)
          .reverse()
          .map(([k, v]) => [k, rebuild(v)]),
      );
    return x;
  };
  const b = renderJson(buildReport(rebuild(sampleInput()) as ReportInput));
  assert.is(b, a);
  const keys = Object.keys(JSON.parse(a));
  assert.equal(keys, [...keys].sort());
  assert.ok(a.endsWith('}\n'));
});

/** Every reference an HTML page could load from elsewhere: src/href/xlink:href/action
 *  attributes not pointing into the page, CSS url(…) and @import, script/link/iframe/object. */
function externalRefs(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/\b(?:src|href|xlink:href|action|srcset|poster|data)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi)) {
    const v = (m[1] ?? m[2] ?? m[3] ?? '').trim();
    if (!v.startsWith('#') && !v.startsWith('data:')) out.push(m[0]);
  }
  for (const m of html.matchAll(/url\(\s*['"]?([^)'"]*)/gi)) if (!m[1]!.startsWith('#') && !m[1]!.startsWith('data:')) out.push(m[0]);
  for (const m of html.matchAll(/@import|<\s*(?:script|link|iframe|object|embed|img|base|meta\s+http-equiv\s*=\s*["']?refresh)\b/gi)) out.push(m[0]);
  for (const m of html.matchAll(/(?:https?:)?\/\/[a-z0-9.-]+\.[a-z]{2,}[^\s"'<>]*/gi)) if (!m[0].startsWith('http://www.w3.org/')) out.push(m[0]);
  return out;
}

test('the self-containment scan finds what it looks for', () => {
  for (const bad of [
    '<img src="x.png">',
    '<a href="https://e.org/">',
    '<style>@import "a.css"</style>',
    '<div style="background:url(http://e.org/a)">',
    '<script>1</script>',
    '<link rel=stylesheet href=a.css>',
    '<p>//cdn.example.com/x.js</p>',
    '<meta http-equiv="refresh" content="0;url=x">',
  ]) {
    assert.ok(externalRefs(bad).length > 0, bad);
  }
  assert.equal(externalRefs('<svg xmlns="http://www.w3.org/2000/svg"><a href="#x"></a></svg>'), []);
});

test('reports of two independent runs on fresh copies of the input are byte-identical, and the HTML loads nothing', () => {
  const adult = fixture('adult');
  const dirs = [tempDir(), tempDir()];
  const outputs = dirs.map((dir) => {
    for (const f of readdirSync(adult)) if (f !== 'adult.csv') copyFileSync(join(adult, f), join(dir, f));
    // a fresh copy of the first 6,000 records (keeps the two runs short)
    writeFileSync(join(dir, 'adult.csv'), readFileSync(join(adult, 'adult.csv'), 'utf8').split('\r\n').slice(0, 6001).join('\r\n') + '\r\n');
    const cols: Record<string, unknown> = {};
    for (const c of ['sex', 'age', 'race', 'marital-status', 'education', 'native-country', 'workclass', 'salary-class'])
      cols[c] = { role: 'quasi', hierarchy: `adult_hierarchy_${c}.csv` };
    cols['occupation'] = { role: 'sensitive', hierarchy: 'adult_hierarchy_occupation.csv' };
    writeFileSync(
      join(dir, 'p.json'),
      JSON.stringify({
        version: 1,
        input: { delimiter: ';' },
        columns: cols,
        privacy: { k: 2, suppressionLimit: 0.05, tCloseness: { column: 'occupation', measure: 'hierarchical', t: 0.2 } },
      }),
    );
    const r = kanon(['run', 'adult.csv', '-p', 'p.json', '-o', 'out.csv', '-r', 'r.json', '-r', 'r.md', '-r', 'r.html', '-q'], { cwd: dir });
    assert.is(r.code, 0, r.stderr);
    return ['out.csv', 'r.json', 'r.md', 'r.html'].map((f) => readFileSync(join(dir, f)));
  });
  for (let i = 0; i < 4; i++) assert.ok(outputs[0]![i]!.equals(outputs[1]![i]!), `file ${i} differs between runs`);
  const report = JSON.parse(outputs[0]![1]!.toString());
  assert.is(report.sensitive[0].after.distance, 'hierarchical');
  assert.equal(externalRefs(outputs[0]![3]!.toString()), []);
  assert.match(outputs[0]![3]!.toString(), /Content-Security-Policy" content="default-src 'none'/);
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
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
  assert.match(md, /\| age \| quasi \| level 2 of 4 \| 0\.5 \|/);
  assert.ok(md.includes('**Risk gate: passed**'));
});

test('html is one self-contained page with the charts', () => {
  const html = renderHtml(sampleReport());
  assert.equal(externalRefs(html), []);
  assert.match(html, /<svg id="chart-histogram" class="chart histogram"/);
  assert.match(html, /<svg id="chart-levels" class="chart levels"/);
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
  assert.equal(
    c.map((x) => [x.column, x.uniquesRemoved]),
    [
      ['b', 3],
      ['c', 2],
      ['a', 0],
    ],
  );
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
