// Never leak what kanon protects: distinctive strings planted in every column must not appear
// on stderr on any failure path, and on stdout only as pass-through data of valid records
// (stdout streams: records before a bad one were already written; `-o FILE` is all-or-nothing).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { kanon, tempDir } from '../helpers/cli.js';

const COLS = ['id', 'name', 'email', 'zip', 'note'];
const canary = (col: string, row: number): string => `CANARY${col.toUpperCase()}${row}Q`;
const rows = Array.from({ length: 6 }, (_, r) => COLS.map((c) => canary(c, r)));
const CSV = [COLS.join(','), ...rows.map((r) => r.join(','))].join('\n') + '\n';
const policy = {
  columns: {
    id: { role: 'identifier', operator: 'drop' },
    name: { role: 'identifier', operator: 'drop' },
    email: { role: 'identifier', operator: 'drop' },
    zip: { role: 'insensitive' },
    note: { role: 'insensitive' },
  },
};

const dir = tempDir();
const pol = join(dir, 'policy.json');
writeFileSync(pol, JSON.stringify(policy));

// Policies for the later passes: a hierarchy that lacks the planted zip values, a date shift
// on planted non-dates, a keyed operator with a planted key, a gate that fails, an
// unsatisfiable k. Their reports are written too and must hold no planted value.
const write = (name: string, p: object): string => {
  const f = join(dir, name);
  writeFileSync(f, JSON.stringify(p));
  return f;
};
const zipTree = { type: 'tree', groups: { any: ['00000', '11111'] } };
const quasiZip = write('quasi.json', { columns: { ...policy.columns, zip: { role: 'quasi', hierarchy: zipTree } }, privacy: { k: 2 } });
const shift = write('shift.json', { columns: { ...policy.columns, note: { role: 'identifier', operator: 'dateShift', subject: 'id' } } });
const keyed = write('keyed.json', { columns: { ...policy.columns, name: { role: 'identifier', operator: 'hmac' } } });
const masked = { type: 'mask' };
const gate = write('gate.json', {
  columns: { ...policy.columns, zip: { role: 'quasi', hierarchy: masked } },
  privacy: { k: 1 },
  risk: { thresholds: { minK: 3 } },
});
const unsat = write('unsat.json', { columns: { ...policy.columns, zip: { role: 'quasi', hierarchy: masked } }, privacy: { k: 99 } });
const report = join(dir, 'report.json');
const csvFile = join(dir, 'canary.csv');
writeFileSync(csvFile, CSV);
const CANARY_KEY = 'CAFEBABE'.repeat(8);

function assertNoCanary(text: string, label: string): void {
  assert.not.match(text, /CANARY/, `${label}: a planted value leaked`);
}

