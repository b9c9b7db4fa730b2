import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { computeMeasures } from '../../src/risk/measures.js';
import { classSizeHistogram } from '../../src/risk/histogram.js';

const close = (a: number, b: number, eps = 1e-12) => assert.ok(Math.abs(a - b) <= eps, `${a} ≠ ${b}`);

test('counts records, classes, k and sample uniques from class sizes', () => {
  // classes of 1, 2, 3, 4 records → 10 records, 4 classes
  const m = computeMeasures(Int32Array.from([1, 2, 3, 4]), { suppressed: 5 });
  assert.is(m.records, 10);
  assert.is(m.classes, 4);
  assert.is(m.k, 1);
  assert.is(m.sampleUniques, 1);
  close(m.sampleUniquesShare, 1 / 10);
  assert.is(m.suppressed, 5);
  close(m.prosecutor.highest, 1);
  close(m.prosecutor.average, 4 / 10);
  assert.is(m.prosecutor.recordsAtHighest, 1);
});

test('records at risk use a strict "greater than" on 1/size (ARX rA, El Emam)', () => {
  // risks: 1, 1/2, 1/3, 1/4 for 1, 2, 3, 4 records
  const m = computeMeasures(Int32Array.from([1, 2, 3, 4]), { recordRiskThresholds: [0.2, 0.25, 0.5] });
  assert.equal(
    m.prosecutor.recordsAtRisk.map((r) => [r.risk, r.records]),
    [
      [0.2, 10],
      [0.25, 6],
      [0.5, 1],
    ],
  );
  close(m.prosecutor.recordsAtRisk[1]!.share, 0.6);
});

test('journalist and marketer risk against a population table', () => {
  const m = computeMeasures(Int32Array.from([1, 2, 3, 4]), { populationSizes: Int32Array.from([3, 2, 6, 8]) });
  assert.is(m.journalist.source, 'population-table');
  close(m.journalist.highest, 1 / 2);
  assert.is(m.journalist.recordsAtHighest, 2);
  const marketer = (1 / 3 + 2 / 2 + 3 / 6 + 4 / 8) / 10;
  close(m.marketer.average, marketer);
  close(m.journalist.average, Math.max(4 / 19, marketer));
  assert.is(m.journalist.recordsAtRisk[0]!.records, 3); // F = 3 and F = 2 exceed 0.2
  // prosecutor is unchanged by the population table
  close(m.prosecutor.highest, 1);
});

test('without a population, journalist equals prosecutor and marketer is J/n', () => {
  const m = computeMeasures(Int32Array.from([2, 2, 5]));
  assert.is(m.journalist.source, 'sample');
  close(m.journalist.highest, m.prosecutor.highest);
  close(m.marketer.average, 3 / 9);
});

test('empty release: zeros, not NaN', () => {
  const m = computeMeasures(new Int32Array(0), { suppressed: 7 });
  assert.equal([m.records, m.classes, m.k, m.prosecutor.highest, m.prosecutor.average, m.marketer.average], [0, 0, 0, 0, 0, 0]);
  assert.is(m.prosecutor.recordsAtRisk[0]!.share, 0);
});

test('histogram buckets 1..10 singly, then ranges', () => {
  const h = classSizeHistogram([1, 1, 10, 11, 20, 21, 1000, 1001, 0]);
  const at = (from: number) => h.find((b) => b.from === from)!;
  assert.equal([at(1).classes, at(1).records], [2, 2]);
  assert.equal([at(10).classes, at(11).classes, at(11).records], [1, 2, 31]);
  assert.equal([at(21).classes, at(101).classes, at(1001).classes], [1, 1, 1]);
  assert.is(at(1001).to, null);
  assert.is(
    h.reduce((s, b) => s + b.classes, 0),
    8,
  );
});

test('Adult, all 9 columns at level 0: matches classes counted directly', () => {
  const text = readFileSync(new URL('../../fixtures/adult/adult.csv', import.meta.url), 'utf8');
  const lines = text
    .split('\r\n')
    .filter((l) => l.length > 0)
    .slice(1);
  const groups = new Map<string, number>();
  for (const l of lines) groups.set(l, (groups.get(l) ?? 0) + 1); // the whole row = all 9 QIs
  const sizes = Int32Array.from(groups.values());
  let uniques = 0,
    atRisk = 0;
  for (const s of groups.values()) {
    if (s === 1) uniques++;
    if (s < 5) atRisk += s;
  } // 1/s > 0.2 ⇔ s < 5
  const m = computeMeasures(sizes);
  assert.is(lines.length, 30162);
  assert.is(m.records, 30162);
  assert.is(m.classes, groups.size);
  assert.is(m.sampleUniques, uniques);
  close(m.prosecutor.average, groups.size / 30162);
  assert.is(m.prosecutor.recordsAtRisk[0]!.records, atRisk);
  close(m.prosecutor.recordsAtRisk[0]!.share, atRisk / 30162);
});

test.run();
