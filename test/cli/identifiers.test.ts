// Direct identifiers through the real binary: stable keyed pseudonyms across files and runs,
// unrelated tokens under another key, no original value in the output, FF1 reversed by
// `kanon reveal` byte for byte, date shifting that keeps each subject's intervals, key errors.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { kanon, tempDir } from '../helpers/cli.js';
// @ts-expect-error: plain ESM helper without types
import { writePeopleCsv, HEADER } from '../../bench/generate.mjs';

const KEY_A = 'a3f1c2d4e5b60718293a4b5c6d7e8f90112233445566778899aabbccddeeff00';
const KEY_B = '0f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778899aabbccddeeff1';
const dir = tempDir();
const people = join(dir, 'people.csv');
await writePeopleCsv(30000, people);
const original: string[][] = parse(readFileSync(people, 'utf8'));
const header = original.shift()!;
const col = (name: string): number => header.indexOf(name);

const policyPath = join(dir, 'ids.json');
const columns: Record<string, object> = Object.fromEntries((HEADER as string[]).map((h) => [h, { role: 'insensitive' }]));
Object.assign(columns, {
  name: { role: 'identifier', operator: 'hmac', normalize: ['trim', 'lowercase'] },
  email: { role: 'identifier', operator: 'hmac', variant: 'email', domain: 'keep' },
  ssn: { role: 'identifier', operator: 'ff1' },
  phone: { role: 'identifier', operator: 'mask', keepEnd: 4, keepSeparators: true },
  visit_date: { role: 'identifier', operator: 'dateShift', subject: 'id', maxDays: 60 },
});
writeFileSync(policyPath, JSON.stringify({ columns }));

function run(input: string, key: string, extra: string[] = []): { rows: string[][]; stderr: string } {
  const out = join(dir, `out-${Math.random().toString(36).slice(2)}.csv`);
  const r = kanon(['run', input, '-p', policyPath, '-o', out, ...extra], { env: { KANON_KEY: key } });
  assert.is(r.code, 0, r.stderr);
  const rows: string[][] = parse(readFileSync(out, 'utf8'));
  rows.shift();
  return { rows, stderr: r.stderr };
}

const a1 = run(people, KEY_A);

test('no original name, email, SSN or phone appears anywhere in the output', () => {
  const written = new Set(a1.rows.flat());
  for (const c of ['name', 'email', 'phone']) {
    const j = col(c);
    for (const row of original) assert.not.ok(written.has(row[j]!), `${c} leaked`);
  }
  // FF1 tokens are SSN-shaped, so one may equal another person's real SSN by chance (about 1
  // expected among 30,000 in a space of ~5·10^8); what must hold is that no row keeps its own.
  const s = col('ssn');
  original.forEach((row, i) => {
    assert.is.not(a1.rows[i]![s], row[s], `row ${i} kept its SSN`);
  });
  // and the shapes are kept where asked: SSN stays ddd-dd-dddd, phone keeps its last 4 digits
  assert.match(a1.rows[0]![col('ssn')]!, /^\d{3}-\d{2}-\d{4}$/);
  assert.is(a1.rows[0]![col('phone')]!.slice(-4), original[0]![col('phone')]!.slice(-4));
});

test('same key: the same tokens in a second run and in another file sharing values; another key: none in common', () => {
  const again = run(people, KEY_A);
  assert.equal(again.rows, a1.rows);
  // A second file: rows 100..199 of the first, in another order, plus new rows.
  const second = join(dir, 'second.csv');
  const shared = original.slice(100, 200).reverse();
  writeFileSync(
    second,
    [
      header,
      ...shared,
      [
        '999999',
        'Zed Newman',
        'zed@new.example',
        '111-22-3333',
        '+1-200-555-0000',
        '1990-01-01',
        '10000',
        'Male',
        '34',
        'White',
        'Divorced',
        'HS-grad',
        'Sales',
        'none',
        '1',
        '2020-01-01',
      ],
    ]
      .map((r) => r.join(','))
      .join('\n') + '\n',
  );
  const b = run(second, KEY_A);
  for (let i = 0; i < shared.length; i++) {
    const src = a1.rows[199 - i]!;
    for (const c of ['name', 'email', 'ssn']) assert.is(b.rows[i]![col(c)], src[col(c)], c);
  }
  const other = run(people, KEY_B);
  const s = col('ssn');
  assert.ok(other.rows.filter((r, i) => r[s] === a1.rows[i]![s]).length <= 1, 'FF1 under two keys should almost never agree');
  for (const c of ['name', 'email']) {
    const tokensA = new Set(a1.rows.map((r) => r[col(c)]));
    const common = other.rows.filter((r) => tokensA.has(r[col(c)]!)).length;
    assert.is(common, 0, `${c}: ${common} tokens in common across keys`);
  }
});

