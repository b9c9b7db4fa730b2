// kanon validate lists, in one run, every problem `run` would hit; `run` stops on each of the
// configuration problems before it reads the data (issue 10).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, writeFileSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { BIN, kanon, tempDir } from '../helpers/cli.js';

const KEY = 'cd'.repeat(32);
const dir = tempDir();
const DATA = join(dir, 'data.csv');
// Values of "city" outside the tree: Lyon (lines 3, 6), Nice (line 4), Brest (line 7).
writeFileSync(
  DATA,
  [
    'id,email,city,diagnosis',
    '1,a@x.org,Paris,flu',
    '2,b@x.org,Lyon,flu',
    '3,c@x.org,Nice,cold',
    '4,d@x.org,Paris,cold',
    '5,e@x.org,Lyon,flu',
    '6,f@x.org,Brest,flu',
    '7,g@x.org,Rome,cold',
  ].join('\n') + '\n',
);
const tree = { type: 'tree', groups: { France: ['Paris', 'Marseille'], Italy: ['Rome'] } };
const columns = (over: Record<string, unknown> = {}) => ({
  id: { role: 'identifier', operator: 'drop' },
  email: { role: 'identifier', operator: 'hmac' },
  city: { role: 'quasi', hierarchy: tree },
  diagnosis: { role: 'sensitive' },
  ...over,
});
function policy(name: string, p: Record<string, unknown>): string {
  const f = join(dir, `${name}.json`);
  writeFileSync(f, JSON.stringify({ privacy: { k: 2, suppressionLimit: 0.5 }, ...p }));
  return f;
}
const ALL = policy('all', {
  columns: columns({ email: { role: 'identifier', operator: 'hmac', encoding: 'base62', length: 50 } }),
  risk: { thresholds: { maxPopulationUniquesShare: 0.01 } },
});

interface Problem {
  code: string;
  file: string | null;
  line: number | null;
  column: string | null;
  path: string | null;
}

test('validate INPUT: option out of range, missing key, three uncovered values, a threshold needing a population — all in one run', () => {
  const r = kanon(['validate', '--policy', ALL, DATA, '--json']);
  assert.is(r.code, 2, r.stderr);
  const doc = JSON.parse(r.stdout) as { valid: boolean; problems: Problem[]; records: number };
  assert.is(doc.valid, false);
  assert.is(doc.records, 7);
  const got = doc.problems.map((p) => [p.code, p.path, p.line, p.column]);
  assert.equal(got, [
    ['POLICY_INVALID', '/columns/email/length', null, null],
    ['POLICY_INVALID', '/risk/thresholds/maxPopulationUniquesShare', null, null],
    ['KEY_MISSING', '/columns/email', null, null],
    ['HIERARCHY_VALUE_MISSING', '/columns/city/hierarchy', 3, 'city'],
    ['HIERARCHY_VALUE_MISSING', '/columns/city/hierarchy', 4, 'city'],
    ['HIERARCHY_VALUE_MISSING', '/columns/city/hierarchy', 7, 'city'],
  ]);
  assert.ok(doc.problems.every((p) => p.file !== null));
  // Counts, never values: Lyon is in 2 records.
  assert.match(r.stdout, /in 2 record\(s\)/);
  assert.not.match(r.stdout + r.stderr, /Lyon|Nice|Brest|x\.org/);
  // The human form lists the same six problems on stderr.
  assert.is((r.stderr.match(/kanon: error/g) ?? []).length, 6);
});

test('validate without INPUT lists the configuration problems; a valid policy with the key passes', () => {
  const r = kanon(['validate', '--policy', ALL, '--json']);
  assert.is(r.code, 2);
  assert.equal(
    (JSON.parse(r.stdout) as { problems: Problem[] }).problems.map((p) => p.code),
    ['POLICY_INVALID', 'POLICY_INVALID', 'KEY_MISSING'],
  );
  const ok = policy('ok', {
    columns: columns({ city: { role: 'quasi', hierarchy: { type: 'tree', groups: { A: ['Paris', 'Lyon', 'Nice'], B: ['Brest', 'Rome'] } } } }),
  });
  const v = kanon(['validate', '--policy', ok, DATA, '--json'], { env: { KANON_KEY: KEY } });
  assert.is(v.code, 0, v.stderr);
  const doc = JSON.parse(v.stdout) as { valid: boolean; problems: Problem[]; search: { latticeSize: string; strategy: string; exactGuaranteed: boolean } };
  assert.is(doc.valid, true);
  assert.is(doc.search.latticeSize, '3');
  assert.is(doc.search.strategy, 'exact');
  assert.is(doc.search.exactGuaranteed, true);
  // A key that is too short is KEY_INVALID, named by its source only.
  const short = kanon(['validate', '--policy', ok, '--json'], { env: { KANON_KEY: 'abcd' } });
  assert.is(short.code, 2);
  assert.equal(
    (JSON.parse(short.stdout) as { problems: Problem[] }).problems.map((p) => p.code),
    ['KEY_INVALID'],
  );
  assert.not.match(short.stderr + short.stdout, /abcd/);
});

