// Per-value precision/recall of every content detector on labelled values: the hand-written
// cases of fixtures/scan/values.json plus generated positives; negatives are each kind's
// look-alikes plus every other kind's positives plus generated near-misses (SSNs breaking the
// SSA rules, card numbers failing Luhn, IBANs with a wrong check, bare digit IDs, dates …).
// The table is printed; the floors below are what the detectors honestly reach.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { VALUE_TESTS } from '../../src/scan/content.js';
import type { FindingKind } from '../../src/scan/types.js';
import * as g from './values-gen.js';

type Cases = Record<string, { pos: string[]; neg: string[] }>;
const raw = JSON.parse(readFileSync(new URL('../../fixtures/scan/values.json', import.meta.url), 'utf8')) as Record<string, unknown>;
delete raw.$comment;
const fixture = raw as Cases;

const r = g.seeded(7);
const gen: Record<string, (r: g.Rand) => string> = {
  email: g.email,
  phone: g.phone,
  ssn: g.ssn,
  creditCard: (x) => g.card(x),
  iban: (x) => g.iban(x),
  ipv4: g.ipv4,
  ipv6: g.ipv6,
  mac: g.mac,
  url: g.url,
  uuid: g.uuid,
  personName: g.personName,
  address: g.address,
};
const N = 200;
const positives: Record<string, string[]> = {};
for (const [kind, cases] of Object.entries(fixture)) {
  positives[kind] = [...cases.pos, ...Array.from({ length: N }, () => gen[kind]!(r))];
}
const nearMisses = [
  ...Array.from({ length: N }, () => g.badSsn(r)),
  ...Array.from({ length: N }, () => g.card(r, false)),
  ...Array.from({ length: N }, () => g.iban(r, false)),
  ...Array.from({ length: N }, () => String(g.int(r, 2_000_000_000, 9_999_999_999))), // bare 10-digit IDs
  ...Array.from({ length: N }, () => String(g.int(r, 100_000_000, 999_999_999))), // bare 9-digit numbers
  ...Array.from({ length: N }, () => `${g.int(r, 1950, 2024)}-0${g.int(r, 1, 9)}-1${g.int(r, 0, 9)}`),
  ...Array.from({ length: N }, () => String(g.int(r, 1000, 99999)).padStart(5, '0')),
  ...Array.from({ length: N }, () => `PRD-${String.fromCharCode(65 + g.int(r, 0, 25))}${g.int(r, 100, 999)}`),
  ...Array.from({ length: N }, () => (r() * 1000).toFixed(2)),
  ...g.CITIES, // place names: the same shape as person names
];

interface Row {
  kind: string;
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
}
const table: Row[] = [];
for (const kind of Object.keys(fixture)) {
  const testFn = VALUE_TESTS[kind as FindingKind]!;
  const pos = positives[kind]!;
  const neg = [
    ...fixture[kind]!.neg,
    ...nearMisses,
    ...Object.entries(positives)
      .filter(([k]) => k !== kind)
      .flatMap(([, v]) => v),
  ];
  const tp = pos.filter((v) => testFn(v, false)).length;
  const fp = neg.filter((v) => testFn(v, false)).length;
  const fn = pos.length - tp;
  table.push({ kind, tp, fp, fn, precision: tp / (tp + fp || 1), recall: tp / pos.length });
}

// Floors per detector. personName is a shape test: a city or a one-word category has the
// same shape, so its precision is low on purpose — the column detector also needs a name-like
// header (content.ts NEEDS_HINT); the column-level tests cover that.
const FLOORS: Record<string, [precision: number, recall: number]> = { personName: [0.85, 0.95] };
const DEFAULT_FLOOR: [number, number] = [0.98, 0.95];

function renderTable(rows: readonly Row[]): string[] {
  const lines = ['detector      TP    FP   FN  precision  recall'];
  for (const t of rows) {
    lines.push(
      `${t.kind.padEnd(12)} ${String(t.tp).padStart(4)} ${String(t.fp).padStart(5)} ${String(t.fn).padStart(4)}  ${t.precision.toFixed(3).padStart(9)}  ${t.recall.toFixed(3).padStart(6)}`,
    );
  }
  return lines;
}

test('prints the per-value precision/recall table: one line per detector with its counts and rates', () => {
  const lines = renderTable(table);
  console.log(lines.join('\n'));
  assert.match(lines[0]!, /^detector\s+TP\s+FP\s+FN\s+precision\s+recall$/);
  const kinds = ['email', 'phone', 'ssn', 'creditCard', 'iban', 'ipv4', 'ipv6', 'mac', 'url', 'uuid', 'personName', 'address'];
  assert.equal(
    lines
      .slice(1)
      .map((l) => l.split(/\s+/)[0])
      .sort(),
    [...kinds].sort(),
  );
  for (const line of lines.slice(1)) {
    const [kind, tp, fp, fn, precision, recall] = line.trim().split(/\s+/);
    const pos = positives[kind!]!.length;
    // the printed counts are those of the detector on the labelled values: TP + FN = positives
    assert.is(Number(tp) + Number(fn), pos, kind);
    assert.is(Number(tp), pos - Number(fn));
    assert.is(precision, (Number(tp) / (Number(tp) + Number(fp) || 1)).toFixed(3), kind);
    assert.is(recall, (Number(tp) / pos).toFixed(3), kind);
    // and they are the detector's own answers, recounted here
    const testFn = VALUE_TESTS[kind as FindingKind]!;
    assert.is(positives[kind!]!.filter((v) => testFn(v, false)).length, Number(tp), kind);
  }
  // every kind has the fixture's cases plus N generated positives
  for (const kind of kinds) assert.is(positives[kind]!.length, fixture[kind]!.pos.length + N, kind);
});

for (const t of table) {
  test(`${t.kind}: precision and recall meet their floors`, () => {
    const [p, rc] = FLOORS[t.kind] ?? DEFAULT_FLOOR;
    assert.ok(t.precision >= p, `${t.kind} precision ${t.precision.toFixed(3)} < ${p}`);
    assert.ok(t.recall >= rc, `${t.kind} recall ${t.recall.toFixed(3)} < ${rc}`);
  });
}

test.run();
