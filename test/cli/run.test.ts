import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { BIN, fixture, kanon, tempDir } from '../helpers/cli.js';

const PEOPLE = fixture('people.csv');
const POLICY = fixture('people.policy.json');

test('run in a pipe: stdin to stdout, data only on stdout, summary on stderr', () => {
  const r = kanon(['run', '--policy', POLICY, '-'], { input: readFileSync(PEOPLE) });
  assert.is(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.is(lines[0], 'birth_date,zip,sex,age,diagnosis,visit_date');
  assert.is(lines.length, 11);
  assert.not.match(r.stdout, /Lovelace|example\.org/);
  assert.match(r.stderr, /10 of 10 records, 6 of 9 columns/);
});

test('-o writes the file; --quiet prints nothing', () => {
  const dir = tempDir();
  const out = join(dir, 'out.csv');
  const r = kanon(['run', PEOPLE, '-p', POLICY, '-o', out, '--quiet']);
  assert.is(r.code, 0, r.stderr);
  assert.is(r.stderr, '');
  assert.is(r.stdout, '');
  assert.is(readFileSync(out, 'utf8').split('\n')[1], '1985-12-10,81675,F,36,flu,2021-03-02');
});

test('--to converts formats; JSON in gives JSON out by default', () => {
  const nd = kanon(['run', PEOPLE, '-p', POLICY, '--to', 'ndjson']);
  assert.is(nd.code, 0, nd.stderr);
  const recs = nd.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.is(recs.length, 10);
  assert.is(recs[1].zip, '81677');
  const back = kanon(['run', '-p', POLICY, '-'], { input: JSON.stringify(recs.map((r) => ({ id: 'x', name: 'n', email: 'e', ...r }))) });
  assert.is(back.code, 0, back.stderr);
  assert.equal(JSON.parse(back.stdout).length, 10);
});

test('the input delimiter is kept unless told; --out-delimiter changes it', () => {
  const semi = readFileSync(PEOPLE, 'utf8').replace(/,/g, ';');
  const r = kanon(['run', '-p', POLICY, '-'], { input: semi });
  assert.is(r.stdout.split('\n')[0], 'birth_date;zip;sex;age;diagnosis;visit_date');
  const t = kanon(['run', '-p', POLICY, '--out-delimiter', 'tab', '-'], { input: semi });
  assert.is(t.stdout.split('\n')[0], 'birth_date\tzip\tsex\tage\tdiagnosis\tvisit_date');
});

function noTempLeft(dir: string): void {
  assert.equal(
    readdirSync(dir).filter((f) => f.includes('.kanon-')),
    [],
  );
}

test('a ragged row exits 3 with INPUT_RECORD_LENGTH and line, and leaves no output file', () => {
  const dir = tempDir();
  const bad = join(dir, 'bad.csv');
  const rows = readFileSync(PEOPLE, 'utf8').split('\n');
  rows[6] += ',extra';
  writeFileSync(bad, rows.join('\n'));
  const out = join(dir, 'out.csv');
  const r = kanon(['run', bad, '-p', POLICY, '-o', out]);
  assert.is(r.code, 3);
  assert.match(r.stderr, /INPUT_RECORD_LENGTH: .*bad\.csv, line 7/);
  assert.not.ok(existsSync(out));
  noTempLeft(dir);
});

test('an unclosed quote exits 3 with INPUT_CSV_SYNTAX and leaves no output file', () => {
  const dir = tempDir();
  const out = join(dir, 'out.csv');
  const r = kanon(['run', '-p', POLICY, '-o', out, '-'], { input: readFileSync(PEOPLE, 'utf8') + '11,"Unclosed,x,y,z,F,1,flu,2021-01-01\n' });
  assert.is(r.code, 3);
  assert.match(r.stderr, /INPUT_CSV_SYNTAX/);
  assert.not.ok(existsSync(out));
  noTempLeft(dir);
});

test('bad JSON input exits 3 with INPUT_JSON_SYNTAX and its line', () => {
  const r = kanon(['run', '-p', POLICY, '--format', 'ndjson', '-'], { input: '{"id":"1"}\n{"id": oops}\n' });
  assert.is(r.code, 3);
  assert.match(r.stderr, /INPUT_JSON_SYNTAX: <stdin>, line 2/);
});

test('a policy column the input lacks, and an input column without a role: exit 2, both named', () => {
  const dir = tempDir();
  const p = JSON.parse(readFileSync(POLICY, 'utf8'));
  delete p.columns.zip;
  p.columns.zipp = { role: 'insensitive' };
  const pol = join(dir, 'p.json');
  writeFileSync(pol, JSON.stringify(p));
  const out = join(dir, 'out.csv');
  const r = kanon(['run', PEOPLE, '-p', pol, '-o', out]);
  assert.is(r.code, 2);
  assert.match(r.stderr, /POLICY_COLUMN_MISSING: [^\n]*at \/columns/);
  assert.match(r.stderr, /POLICY_COLUMN_UNKNOWN: [^\n]*column "zipp"[^\n]*at \/columns\/zipp/);
  assert.not.ok(existsSync(out));
});

test('a schema error exits 2 with its config path', () => {
  const dir = tempDir();
  const pol = join(dir, 'p.json');
  writeFileSync(pol, JSON.stringify({ columns: { id: { role: 'identifier', operator: 'drop', colour: 1 } } }));
  const r = kanon(['validate', '-p', pol]);
  assert.is(r.code, 2);
  assert.match(r.stderr, /POLICY_SCHEMA: .*at \/columns\/id: unknown key "colour"/);
});

test('refuses to write over the input file', () => {
  const dir = tempDir();
  const f = join(dir, 'in.csv');
  writeFileSync(f, readFileSync(PEOPLE));
  const r = kanon(['run', f, '-p', POLICY, '-o', f]);
  assert.is(r.code, 2);
  assert.match(r.stderr, /USAGE_OUTPUT_IS_INPUT/);
  assert.equal(readFileSync(f), readFileSync(PEOPLE));
});

test('a missing input file and a missing policy are usage errors (exit 2)', () => {
  assert.is(kanon(['run', 'nope.csv', '-p', POLICY]).code, 2);
  assert.match(kanon(['run', PEOPLE, '-p', 'nope.json']).stderr, /POLICY_READ/);
  const u = kanon(['run', PEOPLE]);
  assert.is(u.code, 2);
  assert.match(u.stderr, /--policy/);
  assert.is(kanon(['frobnicate']).code, 2);
});

test('validate prints "valid" and checks the header when given an input', () => {
  const ok = kanon(['validate', '-p', POLICY, PEOPLE]);
  assert.is(ok.code, 0, ok.stderr);
  assert.match(ok.stderr, /valid: .*3 identifier, 6 insensitive.*fits/);
  const bad = kanon(['validate', '-p', POLICY, '-'], { input: 'id,name\n1,x\n' });
  assert.is(bad.code, 2);
  assert.is((bad.stderr.match(/POLICY_COLUMN_UNKNOWN/g) ?? []).length, 7);
});

test('validate also loads hierarchies and checks the privacy section, reporting every problem', () => {
  const dir = tempDir();
  const pol = join(dir, 'p.json');
  writeFileSync(
    pol,
    JSON.stringify({
      columns: {
        a: { role: 'quasi', hierarchy: 'missing.csv' },
        b: { role: 'quasi', hierarchy: { type: 'interval', widths: [5, 7] } },
        c: { role: 'sensitive' },
      },
      privacy: { k: 2, lDiversity: { column: 'a', l: 2 } },
    }),
  );
  const r = kanon(['validate', '-p', pol]);
  assert.is(r.code, 2);
  assert.match(r.stderr, /HIERARCHY_READ: .*at \/columns\/a\/hierarchy/);
  assert.match(r.stderr, /HIERARCHY_INVALID: .*at \/columns\/b\/hierarchy/);
  assert.match(r.stderr, /POLICY_INVALID: .*at \/privacy\/lDiversity\/column/);
  assert.is(kanon(['validate', '-p', fixture('adult.policy.json')]).code, 0);
});

test('without quasi-identifiers: --report describes the output as one class; a failing gate keeps no file', () => {
  const dir = tempDir();
  const rep = join(dir, 'r.json');
  const ok = kanon(['run', PEOPLE, '-p', POLICY, '-o', join(dir, 'ok.csv'), '-r', rep]);
  assert.is(ok.code, 0, ok.stderr);
  const report = JSON.parse(readFileSync(rep, 'utf8'));
  assert.is(report.after.records, 10);
  assert.is(report.after.k, 10);
  const p = JSON.parse(readFileSync(POLICY, 'utf8'));
  p.risk = { thresholds: { minK: 20 } };
  const pol = join(dir, 'gate.json');
  writeFileSync(pol, JSON.stringify(p));
  const out = join(dir, 'gate.csv');
  const r = kanon(['run', PEOPLE, '-p', pol, '-o', out, '-r', rep]);
  assert.is(r.code, 4);
  assert.not.ok(existsSync(out));
  noTempLeft(dir);
  assert.is(JSON.parse(readFileSync(rep, 'utf8')).gate.passed, false);
  const toStdout = kanon(['run', PEOPLE, '-p', pol]);
  assert.is(toStdout.code, 2);
  assert.is(toStdout.stdout, '');
});

test('--version and --help (with examples) go to stdout and exit 0', () => {
  const v = kanon(['--version']);
  assert.is(v.code, 0);
  assert.match(v.stdout, /^\d+\.\d+\.\d+/);
  for (const args of [['--help'], ['run', '--help'], ['validate', '--help']]) {
    const h = kanon(args);
    assert.is(h.code, 0);
    assert.match(h.stdout, /Examples:/);
  }
});

test('no colour codes on stderr with NO_COLOR or --no-color, even when FORCE_COLOR is set', () => {
  const a = kanon(['run', PEOPLE, '-p', 'nope.json'], { env: { NO_COLOR: '1' } });
  assert.not.match(a.stderr, /\x1b\[/);
  const b = kanon(['run', PEOPLE, '-p', 'nope.json', '--no-color'], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } });
  assert.not.match(b.stderr, /\x1b\[/);
  const c = kanon(['run', PEOPLE, '-p', 'nope.json'], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } });
  assert.match(c.stderr, /\x1b\[/);
});

test('a closed pipe downstream (EPIPE) exits 0 quietly', () => {
  const big = readFileSync(PEOPLE, 'utf8').split('\n');
  const body = Array.from({ length: 40000 }, (_, i) => big[1 + (i % 10)]).join('\n');
  const input = big[0] + '\n' + body + '\n';
  const r = spawnSync('bash', ['-c', `node ${BIN} run -p ${POLICY} - | head -n 1`], { input, env: { ...process.env, NO_COLOR: '1' } });
  assert.is(r.status, 0);
  assert.is(r.stdout.toString(), 'birth_date,zip,sex,age,diagnosis,visit_date\n');
  assert.not.match(r.stderr.toString(), /error/i);
  const p = spawnSync('bash', ['-c', `set -o pipefail; node ${BIN} run -p ${POLICY} - | head -c 10 >/dev/null`], { input });
  assert.is(p.status, 0);
});

test.run();
