// qiDistributions' bars (src/risk/distributions.ts) against a reference written the plain way
// (every label sorted by count and by value, then filtered), on random columns with ties,
// numeric and categorical labels, more values than bars; and the local-recoding count by
// partition against the count by row.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createEncoder } from '../../src/search/index.js';
import { identityHierarchy } from '../../src/plan/plan.js';
import { MAX_BARS, MIN_LABEL_COUNT, qiDistributions, type DistributionSide } from '../../src/risk/distributions.js';
import { mulberry32 } from '../../src/prng.js';

const NUMERIC = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;
const FIRST_NUMBER = /[-+]?\d+(\.\d+)?/;

/** The "after" side as it was computed before the bars were picked in one pass. */
function reference(labels: string[], counts: number[], show: (n: number) => boolean): Pick<DistributionSide, 'bars' | 'rest' | 'records' | 'distinct'> {
  const idx = counts.flatMap((n, c) => (n > 0 ? [c] : []));
  const records = idx.reduce((s, c) => s + counts[c]!, 0);
  const numeric = idx.length > 0 && idx.every((c) => NUMERIC.test(labels[c]!));
  const key = (c: number): number => Number((numeric ? labels[c]! : FIRST_NUMBER.exec(labels[c]!)?.[0]) ?? NaN);
  const ordered = idx.every((c) => !Number.isNaN(key(c)));
  const sorted = ordered ? [...idx].sort((a, b) => key(a) - key(b) || a - b) : [...idx].sort((a, b) => counts[b]! - counts[a]! || a - b);
  const byCount = [...idx].sort((a, b) => counts[b]! - counts[a]! || a - b);
  const keep = new Set(byCount.filter((c) => show(counts[c]!)).slice(0, MAX_BARS));
  const bars = sorted.filter((c) => keep.has(c)).map((c) => ({ count: counts[c]!, ...(show(counts[c]!) ? { label: labels[c]! } : {}) }));
  const rest = sorted.filter((c) => !keep.has(c));
  return { records, distinct: idx.length, bars, rest: { values: rest.length, records: rest.reduce((s, c) => s + counts[c]!, 0) } };
}

test('the bars picked in one pass are the reference bars, in its order (random columns, ties, numbers, categories)', () => {
  const rnd = mulberry32(11);
  for (let round = 0; round < 60; round++) {
    const kinds = ['num', 'cat', 'range', 'mixed'] as const;
    const kind = kinds[round % kinds.length]!;
    const distinct = 1 + Math.floor(rnd() * 120);
    const label = (i: number): string =>
      kind === 'num' ? String(i * 3 - 40) : kind === 'cat' ? `v${i}` : kind === 'range' ? `[${i},${i + 5}]` : i % 7 === 0 ? `x${i}` : String(i);
    const values: string[] = [];
    for (let i = 0; i < distinct; i++) {
      // counts with many ties around the label threshold
      const n = 1 + Math.floor(rnd() * (rnd() < 0.5 ? 4 : 30));
      for (let r = 0; r < n; r++) values.push(label(i));
    }
    for (let i = values.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [values[i], values[j]] = [values[j]!, values[i]!];
    }
    const enc = createEncoder({ file: 't.csv', quasi: [{ name: 'c', hierarchy: identityHierarchy }], sensitive: [] });
    for (let i = 0; i < values.length; i++) enc.add([values[i]!], [], i + 2);
    const table = enc.finish();
    const q = table.quasi[0]!;
    const counts = Array.from(q.rowCount[0]!);
    for (const [k, includeValues] of [
      [2, false],
      [15, false],
      [5, true],
    ] as const) {
      const [d] = qiDistributions(table, { levels: [0], k, includeValues });
      const min = Math.max(k, MIN_LABEL_COUNT);
      const want = reference([...q.labels[0]!], counts, (n) => includeValues || n >= min);
      assert.equal(d!.after!.bars, want.bars, `${kind} round ${round} k=${k}`);
      assert.equal(d!.after!.rest, want.rest, `${kind} round ${round} k=${k}: rest`);
      assert.is(d!.after!.records, want.records);
    }
  }
});

