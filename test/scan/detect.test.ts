import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { scanRows } from '../../src/scan/index.js';
import { generateDataset } from './generate.js';

const NOW = { now: new Date('2025-06-01T00:00:00Z') };

test('classifies every column of the labelled dataset as a person would', () => {
  const d = generateDataset();
  assert.is(d.rows.length, 2000);
  const findings = scanRows(d.header, d.rows, NOW);
  const wrong = findings
    .filter((f) => f.role !== d.labels[f.column]!.role || f.kind !== d.labels[f.column]!.kind)
    .map((f) => `${f.column}: got ${f.role}/${f.kind}, want ${d.labels[f.column]!.role}/${d.labels[f.column]!.kind}`);
  assert.equal(wrong, []);
  for (const f of findings) {
    assert.ok(f.confidence > 0 && f.confidence <= 1, f.column);
    assert.ok(f.reason.length > 0, f.column);
  }
});

test('look-alikes are not taken for what they resemble', () => {
  const d = generateDataset({ rows: 500, seed: 99 });
  const byName = new Map(scanRows(d.header, d.rows, NOW).map((f) => [f.column, f]));
  assert.is.not(byName.get('order_number')!.kind, 'creditCard');
  assert.is.not(byName.get('device_serial')!.kind, 'phone');
  assert.is.not(byName.get('batch_number')!.kind, 'ssn');
  assert.is.not(byName.get('visit_date')!.kind, 'birthDate');
  assert.is(byName.get('product_code')!.role, 'insensitive');
});

test('bare digits count as SSNs and phones only under a header that names them', () => {
  const ssns = Array.from({ length: 50 }, (_, i) => [String(123_450_000 + i * 7), String(4_155_550_100 + i * 13)]);
  const named = scanRows(['ssn', 'mobile'], ssns, NOW);
  assert.equal(
    named.map((f) => f.kind),
    ['ssn', 'phone'],
  );
  const anon = scanRows(['ref_a', 'ref_b'], ssns, NOW);
  assert.equal(
    anon.map((f) => f.kind),
    ['uniqueId', 'uniqueId'],
  );
});

test('a birth-date header with dates outside a lifetime is not a birth date', () => {
  const rows = Array.from({ length: 40 }, (_, i) => [`${2026 + (i % 3)}-01-0${1 + (i % 9)}`]);
  const [f] = scanRows(['dob'], rows, NOW);
  assert.is.not(f!.kind, 'birthDate');
});

test('an event date without a subject id column is a quasi-identifier', () => {
  const rows = Array.from({ length: 40 }, (_, i) => [`2023-0${1 + (i % 9)}-1${i % 10}`, String(i % 3)]);
  const [f] = scanRows(['admitted', 'ward'], rows, NOW);
  assert.is(f!.kind, 'eventDate');
  assert.is(f!.role, 'quasi');
});

test('decimal measurements and varying-width integers are not unique ids', () => {
  const rows = Array.from({ length: 300 }, (_, i) => [(i * 1.37 + 0.01).toFixed(2), String(i * i * 31 + 7)]);
  const f = scanRows(['weight', 'amount'], rows, NOW);
  assert.equal(
    f.map((x) => x.role),
    ['insensitive', 'insensitive'],
  );
});

test('the adult census columns get the roles ARX examples give them', () => {
  const lines = readFileSync(new URL('../../fixtures/adult/adult.csv', import.meta.url), 'utf8')
    .split(/\r?\n/)
    .filter(Boolean)
    .map((l) => l.split(';'));
  const f = scanRows(lines[0]!, lines.slice(1, 5001), NOW);
  const roles = Object.fromEntries(f.map((x) => [x.column, x.role]));
  assert.equal(roles, {
    sex: 'quasi',
    age: 'quasi',
    race: 'quasi',
    'marital-status': 'quasi',
    education: 'quasi',
    'native-country': 'quasi',
    workclass: 'quasi',
    occupation: 'quasi',
    'salary-class': 'sensitive',
  });
});

test('sex and marital status are found by content when headers say nothing', () => {
  const rows = Array.from({ length: 60 }, (_, i) => [i % 2 ? 'F' : 'M', ['Married', 'Divorced', 'Never married', 'Widowed'][i % 4]!]);
  const f = scanRows(['c1', 'c2'], rows, NOW);
  assert.equal(
    f.map((x) => [x.role, x.kind]),
    [
      ['quasi', 'sex'],
      ['quasi', 'maritalStatus'],
    ],
  );
});

test.run();
