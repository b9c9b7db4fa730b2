import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createProfiler } from '../../src/scan/index.js';

function profile(header: string[], rows: string[][], opts: { sampleLimit?: number; distinctCap?: number } = {}) {
  const p = createProfiler({ header, ...opts });
  for (const r of rows) p.add(r);
  return p.finish();
}

test('infers integer, decimal, date, datetime, boolean, categorical, string and free text', () => {
  const rows = Array.from({ length: 100 }, (_, i) => [
    String(i - 50),
    `${i}.5`,
    `2020-01-${String(1 + (i % 28)).padStart(2, '0')}`,
    `2020-01-01T10:${String(i % 60).padStart(2, '0')}:00Z`,
    i % 2 ? 'yes' : 'no',
    ['red', 'green', 'blue'][i % 3]!,
    `code${i}x`,
    `word${i} another thing here ${i}`,
  ]);
  const p = profile(['i', 'd', 'dt', 'ts', 'b', 'c', 's', 't'], rows);
  assert.equal(
    p.map((x) => x.type),
    ['integer', 'decimal', 'date', 'datetime', 'boolean', 'categorical', 'string', 'text'],
  );
  assert.is(p[0]!.min, -50);
  assert.is(p[0]!.max, 49);
  assert.is(p[2]!.minDate, '2020-01-01');
  assert.is(p[2]!.maxDate, '2020-01-28');
});

test('tolerates a few stray values and counts null spellings as empty', () => {
  const rows = Array.from({ length: 100 }, (_, i) => [i === 3 ? 'oops' : String(i), i % 4 === 0 ? (i % 8 ? 'NULL' : ' ') : 'x']);
  const [a, b] = profile(['n', 'e'], rows);
  assert.is(a!.type, 'integer');
  assert.is(a!.typeShare, 0.99);
  assert.is(b!.empty, 25);
  assert.is(b!.nullShare, 0.25);
});

test('short rows count as empty cells', () => {
  const [, b] = profile(['a', 'b'], [['1', '2'], ['3']]);
  assert.is(b!.empty, 1);
});

test('distinct counts are exact up to the cap, then a stated estimate within 5%', () => {
  const rows = Array.from({ length: 20_000 }, (_, i) => [String(i % 5000), String(i % 7)]);
  const [est, exact] = profile(['many', 'few'], rows, { distinctCap: 1000 });
  assert.is(exact!.distinct, 7);
  assert.ok(exact!.distinctExact);
  assert.is(est!.distinctExact, false);
  assert.ok(Math.abs(est!.distinct - 5000) / 5000 < 0.05, String(est!.distinct));
  assert.is(est!.categories, undefined);
  assert.is(exact!.categories!.size, 7);
});

test('the reservoir sample is bounded and deterministic', () => {
  const rows = Array.from({ length: 5000 }, (_, i) => [`v${i}`]);
  const a = profile(['x'], rows, { sampleLimit: 50 })[0]!;
  const b = profile(['x'], rows, { sampleLimit: 50 })[0]!;
  assert.is(a.sample.length, 50);
  assert.equal(a.sample, b.sample);
  // algorithm R keeps late rows too, not just the first 50
  assert.ok(a.sample.some((v) => Number(v.slice(1)) >= 2500));
});

test('length range and uniqueness', () => {
  const [p] = profile(['x'], [['ab'], ['abcd'], ['ab'], ['']]);
  assert.is(p!.minLength, 2);
  assert.is(p!.maxLength, 4);
  assert.is(p!.distinct, 2);
  assert.ok(Math.abs(p!.uniqueness - 2 / 3) < 1e-12);
});

test.run();
