// Never leak what kanon protects: distinctive strings planted in every column must not appear
// on stderr on any failure path, and on stdout only as pass-through data of valid records
// (stdout streams: records before a bad one were already written; `-o FILE` is all-or-nothing).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync } from 'node:fs';
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

function assertNoCanary(text: string, label: string): void {
  assert.not.match(text, /CANARY/, `${label}: a planted value leaked`);
}

// Each scenario drives one failure path; the input always carries canaries in every column.
const scenarios: { name: string; args: string[]; input: string; code: number }[] = [
  { name: 'ragged row', args: ['run', '-p', pol, '-'], input: CSV + `${canary('x', 9)},${canary('y', 9)}\n`, code: 3 },
  { name: 'unclosed quote', args: ['run', '-p', pol, '-'], input: CSV + `"${canary('q', 9)},a,b,c,d\n`, code: 3 },
  { name: 'quote inside a field', args: ['run', '-p', pol, '-'], input: CSV + `a${canary('q', 8)}"x,a,b,c,d\n`, code: 3 },
  { name: 'bad NDJSON', args: ['run', '-p', pol, '--format', 'ndjson', '-'], input: rows.map((r) => `{"id":"${r[0]}", ${r[1]}}`).join('\n'), code: 3 },
  { name: 'bad JSON array', args: ['run', '-p', pol, '--format', 'json', '-'], input: `[{"id":"${canary('id', 1)}"} ${canary('z', 1)}]`, code: 3 },
  { name: 'nested JSON value', args: ['run', '-p', pol, '--format', 'ndjson', '-'], input: `{"id":{"x":"${canary('id', 2)}"}}\n`, code: 3 },
  { name: 'extra JSON key', args: ['run', '-p', pol, '--format', 'ndjson', '-'], input: `{"id":"${canary('id', 3)}"}\n{"id":"a","${canary('k', 3)}":"${canary('v', 3)}"}\n`, code: 3 },
  { name: 'column without a role', args: ['run', '-p', pol, '-'], input: CSV.replace('note', 'notes'), code: 2 },
  { name: 'validate against the header', args: ['validate', '-p', pol, '-'], input: CSV.replace('zip', 'zipcode'), code: 2 },
];

for (const s of scenarios) {
  test(`no planted value on stdout/stderr: ${s.name}`, () => {
    const r = kanon(s.args, { input: s.input });
    assert.is(r.code, s.code, r.stderr);
    assert.match(r.stderr, /[A-Z]+_[A-Z_]+:/); // a coded error was printed
    // Only the insensitive pass-through columns of good records may reach stdout.
    assertNoCanary(r.stdout.replace(/CANARY(ZIP|NOTE)[0-5]Q/g, ''), `${s.name} stdout`);
    assertNoCanary(r.stderr, `${s.name} stderr`);
  });
}

test('dropped columns never reach the output', () => {
  const r = kanon(['run', '-p', pol, '-'], { input: CSV });
  assert.is(r.code, 0, r.stderr);
  for (const c of ['id', 'name', 'email']) assert.not.match(r.stdout, new RegExp(`CANARY${c.toUpperCase()}`));
  assertNoCanary(r.stderr, 'summary');
});

test.run();
