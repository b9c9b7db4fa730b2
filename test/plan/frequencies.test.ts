// Planning from a frequency set (issue 16): random small tables and their frequency sets
// (aggregated here, independently of kanon) give the same search result and the same risk
// report for k-anonymity, l-diversity and t-closeness under every metric.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { KanonError } from '../../src/errors.js';
import { encodeFrequencies, type FrequencyEntry } from '../../src/plan/frequencies.js';
import { riskReport, runSearch } from '../../src/plan/plan.js';
import { normalizePrivacy, type RawPrivacy } from '../../src/privacy/normalize.js';
import { normalizeRisk } from '../../src/risk/schema.js';
import { createEncoder, type EncoderOptions } from '../../src/search/encode.js';
import { sameLoss } from '../../src/search/result.js';
import { mulberry32, type RawTable } from '../search/brute.js';
import { METRICS, randomTable, SENSITIVE_CONFIGS } from '../search/random-tables.js';
import { planReportContext, tMeasureOf } from '../risk/sample-report.js';

const CONFIGS: RawPrivacy[] = [
  { k: 2 },
  { k: 3, suppressionLimit: 0.05 },
  { k: 5, suppressionLimit: 0.1 },
  { k: 4, suppressionLimit: 0.2, suppressedOutput: 'star' },
  ...SENSITIVE_CONFIGS,
];

function options(t: RawTable): EncoderOptions {
  return {
    file: 't.csv',
    quasi: t.qi.map((hierarchy, j) => ({ name: `q${j}`, hierarchy })),
    sensitive: [{ name: 's', hierarchy: t.sHierarchy!, order: 'lexical' }],
  };
}

function encodeRows(t: RawTable) {
  const enc = createEncoder(options(t));
  t.rows.forEach((r, i) => {
    enc.add(r, [t.sens[i]!], i + 2);
  });
  return enc.finish();
}

/** The GROUP BY, done here: distinct (QI values, sensitive value) with their counts, in order
 *  of first appearance (or shuffled). */
function frequencySet(t: RawTable, shuffle?: () => number): FrequencyEntry[] {
  const m = new Map<string, FrequencyEntry>();
  t.rows.forEach((r, i) => {
    const key = JSON.stringify([r, t.sens[i]]);
    const e = m.get(key);
    if (e) e.count++;
    else m.set(key, { quasi: r, sensitive: [t.sens[i]!], count: 1 });
  });
  const out = [...m.values()];
  if (shuffle)
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(shuffle() * (i + 1));
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
  return out;
}

function report(enc: ReturnType<typeof encodeRows>, outcome: ReturnType<typeof runSearch>, p: ReturnType<typeof normalizePrivacy>) {
  const ctx = planReportContext({
    risk: normalizeRisk({ population: { size: 5000 }, thresholds: { minK: 2 } }),
    population: { size: 5000 },
    includeValues: true,
    k: p.k,
  });
  return riskReport(enc, outcome, ctx, tMeasureOf(p)).report;
}

test('rows and their frequency set: same levels, loss, suppressed records, optimality and risk report', () => {
  let weighted = 0,
    found = 0,
    cases = 0;
  for (let seed = 1; seed <= 60; seed++) {
    const t = randomTable(seed);
    const raw = { ...CONFIGS[seed % CONFIGS.length]!, metric: METRICS[Math.floor(seed / CONFIGS.length) % METRICS.length]! };
    const p = normalizePrivacy(raw, ['s'], ['s']);
    const label = `seed ${seed} ${JSON.stringify(raw)}`;
    const rows = encodeRows(t);
    const entries = frequencySet(t);
    const enc = createEncoder(options(t));
    entries.forEach((e, i) => {
      enc.add(e.quasi, e.sensitive, i + 2, e.count);
    });
    const freq = enc.finish();
    assert.is(freq.records, t.rows.length, label);
    assert.is(freq.rows, entries.length, label);
    if (freq.weight !== null) weighted++;
    const a = runSearch(rows, p);
    const b = runSearch(freq, p);
    cases++;
    assert.is(b.search.found, a.search.found, label);
    if (!a.search.found) continue;
    found++;
    assert.equal(b.levels, a.levels, label);
    assert.is(b.search.loss, a.search.loss, label);
    assert.is(b.suppressedCount, a.suppressedCount, label);
    assert.is(b.search.optimal, a.search.optimal, label);
    assert.is(b.search.classCount, a.search.classCount, label);
    // Suppressed records, counted independently: the weights of the suppressed entries.
    let supp = 0;
    for (let i = 0; i < freq.rows; i++) if (b.suppressed[i]) supp += entries[i]!.count;
    assert.is(supp, a.suppressedCount, label);
    assert.equal(JSON.stringify(report(freq, b, p)), JSON.stringify(report(rows, a, p)), label);
    // Entry order does not matter for the search (the loss up to summation order: the entropy
    // metric sums per value code, and codes follow the order of first appearance).
    const shuffled = frequencySet(t, mulberry32(seed * 31));
    const enc2 = createEncoder(options(t));
    shuffled.forEach((e, i) => {
      enc2.add(e.quasi, e.sensitive, i + 2, e.count);
    });
    const c = runSearch(enc2.finish(), p);
    assert.equal(c.levels, a.levels, label);
    assert.ok(sameLoss(c.search.loss, a.search.loss), label);
    assert.is(c.suppressedCount, a.suppressedCount, label);
  }
  assert.ok(weighted >= 50, `only ${weighted} tables had repeated tuples`);
  assert.ok(found >= cases / 2, `only ${found} of ${cases} cases found a solution`);
});