test('local recoding: labels counted by partition are those counted row by row (suppressed rows starred)', () => {
  const rnd = mulberry32(5);
  const rows = 3000;
  const enc = createEncoder({
    file: 't.csv',
    quasi: [
      { name: 'a', hierarchy: identityHierarchy },
      { name: 'b', hierarchy: identityHierarchy },
    ],
    sensitive: [],
  });
  for (let r = 0; r < rows; r++) enc.add([`a${Math.floor(rnd() * 50)}`, `b${Math.floor(rnd() * 9)}`], [], r + 2);
  const table = enc.finish();
  // 400 partitions, rows assigned at random, 1 in 20 suppressed; per partition and QI a label.
  const P = 400;
  const partOf = Int32Array.from({ length: rows }, () => (rnd() < 0.05 ? -1 : Math.floor(rnd() * P)));
  const suppressed = Uint8Array.from(partOf, (p) => (p < 0 ? 1 : 0));
  const texts = [Array.from({ length: 60 }, (_, i) => `[${i},${i + 1}]`), Array.from({ length: 5 }, (_, i) => `g${i}`)];
  const labelId = Int32Array.from({ length: P * 2 }, (_, x) => Math.floor(rnd() * texts[x % 2]!.length));
  const idOf = (j: number, r: number): number => (partOf[r]! < 0 ? -1 : labelId[partOf[r]! * 2 + j]!);
  for (const star of [false, true]) {
    const common = { suppressed, star, k: 3, includeValues: false };
    const byRow = qiDistributions(table, { ...common, labels: { texts, idOf } });
    const byPart = qiDistributions(table, {
      ...common,
      labels: { texts, idOf, parts: { count: P, partOf: (r) => partOf[r]!, labelIdOfPart: (j, p) => labelId[p * 2 + j]! } },
    });
    assert.equal(byPart, byRow, `star ${star}`);
    assert.ok(byRow[0]!.after!.bars.length > 0);
  }
});

/** A one-column table of these values (the column's own values at level 0). */
function tableOf(values: readonly string[]) {
  const enc = createEncoder({ file: 't.csv', quasi: [{ name: 'c', hierarchy: identityHierarchy }], sensitive: [] });
  for (let i = 0; i < values.length; i++) enc.add([values[i]!], [], i + 2);
  return enc.finish();
}

test('a date column of more values than bars is drawn as equal-width bins by day, unlabelled unless values are shown', () => {
  const rnd = mulberry32(3);
  const day = 86_400_000;
  const from = Date.UTC(1930, 0, 1) / day;
  const days: number[] = [];
  for (let i = 0; i < 4000; i++) days.push(from + Math.floor(rnd() * rnd() * 29_000)); // skewed towards 1930
  const iso = (d: number): string => new Date(d * day).toISOString().slice(0, 10);
  // Some cells with a time: binned by their day as written.
  const values = days.map((d, i) => (i % 10 === 0 ? `${iso(d)}T23:59:00+05:00` : iso(d)));
  const table = tableOf(values);
  const lo = Math.min(...days),
    hi = Math.max(...days),
    w = (hi - lo) / MAX_BARS;
  const want = new Array<number>(MAX_BARS).fill(0);
  for (const d of days) want[Math.min(MAX_BARS - 1, Math.floor((d - lo) / w))]! += 1;
  const [hidden] = qiDistributions(table, { k: 5, includeValues: false });
  assert.is(hidden!.before.kind, 'bins');
  assert.equal(
    hidden!.before.bars.map((b) => b.count),
    want,
  );
  assert.ok(hidden!.before.bars.every((b) => b.label === undefined));
  assert.is(hidden!.before.records, values.length);
  assert.ok(want[0]! > 3 * want[MAX_BARS - 1]!, 'the skew is visible');
  const [shown] = qiDistributions(table, { k: 5, includeValues: true });
  assert.is(shown!.before.bars[0]!.label, `${iso(lo)}–${iso(Math.floor(lo + w))}`);
  assert.is(shown!.before.bars[MAX_BARS - 1]!.label!.split('–')[1], iso(hi));
});

test('dates are drawn by value when few, and a column mixing dates and other text is not binned', () => {
  const few = tableOf(Array.from({ length: 200 }, (_, i) => `2020-01-${String(1 + (i % 20)).padStart(2, '0')}`));
  assert.is(qiDistributions(few, { k: 5, includeValues: false })[0]!.before.kind, 'value');
  const mixed = tableOf(Array.from({ length: 200 }, (_, i) => (i === 7 ? 'unknown' : `2020-0${1 + (i % 9)}-${String(1 + (i % 28)).padStart(2, '0')}`)));
  const side = qiDistributions(mixed, { k: 5, includeValues: false })[0]!.before;
  assert.is(side.kind, 'value');
  assert.is(side.bars.length, MAX_BARS);
});

test.run();
