// kanon scan end to end: the labelled generated dataset is classified as a person would, the
// draft passes the schema, and `kanon run` accepts the draft as is (given a key); the written
// output holds no identifier value and is k-anonymous as the draft asked.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { kanon, tempDir } from '../helpers/cli.js';
import { generateDataset } from '../scan/generate.js';
import { csvStringifier } from '../../src/io/write.js';
// @ts-expect-error: plain ESM helper without types
import { writePeople18Csv } from '../../bench/generate.mjs';

const KEY = 'a3f1c2d4e5b60718293a4b5c6d7e8f90112233445566778899aabbccddeeff00';
const dir = tempDir();
const data = generateDataset({ rows: 2000 });
const csv = join(dir, 'people.csv');
writeFileSync(csv, csvStringifier(',', false)([data.header, ...data.rows]));

test('scan --json classifies every column as labelled', () => {
  const r = kanon(['scan', csv, '--json']);
  assert.is(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.is(out.records, 2000);
  const wrong = out.columns
    .filter((c: any) => c.role !== data.labels[c.column]!.role)
    .map((c: any) => `${c.column}: ${c.role} (labelled ${data.labels[c.column]!.role})`);
  assert.equal(wrong, []);
});

test('the drafted policy runs end to end; identifiers never reach the output; k holds on the file', () => {
  const policy = join(dir, 'draft.json');
  const s = kanon(['scan', csv, '--policy-out', policy, '-q']);
  assert.is(s.code, 0, s.stderr);
  const draft = JSON.parse(readFileSync(policy, 'utf8'));
  assert.is(draft.privacy.k, 5);
  const out = join(dir, 'out.csv');
  const r = kanon(['run', csv, '-p', policy, '-o', out], { env: { KANON_KEY: KEY } });
  assert.is(r.code, 0, r.stderr);
  const rows: string[][] = parse(readFileSync(out, 'utf8'));
  const header = rows.shift()!;
  // No value of an identifier column appears anywhere in the output. (Date-shifted columns are
  // left out of this set check: a shifted date may equal another record's real date; their
  // per-subject shifting is tested in test/operators/date-shift.test.ts.)
  const ids = Object.entries(data.labels)
    .filter(([, l]) => l.role === 'identifier' && l.kind !== 'eventDate')
    .map(([c]) => data.header.indexOf(c));
  assert.ok(ids.length >= 8);
  const written = new Set(rows.flat());
  for (const j of ids) for (const row of data.rows) if (row[j]!.length > 3) assert.not.ok(written.has(row[j]!), `${data.header[j]} value leaked`);
  // k-anonymity on the written quasi-identifier columns.
  const qis = Object.keys(draft.columns)
    .filter((c) => draft.columns[c].role === 'quasi')
    .map((c) => header.indexOf(c));
  const classes = new Map<string, number>();
  for (const row of rows) {
    const key = JSON.stringify(qis.map((j) => row[j]));
    classes.set(key, (classes.get(key) ?? 0) + 1);
  }
  assert.ok(Math.min(...classes.values()) >= 5);
  assert.ok(rows.length >= 2000 * 0.95);
});

test('scan prints no cell value unless --show-examples', () => {
  const canary = generateDataset({ rows: 400, canary: 'KANARY' });
  const f = join(dir, 'canary.csv');
  writeFileSync(f, csvStringifier(',', false)([canary.header, ...canary.rows]));
  const policy = join(dir, 'canary.json');
  const r = kanon(['scan', f, '--policy-out', policy]);
  const j = kanon(['scan', f, '--json']);
  assert.is(r.code, 0, r.stderr);
  for (const text of [r.stdout, r.stderr, j.stdout, readFileSync(policy, 'utf8')]) assert.not.match(text, /KANARY/);
  // The positive control: with --show-examples the draft lists every category, canaries included.
  const shown = join(dir, 'shown.json');
  assert.is(kanon(['scan', f, '--show-examples', '--policy-out', shown, '-q']).code, 0);
  assert.match(readFileSync(shown, 'utf8'), /KANARY/);
});

test('a CSV without its header row: scan shows columns by position, warns, and refuses to draft (INPUT_HEADER, exit 3)', () => {
  const f = join(dir, 'headless.csv');
  writeFileSync(f, csvStringifier(',', false)(data.rows.slice(0, 300)));
  const first = data.rows[0]!.filter((v) => v.length >= 4 && v !== 'true' && v !== 'false'); // JSON literals are not leaks
  const table = kanon(['scan', f]);
  assert.is(table.code, 0, table.stderr);
  assert.match(table.stderr, /^warning: the header row looks like data/m);
  const json = kanon(['scan', f, '--json']);
  assert.is(json.code, 0, json.stderr);
  assert.is(JSON.parse(json.stdout).warnings.length, 1);
  const policy = join(dir, 'headless.json');
  const r = kanon(['scan', f, '--policy-out', policy]);
  assert.is(r.code, 3);
  assert.match(r.stderr, /INPUT_HEADER/);
  assert.not.ok(existsSync(policy));
  for (const text of [table.stderr, json.stdout, r.stderr])
    assert.equal(
      first.filter((v) => text.includes(v)),
      [],
    );
  // --trust-header: the user says these are the names; the draft is written with them
  const t = kanon(['scan', f, '--trust-header', '--policy-out', policy, '-q']);
  assert.is(t.code, 0, t.stderr);
  assert.ok(Object.keys(JSON.parse(readFileSync(policy, 'utf8')).columns).includes(data.rows[0]![3]!));
});

test('a numeric column with 1e999 or a range past the doubles: scan drafts a policy (was INTERNAL)', () => {
  const inf = Array.from({ length: 40 }, (_, i) => (i === 7 ? '1e999' : String(i % 4)));
  const wide = Array.from({ length: 40 }, (_, i) => ['-1.7e308', '1.7e308', '0'][i % 3]!);
  for (const [name, cells] of [
    ['inf', inf],
    ['wide', wide],
  ] as const) {
    const f = join(dir, `${name}.csv`);
    writeFileSync(f, ['children', ...cells].join('\n') + '\n');
    const policy = join(dir, `${name}.json`);
    const r = kanon(['scan', f, '--policy-out', policy, '-q']);
    assert.is(r.code, 0, r.stderr);
    const v = kanon(['validate', '--policy', policy, f]);
    if (name === 'wide') assert.is(v.code, 0, v.stderr);
    else {
      // 1e999 is a stray value outside the drafted bands: validate (which reads the data) names
      // its line instead of letting run fail on it later.
      assert.is(v.code, 3, v.stderr);
      assert.match(v.stderr, /HIERARCHY_VALUE_MISSING: .*inf\.csv, line 9, column "children"/);
    }
  }
});

// Issue 13: the 18-column people table (bench/generate.mjs --people18).
test('the scan draft of the generated 18-column table at 2,000 rows validates against the table', async () => {
  const f = join(dir, 'people18.csv');
  await writePeople18Csv(2000, f);
  const policy = join(dir, 'people18.json');
  const s = kanon(['scan', f, '--policy-out', policy, '-q']);
  assert.is(s.code, 0, s.stderr);
  const draft = JSON.parse(readFileSync(policy, 'utf8'));
  assert.ok(Object.values(draft.columns).filter((c: any) => c.role === 'quasi').length >= 9);
  const v = kanon(['validate', '--policy', policy, f], { env: { KANON_KEY: KEY } }); // validate checks the keys too
  assert.is(v.code, 0, v.stderr);
});

test('scan says where the draft chose another role than the table shows (the city: detected quasi, drafted as a dropped identifier)', async () => {
  const f = join(dir, 'people18-roles.csv');
  await writePeople18Csv(2000, f);
  const policy = join(dir, 'people18-roles.json');
  const s = kanon(['scan', f, '--policy-out', policy]);
  assert.is(s.code, 0, s.stderr);
  const draft = JSON.parse(readFileSync(policy, 'utf8'));
  assert.is(draft.columns.city.role, 'identifier');
  assert.match(s.stderr, /the draft gives a column another role than detected: city → identifier \(see each column's "reason" in /);
  // Without --policy-out there is no draft to speak of.
  assert.not.match(kanon(['scan', f]).stderr, /another role than detected/);
});

// The draft has 11 quasi-identifiers (a lattice of ~2.4M nodes): the anytime search runs it
// within its default budget (issue 13). Its wall time (about 30 s here) is a benchmark figure,
// not asserted: speed is checked by benchmarks, never by timed tests.
test('100,000-row 18-column table: scan, then run with the draft as is; the written file has the k the report states', async () => {
  const f = join(dir, 'people18-100k.csv');
  await writePeople18Csv(100_000, f, 1813);
  const policy = join(dir, 'people18-100k.json');
  assert.is(kanon(['scan', f, '--policy-out', policy, '-q']).code, 0);
  const draft = JSON.parse(readFileSync(policy, 'utf8'));
  const out = join(dir, 'people18-100k.out.csv');
  const report = join(dir, 'people18-100k.report.json');
  const r = kanon(['run', f, '-p', policy, '-o', out, '--report', report, '-q'], { env: { KANON_KEY: KEY } });
  assert.is(r.code, 0, r.stderr);
  // independent check: equivalence classes of the written quasi-identifier columns
  const rows: string[][] = parse(readFileSync(out, 'utf8'));
  const head = rows.shift()!;
  const qis = Object.keys(draft.columns)
    .filter((c) => draft.columns[c].role === 'quasi')
    .map((c) => head.indexOf(c));
  assert.ok(qis.every((j) => j >= 0));
  const classes = new Map<string, number>();
  for (const row of rows) {
    const key = JSON.stringify(qis.map((j) => row[j]));
    classes.set(key, (classes.get(key) ?? 0) + 1);
  }
  const k = Math.min(...classes.values());
  const stated = JSON.parse(readFileSync(report, 'utf8')).after.k;
  assert.is(k, stated);
  assert.ok(k >= draft.privacy.k);
  assert.ok(rows.length >= 100_000 * (1 - draft.privacy.suppressionLimit));
});

test('--rows stops early and says so', () => {
  const r = kanon(['scan', csv, '--rows', '100', '--json']);
  assert.is(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.is(out.records, 100);
  assert.is(out.complete, false);
});

test.run();