test('kanon reveal restores the FF1 column byte for byte', () => {
  const out = join(dir, 'tok.csv');
  assert.is(kanon(['run', people, '-p', policyPath, '-o', out], { env: { KANON_KEY: KEY_A } }).code, 0);
  const back = join(dir, 'back.csv');
  const r = kanon(['reveal', out, '-p', policyPath, '-o', back], { env: { KANON_KEY: KEY_A } });
  assert.is(r.code, 0, r.stderr);
  const rows: string[][] = parse(readFileSync(back, 'utf8'));
  rows.shift();
  assert.equal(
    rows.map((x) => x[col('ssn')]),
    original.map((x) => x[col('ssn')]),
  );
  // With another key the SSNs do not come back.
  const wrong = kanon(['reveal', out, '-p', policyPath], { env: { KANON_KEY: KEY_B } });
  assert.is(wrong.code, 0);
  assert.not.match(wrong.stdout, new RegExp(original[0]![col('ssn')]!));
});

test("date shifting keeps every subject's intervals exactly", () => {
  // Two visits per subject: make a file where each id appears twice with different dates.
  const twice = join(dir, 'twice.csv');
  const rows = original.slice(0, 500).flatMap((r, i) => [r, r.map((v, j) => (j === col('visit_date') ? `2022-0${1 + (i % 9)}-1${i % 10}` : v))]);
  writeFileSync(twice, [header, ...rows].map((r) => r.join(',')).join('\n') + '\n');
  const out = run(twice, KEY_A).rows;
  const day = (s: string): number => Date.parse(`${s}T00:00:00Z`) / 86400000;
  let moved = 0;
  for (let i = 0; i < rows.length; i += 2) {
    const before = day(rows[i + 1]![col('visit_date')]!) - day(rows[i]![col('visit_date')]!);
    const after = day(out[i + 1]![col('visit_date')]!) - day(out[i]![col('visit_date')]!);
    assert.is(after, before);
    const shift = day(out[i]![col('visit_date')]!) - day(rows[i]![col('visit_date')]!);
    assert.ok(Math.abs(shift) <= 60 && shift !== 0);
    moved++;
  }
  assert.is(moved, 500);
});

test('key errors: none given, too short; the key never appears in any output', () => {
  const none = kanon(['run', people, '-p', policyPath]);
  assert.is(none.code, 2);
  assert.match(none.stderr, /KEY_MISSING/);
  const short = kanon(['run', people, '-p', policyPath], { env: { KANON_KEY: 'abcdef0123456789abcdef' } });
  assert.is(short.code, 2);
  assert.match(short.stderr, /KEY_INVALID/);
  assert.not.match(short.stderr, /abcdef0123456789abcdef/);
  const keyFile = join(dir, 'k.hex');
  writeFileSync(keyFile, KEY_A + '\n');
  chmodSync(keyFile, 0o600);
  const report = join(dir, 'r.json');
  const quasiPolicy = join(dir, 'q.json');
  writeFileSync(quasiPolicy, JSON.stringify({ columns: { ...columns, sex: { role: 'quasi', hierarchy: { type: 'mask' } } }, privacy: { k: 2 } }));
  const f = kanon(['run', people, '-p', quasiPolicy, '--key-file', keyFile, '-r', report, '-o', join(dir, 'kf.csv')]);
  assert.is(f.code, 0, f.stderr);
  for (const text of [f.stdout, f.stderr, readFileSync(report, 'utf8'), readFileSync(join(dir, 'kf.csv'), 'utf8')]) {
    assert.not.match(text, new RegExp(KEY_A.slice(0, 16)));
  }
  assert.match(readFileSync(report, 'utf8'), /"keyFingerprint": "[0-9a-f]{16}"/);
});

test('a bad value for an operator names line and column, not the value', () => {
  const bad = join(dir, 'bad.csv');
  const rows = original.slice(0, 20).map((r) => [...r]);
  rows[7]![col('visit_date')] = 'NOTADATE';
  writeFileSync(bad, [header, ...rows].map((r) => r.join(',')).join('\n') + '\n');
  const r = kanon(['run', bad, '-p', policyPath, '-o', join(dir, 'bad.out.csv')], { env: { KANON_KEY: KEY_A } });
  assert.is(r.code, 3);
  assert.match(r.stderr, /INPUT_VALUE: .*line 9, column "visit_date"/);
  assert.not.match(r.stderr, /NOTADATE/);
});

test.run();