// Each scenario drives one failure path; the input always carries canaries in every column.
const scenarios: { name: string; args: string[]; input: string; code: number; env?: Record<string, string> }[] = [
  { name: 'ragged row', args: ['run', '-p', pol, '-'], input: CSV + `${canary('x', 9)},${canary('y', 9)}\n`, code: 3 },
  { name: 'unclosed quote', args: ['run', '-p', pol, '-'], input: CSV + `"${canary('q', 9)},a,b,c,d\n`, code: 3 },
  { name: 'quote inside a field', args: ['run', '-p', pol, '-'], input: CSV + `a${canary('q', 8)}"x,a,b,c,d\n`, code: 3 },
  { name: 'bad NDJSON', args: ['run', '-p', pol, '--format', 'ndjson', '-'], input: rows.map((r) => `{"id":"${r[0]}", ${r[1]}}`).join('\n'), code: 3 },
  { name: 'bad JSON array', args: ['run', '-p', pol, '--format', 'json', '-'], input: `[{"id":"${canary('id', 1)}"} ${canary('z', 1)}]`, code: 3 },
  { name: 'nested JSON value', args: ['run', '-p', pol, '--format', 'ndjson', '-'], input: `{"id":{"x":"${canary('id', 2)}"}}\n`, code: 3 },
  {
    name: 'extra JSON key',
    args: ['run', '-p', pol, '--format', 'ndjson', '-'],
    input: `{"id":"${canary('id', 3)}"}\n{"id":"a","${canary('k', 3)}":"${canary('v', 3)}"}\n`,
    code: 3,
  },
  { name: 'column without a role', args: ['run', '-p', pol, '-'], input: CSV.replace('note', 'notes'), code: 2 },
  { name: 'validate against the header', args: ['validate', '-p', pol, '-'], input: CSV.replace('zip', 'zipcode'), code: 2 },
  // Issue 11 item 1: the first record becomes the "header"; it must not be echoed as column names.
  { name: 'CSV without its header row (run)', args: ['run', '-p', pol, '-'], input: rows.map((r) => r.join(',')).join('\n') + '\n', code: 2 },
  { name: 'CSV without its header row (validate)', args: ['validate', '-p', pol, '-'], input: rows.map((r) => r.join(',')).join('\n') + '\n', code: 2 },
  {
    name: 'CSV without its header row (validate --json)',
    args: ['validate', '-p', pol, '--json', '-'],
    input: rows.map((r) => r.join(',')).join('\n') + '\n',
    code: 2,
  },
  { name: 'CSV without its header row (audit)', args: ['audit', '-p', quasiZip, '-'], input: rows.map((r) => r.join(',')).join('\n') + '\n', code: 2 },
  { name: 'value missing from a hierarchy', args: ['run', '-p', quasiZip, '-r', report, '-'], input: CSV, code: 3 },
  { name: 'operator cannot take a value', args: ['run', '-p', shift, '-'], input: CSV, code: 3, env: { KANON_KEY: CANARY_KEY } },
  { name: 'key too short (the key is a canary too)', args: ['run', '-p', keyed, '-'], input: CSV, code: 2, env: { KANON_KEY: 'CANARYKEY' } },
  { name: 'risk gate fails (report written)', args: ['run', '-p', gate, '-r', report, '-'], input: CSV, code: 4 },
  { name: 'privacy unsatisfiable', args: ['run', '-p', unsat, '-r', report, '-'], input: CSV, code: 4 },
  { name: 'audit gate fails', args: ['audit', '-p', gate, '-r', report, '-'], input: CSV, code: 4 },
  // The memory budget's refusals (the process holds more than 64 MiB before its first check).
  { name: 'memory budget (node engine)', args: ['run', '-p', gate, '--max-memory', '64M', '-r', report, '-'], input: CSV, code: 3 },
  { name: 'memory budget (DuckDB engine)', args: ['run', csvFile, '-p', gate, '--engine', 'duckdb', '--max-memory', '64M', '-r', report], input: '', code: 3 },
  { name: 'memory budget (audit)', args: ['audit', '-p', gate, '--max-memory', '64M', '-'], input: CSV, code: 3 },
];

for (const s of scenarios) {
  test(`no planted value on stdout/stderr: ${s.name}`, () => {
    rmSync(report, { force: true });
    const r = kanon(s.args, { input: s.input, ...(s.env ? { env: s.env } : {}) });
    assert.is(r.code, s.code, r.stderr);
    if (existsSync(report)) assertNoCanary(readFileSync(report, 'utf8'), `${s.name} report`);
    assert.match(r.stderr, /[A-Z]+_[A-Z_]+:/); // a coded error was printed
    // Only the insensitive pass-through columns of good records may reach stdout.
    assertNoCanary(r.stdout.replace(/CANARY(ZIP|NOTE)[0-5]Q/g, ''), `${s.name} stdout`);
    assertNoCanary(r.stderr, `${s.name} stderr`);
    assert.not.match(r.stdout + r.stderr, /CAFEBABE/i, 'the key leaked');
  });
}

test('a keyed run prints neither the key nor identifier values; the report holds only the fingerprint', () => {
  rmSync(report, { force: true });
  const keyedQuasi = write('keyed-quasi.json', {
    columns: { ...policy.columns, name: { role: 'identifier', operator: 'hmac' }, zip: { role: 'quasi', hierarchy: masked } },
    privacy: { k: 1 },
  });
  const r = kanon(['run', '-p', keyedQuasi, '-r', report, '-'], { input: CSV, env: { KANON_KEY: CANARY_KEY } });
  assert.is(r.code, 0, r.stderr);
  assert.not.match(r.stdout + r.stderr, /CAFEBABE/i);
  assert.not.match(r.stdout, /CANARYNAME/);
  const text = readFileSync(report, 'utf8');
  const doc = (JSON.parse(text) as { fingerprints: { keyFingerprint: string | null } }).fingerprints;
  assert.match(String(doc.keyFingerprint), /^[0-9a-f]{16}$/);
  assert.match(r.stderr, new RegExp(`key fingerprint ${doc.keyFingerprint}`));
  assert.not.match(text, /CAFEBABE/i);
  assertNoCanary(text, 'keyed report');
});

test('dropped columns never reach the output', () => {
  const r = kanon(['run', '-p', pol, '-'], { input: CSV });
  assert.is(r.code, 0, r.stderr);
  for (const c of ['id', 'name', 'email']) assert.not.match(r.stdout, new RegExp(`CANARY${c.toUpperCase()}`));
  assertNoCanary(r.stderr, 'summary');
});

test.run();