// A FIFO nobody writes to: a run that opened it to read would block; one that stops on its
// configuration first exits at once.
function fifo(): string {
  const f = join(tempDir(), 'in.csv');
  execFileSync('mkfifo', [f]);
  return f;
}

function runFailsFast(policyFile: string, code: string, env: Record<string, string> = {}): void {
  const out = join(tempDir(), 'out.csv');
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [BIN, 'run', fifo(), '-p', policyFile, '-o', out], {
    timeout: 10_000,
    env: { ...process.env, NO_COLOR: '1', KANON_KEY: '', ...env },
  });
  const ms = Date.now() - t0;
  assert.is(r.signal, null, `run blocked on the input (killed after ${ms} ms)`);
  assert.is(r.status, 2, r.stderr.toString());
  assert.match(r.stderr.toString(), new RegExp(`\\b${code}\\b`));
  assert.not.ok(existsSync(out));
}

test('run stops on an operator option out of range before reading the data', () => {
  runFailsFast(policy('len', { columns: columns({ email: { role: 'identifier', operator: 'hmac', encoding: 'base32', length: 60 } }) }), 'POLICY_INVALID', {
    KANON_KEY: KEY,
  });
});

test('run stops on a missing key before reading the data (also with --dry-run)', () => {
  const p = policy('key', {
    columns: columns({ city: { role: 'quasi', hierarchy: { type: 'tree', groups: { A: ['Paris', 'Lyon', 'Nice', 'Brest', 'Rome'] } } } }),
  });
  runFailsFast(p, 'KEY_MISSING');
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [BIN, 'run', fifo(), '-p', p, '--dry-run'], { timeout: 10_000, env: { ...process.env, KANON_KEY: '' } });
  assert.is(r.signal, null, `dry run blocked on the input (${Date.now() - t0} ms)`);
  assert.is(r.status, 2);
  assert.match(r.stderr.toString(), /KEY_MISSING/);
});

test('run stops on a threshold that needs a population before reading the data', () => {
  runFailsFast(policy('pop', { columns: columns(), risk: { thresholds: { maxPopulationUniquesShare: 0.01 } } }), 'POLICY_INVALID', { KANON_KEY: KEY });
});

test('run stops on a value missing from a hierarchy in the plan pass: exit 3, line, no output file', () => {
  const out = join(tempDir(), 'out.csv');
  const r = kanon(['run', DATA, '-p', policy('cov', { columns: columns() }), '-o', out], { env: { KANON_KEY: KEY } });
  assert.is(r.code, 3, r.stderr);
  assert.match(r.stderr, /HIERARCHY_VALUE_MISSING: [^\n]*line 3/);
  assert.not.ok(existsSync(out));
});

test('an ff1 tweakColumn that kanon transforms is rejected at load (reveal would return wrong values)', () => {
  const p = policy('tweak', { columns: columns({ id: { role: 'identifier', operator: 'ff1', tweakColumn: 'email' } }) });
  const r = kanon(['validate', '--policy', p, '--json'], { env: { KANON_KEY: KEY } });
  assert.is(r.code, 2);
  assert.equal(
    (JSON.parse(r.stdout) as { problems: Problem[] }).problems.map((x) => [x.code, x.path]),
    [['POLICY_INVALID', '/columns/id/tweakColumn']],
  );
  const q = policy('tweakq', { columns: columns({ id: { role: 'identifier', operator: 'ff1', tweakColumn: 'city' } }) });
  assert.is(kanon(['validate', '--policy', q], { env: { KANON_KEY: KEY } }).code, 2);
  const fine = policy('tweakok', { columns: columns({ id: { role: 'identifier', operator: 'ff1', tweakColumn: 'diagnosis' } }) });
  assert.is(kanon(['validate', '--policy', fine], { env: { KANON_KEY: KEY } }).code, 0);
});

test.run();