test('encodeFrequencies takes an async iterable; counts of 1 keep the unweighted path (weight null)', async () => {
  const t = randomTable(7);
  const entries = frequencySet(t);
  async function* gen() {
    for (const e of entries) yield e;
  }
  const enc = await encodeFrequencies(gen(), options(t));
  assert.is(enc.records, t.rows.length);
  assert.ok(enc.weight !== null);
  assert.is(
    enc.weight!.reduce((s, x) => s + x, 0),
    t.rows.length,
  );
  const ones = await encodeFrequencies(
    t.rows.map((r, i) => ({ quasi: r, sensitive: [t.sens[i]!], count: 1 })),
    options(t),
  );
  assert.is(ones.weight, null);
  assert.is(ones.records, t.rows.length);
});

test('a count that is not a positive integer is INPUT_VALUE naming the entry line, never the value', async () => {
  const t = randomTable(3);
  for (const count of [0, -2, 1.5, Number.NaN, 2 ** 60]) {
    const entries = [
      { quasi: t.rows[0]!, sensitive: ['s0'], count: 2, line: 10 },
      { quasi: t.rows[1]!, sensitive: ['s0'], count, line: 11 },
    ];
    try {
      await encodeFrequencies(entries, options(t));
      assert.unreachable(`count ${count} accepted`);
    } catch (e) {
      assert.ok(e instanceof KanonError, String(e));
      assert.is(e.code, 'INPUT_VALUE');
      assert.is(e.where.line, 11);
      assert.not.match(e.message, String(count));
    }
    // The encoder itself refuses too (an engine calling add directly).
    const enc = createEncoder(options(t));
    assert.throws(
      () => enc.add(t.rows[0]!, ['s0'], 4, count),
      (e: unknown) => e instanceof KanonError && e.code === 'INPUT_VALUE' && e.where.line === 4,
    );
  }
});

test('local recoding refuses a weighted table with a coded error naming the option', async () => {
  const t = randomTable(5);
  const enc = await encodeFrequencies(frequencySet(t), options(t));
  assert.ok(enc.weight !== null);
  const { mondrian } = await import('../../src/recoding/mondrian.js');
  const p = normalizePrivacy({ k: 2, recoding: 'local' }, ['s'], ['s']);
  assert.throws(
    () => mondrian(enc, p),
    (e: unknown) => e instanceof KanonError && e.code === 'USAGE' && e.where.path === '/privacy/recoding',
  );
});

test('exact-size columns: the encoded arrays are as long as the entries, also past a chunk', () => {
  const t = randomTable(11);
  const enc = createEncoder({ ...options(t) });
  const n = 70_000;
  for (let i = 0; i < n; i++) enc.add(t.rows[i % t.rows.length]!, [t.sens[i % t.rows.length]!], i + 2, 1 + (i % 3));
  const e = enc.finish();
  assert.is(e.rows, n);
  for (const q of e.quasi) assert.is(q.codes.length, n);
  assert.is(e.sensitive[0]!.codes.length, n);
  assert.is(e.weight!.length, n);
  let want = 0;
  for (let i = 0; i < n; i++) want += 1 + (i % 3);
  assert.is(e.records, want);
  // Codes survive the chunk copies: entry i holds row i mod rows's values.
  const q0 = e.quasi[0]!;
  for (let i = 0; i < n; i += 997) assert.is(q0.values[q0.codes[i]!], t.rows[i % t.rows.length]![0]);
  const hinted = createEncoder({ ...options(t), expectedEntries: 5 });
  for (let i = 0; i < 5; i++) hinted.add(t.rows[i]!, [t.sens[i]!], i + 2);
  assert.is(hinted.finish().quasi[0]!.codes.length, 5);
});

test('columns sized by an estimate (expect) hold the same codes: filled in place when it holds, copied when it falls short', () => {
  const t = randomTable(12);
  const n = 50_000;
  const fill = (expectAt: number, estimate: number) => {
    const enc = createEncoder(options(t));
    for (let i = 0; i < n; i++) {
      if (i === expectAt) enc.expect(estimate);
      enc.add(t.rows[i % t.rows.length]!, [t.sens[i % t.rows.length]!], i + 2);
    }
    return enc.finish();
  };
  const plain = fill(-1, 0);
  for (const [at, estimate] of [
    [3000, 60_000], // above: one array, handed over as a view of it
    [3000, n], // exact
    [3000, 20_000], // below: grows on, copied at the end
    [0, 80_000],
  ] as const) {
    const e = fill(at, estimate);
    for (const [j, q] of e.quasi.entries()) {
      assert.is(q.codes.length, n);
      assert.equal(Array.from(q.codes), Array.from(plain.quasi[j]!.codes), `${at}/${estimate}`);
    }
    assert.equal(Array.from(e.sensitive[0]!.codes), Array.from(plain.sensitive[0]!.codes));
    const inPlace = e.quasi[0]!.codes.buffer.byteLength === estimate * 4;
    assert.is(inPlace, estimate >= n, `${at}/${estimate}: filled in the array the estimate made`);
  }
});

test.run();
