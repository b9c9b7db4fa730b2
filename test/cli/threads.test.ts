// --threads (issue 18): the worker pipeline's output is the bytes of one thread, on tables
// whose pieces (KANON_PIECE_BYTES makes them ~300 bytes) cut through quoted newlines, CRLF,
// multi-byte characters, keyed and unkeyed operators, gzip in and out, NDJSON out; errors keep
// their code and line; a signal stops the workers and leaves no output.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { gzipSync, gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { BIN, fixture, kanon, tempDir } from '../helpers/cli.js';
// @ts-expect-error: plain ESM helper without types
import { writePeopleCsv, HEADER } from '../../bench/generate.mjs';

const dir = tempDir();
const KEY = 'ab'.repeat(32);
const env = { KANON_KEY: KEY, KANON_PIECE_BYTES: '300' };

function tricky(rows: number, rd: string): string {
  let x = 7;
  const rnd = (n: number): number => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return Math.floor((x / 2147483648) * n);
  };
  const notes = ['plain', '"two\nlines"', '"cr\r\nlf"', '"say ""hi"""', '', '"a,b"', '=1+2', 'é€😀 ünï', '-12', '@x'];
  const out = ['id,name,email,account,note'];
  for (let i = 0; i < rows; i++)
    out.push(
      `${i},Person ${rnd(50)} ${notes[rnd(notes.length)]!.includes('"') ? 'q' : 'p'},p${rnd(90)}@ex.org,${4000000000 + rnd(1e9)},${notes[rnd(notes.length)]}`,
    );
  return out.join(rd) + rd;
}
const policy = join(dir, 'p.json');
writeFileSync(
  policy,
  JSON.stringify({
    columns: {
      id: { role: 'insensitive' },
      name: { role: 'identifier', operator: 'mask', keepStart: 1 },
      email: { role: 'identifier', operator: 'hmac' },
      account: { role: 'identifier', operator: 'ff1' },
      note: { role: 'insensitive' },
    },
  }),
);
const lf = join(dir, 'lf.csv');
const crlf = join(dir, 'crlf.csv');
writeFileSync(lf, tricky(3000, '\n'));
writeFileSync(crlf, `\ufeff${tricky(2000, '\r\n')}`);
const gz = join(dir, 'lf.csv.gz');
writeFileSync(gz, gzipSync(readFileSync(lf)));
const people = join(dir, 'people.csv');
await writePeopleCsv(5000, people, 3);
const peoplePolicy = join(dir, 'people.json');
const peopleColumns: Record<string, unknown> = Object.fromEntries((HEADER as string[]).map((h) => [h, { role: 'insensitive' }]));
for (const c of ['name', 'email', 'ssn']) peopleColumns[c] = { role: 'identifier', operator: 'hmac' };
peopleColumns.phone = { role: 'identifier', operator: 'drop' };
writeFileSync(peoplePolicy, JSON.stringify({ columns: peopleColumns }));

function both(input: string, pol: string, out: string, extra: string[] = []): [Buffer, Buffer] {
  const got: Buffer[] = [];
  for (const t of ['1', '2']) {
    const o = join(dir, `t${t}-${out}`);
    const r = kanon(['run', input, '-p', pol, '-o', o, '--threads', t, ...extra], { env });
    assert.is(r.code, 0, r.stderr);
    if (t === '2') assert.match(r.stderr, /, 2 worker threads\)/, 'the workers ran');
    else assert.not.match(r.stderr, /worker threads/);
    got.push(readFileSync(o));
  }
  // The scanner's way on one thread (the byte lane off, src/parallel/lane.ts) is the oracle.
  const o = join(dir, `lane0-${out}`);
  const r = kanon(['run', input, '-p', pol, '-o', o, '--threads', '1', ...extra], { env: { ...env, KANON_LANE: '0' } });
  assert.is(r.code, 0, r.stderr);
  assert.ok(readFileSync(o).equals(got[0]!), `${out}: the byte lane writes the scanner's bytes`);
  return [got[0]!, got[1]!];
}

test('--threads 2 writes the bytes of --threads 1 (quoted newlines, LF and CRLF, mask, hmac, ff1)', () => {
  for (const [input, name] of [
    [lf, 'lf.csv'],
    [crlf, 'crlf.csv'],
    [people, 'people.csv'],
  ] as const) {
    const pol = input === people ? peoplePolicy : policy;
    const [one, two] = both(input, pol, name);
    assert.ok(one.length > 1000);
    assert.ok(one.equals(two), name);
  }
});

/** The people policy with three quasi-identifiers and a sensitive column, and `privacy`. */
function plannedPolicy(file: string, privacy: object): string {
  const six = JSON.parse(readFileSync(peoplePolicy, 'utf8')) as { columns: Record<string, unknown> };
  const quasi = {
    zip: { role: 'quasi', hierarchy: { type: 'mask' } },
    sex: { role: 'quasi', hierarchy: { type: 'tree', groups: { '*': ['Female', 'Male'] } } },
    age: { role: 'quasi', hierarchy: { type: 'interval', widths: [5, 10, 20] } },
    diagnosis: { role: 'sensitive' },
  };
  const pol = join(dir, file);
  writeFileSync(pol, JSON.stringify({ columns: { ...six.columns, ...quasi }, privacy }));
  return pol;
}

test('after a plan (k-anonymity; removed or starred records; a frozen plan) --threads 2 writes the bytes and report of --threads 1', () => {
  for (const [name, privacy] of [
    ['remove', { k: 5, suppressionLimit: 0.05 }],
    ['star', { k: 5, suppressionLimit: 0.05, suppressedOutput: 'star' }],
    ['ldiv', { k: 3, suppressionLimit: 0.1, lDiversity: { column: 'diagnosis', l: 2 } }],
  ] as const) {
    const pol = plannedPolicy(`planned-${name}.json`, privacy);
    const reports: string[] = [];
    const [one, two] = both(people, pol, `planned-${name}.csv`, ['-r', join(dir, `planned-${name}.report.json`)]);
    assert.ok(one.length > 1000, name);
    assert.ok(one.equals(two), name);
    for (const t of ['1', '2']) {
      const r = kanon(['run', people, '-p', pol, '-o', join(dir, `rep-${t}.csv`), '-r', join(dir, `rep-${t}.json`), '--threads', t], { env });
      assert.is(r.code, 0, r.stderr);
      const rep = JSON.parse(readFileSync(join(dir, `rep-${t}.json`), 'utf8'));
      delete rep.generatedAt;
      delete rep.elapsedSeconds;
      delete rep.search;
      reports.push(JSON.stringify(rep));
    }
    assert.is(reports[1], reports[0], `${name}: same report`);
    if (name === 'remove') {
      // A frozen plan applied with workers: the same bytes as the run that made it.
      const planFile = join(dir, 'people.plan.json');
      const p = kanon(['plan', people, '-p', pol, '--plan-out', planFile, '-q'], { env });
      assert.is(p.code, 0, p.stderr);
      const applied = join(dir, 'applied.csv');
      const a = kanon(['run', people, '-p', pol, '--plan', planFile, '-o', applied, '--threads', '2'], { env });
      assert.is(a.code, 0, a.stderr);
      assert.match(a.stderr, /, 2 worker threads\)/);
      assert.ok(readFileSync(applied).equals(one), 'frozen plan, 2 threads');
    }
  }
});

test('local recoding (removed or starred records): --threads 2 writes the bytes and report of --threads 1, and the byte lane those of the scanner way', () => {
  for (const [name, privacy] of [
    ['remove', { k: 5, suppressionLimit: 0.05, recoding: 'local' }],
    ['star', { k: 10, suppressionLimit: 0.05, suppressedOutput: 'star', recoding: 'local' }],
  ] as const) {
    const pol = plannedPolicy(`local-${name}.json`, privacy);
    // both(): threads 1 and 2 (the workers ran), and the scanner's way as the oracle.
    const [one, two] = both(people, pol, `local-${name}.csv`);
    assert.ok(one.length > 1000, name);
    assert.ok(one.equals(two), `${name}: same bytes with workers`);
    const reports: string[] = [];
    for (const t of ['1', '2']) {
      const r = kanon(['run', people, '-p', pol, '-o', join(dir, `lrep-${t}.csv`), '-r', join(dir, `lrep-${t}.json`), '--threads', t], { env });
      assert.is(r.code, 0, r.stderr);
      const rep = JSON.parse(readFileSync(join(dir, `lrep-${t}.json`), 'utf8'));
      assert.ok(rep.after, `${name}: a report of the output`);
      delete rep.generatedAt;
      delete rep.elapsedSeconds;
      reports.push(JSON.stringify(rep));
    }
    assert.is(reports[1], reports[0], `${name}: same report`);
  }
});

test('--threads 2: gzip in, gzip out, NDJSON and TSV out, formula escaping off', () => {
  const [a, b] = both(gz, policy, 'out.csv.gz');
  assert.ok(gunzipSync(a).equals(gunzipSync(b)));
  const [c, d] = both(lf, policy, 'out.ndjson');
  assert.ok(c.equals(d));
  assert.is(c.toString().split('\n').length, 3001);
  const [e, f] = both(lf, policy, 'out.tsv', ['--no-escape-formulas']);
  assert.ok(e.equals(f));
});

test('--threads 2 on stdin and a fixture gives the same stdout', () => {
  const input = readFileSync(fixture('accounts.csv')); // 281 bytes: pieces of 60 make several
  const small = { ...env, KANON_PIECE_BYTES: '60' };
  const one = kanon(['run', '-p', fixture('accounts.policy.json'), '--threads', '1', '-q', '-'], { env: small, input });
  const two = kanon(['run', '-p', fixture('accounts.policy.json'), '--threads', '2', '-q', '-'], { env: small, input });
  assert.is(two.code, 0, two.stderr);
  assert.is(two.stdout, one.stdout);
  const shown = kanon(['run', '-p', fixture('accounts.policy.json'), '--threads', '2', '-'], { env: small, input });
  assert.match(shown.stderr, /, 2 worker threads\)/);
});

test('an input of one piece is exported on this thread (no worker is started for it)', () => {
  const o = join(dir, 'small.csv');
  const r = kanon(['run', lf, '-p', policy, '-o', o, '--threads', '2'], { env: { KANON_KEY: KEY } }); // 1 MiB pieces
  assert.is(r.code, 0, r.stderr);
  assert.not.match(r.stderr, /worker threads/);
  assert.ok(readFileSync(o).equals(readFileSync(join(dir, 't1-lf.csv'))));
});

test('errors keep their code and line with --threads 2, and nothing is written', () => {
  const good = readFileSync(lf, 'utf8');
  const at = good.indexOf('\n2500,');
  for (const [bad, code] of [
    ['2500,x,y@z,4000000001,a"b', 'INPUT_CSV_SYNTAX'],
    ['2500,x,y@z', 'INPUT_RECORD_LENGTH'],
    ['2500,x,y@z,1,ok', 'OPERATOR_INPUT'], // ff1 refuses a one-digit value
  ] as const) {
    const input = join(dir, 'bad.csv');
    writeFileSync(input, `${good.slice(0, at)}\n${bad}\n${good.slice(at + 1)}`);
    const res: { code: number; err: string }[] = [];
    for (const t of ['1', '2']) {
      const o = join(dir, `bad-${t}.csv`);
      const r = kanon(['run', input, '-p', policy, '-o', o, '--threads', t], { env });
      res.push({ code: r.code, err: r.stderr.trim() });
      assert.not.ok(existsSync(o), 'no output');
    }
    assert.is(res[1]!.code, res[0]!.code);
    assert.is(res[1]!.err, res[0]!.err);
    assert.match(res[0]!.err, /line \d+/);
    if (code !== 'OPERATOR_INPUT') assert.match(res[0]!.err, new RegExp(code));
  }
});

test('SIGTERM during a threaded export: exits within a second, no temp file, no output', async () => {
  const big = join(dir, 'big.csv');
  await writePeopleCsv(300000, big, 5);
  const outDir = join(dir, 'sig');
  mkdirSync(outDir);
  const child = spawn(process.execPath, [BIN, 'run', big, '-p', peoplePolicy, '-o', join(outDir, 'o.csv'), '--threads', '2', '--progress'], {
    env: { ...process.env, KANON_KEY: KEY, NO_COLOR: '1', CI: 'true' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let sent = 0;
  child.stderr.resume();
  const ms = await new Promise<number>((resolve) => {
    // Stopped while its temp output is being written (not after the rename).
    const poll = setInterval(() => {
      if (!sent && readdirSync(outDir).some((n) => n.endsWith('.tmp'))) {
        sent = performance.now();
        child.kill('SIGTERM');
      }
    }, 10);
    child.on('exit', (code, signal) => {
      clearInterval(poll);
      assert.ok(code === 143 || signal === 'SIGTERM', `code ${code} signal ${signal}`);
      resolve(sent ? performance.now() - sent : -1);
    });
  });
  assert.ok(ms >= 0, 'the export was never reached');
  assert.ok(ms < 1000, `took ${ms.toFixed(0)} ms`);
  assert.equal(readdirSync(outDir), [], `left: ${readdirSync(outDir).join(', ')}`);
});

test.run();

test('reads of 1 MiB whose memory is reused (src/io/input.ts recycleRead): the input passes through whole, plans and exports agree', async () => {
  // Pieces are the file's own reads here (no KANON_PIECE_BYTES): each is given back after its
  // plan-pass encoding or its export on a worker and takes a next read.
  const big = join(dir, 'people-big.csv');
  await writePeopleCsv(36_000, big, 11);
  const bytes = readFileSync(big);
  assert.ok(bytes.length > 6 * 1024 * 1024);
  const same = join(dir, 'same.json');
  writeFileSync(same, JSON.stringify({ columns: Object.fromEntries((HEADER as string[]).map((h) => [h, { role: 'insensitive' }])) }));
  for (const t of ['1', '2']) {
    const o = join(dir, `same-${t}.csv`);
    const r = kanon(['run', big, '-p', same, '-o', o, '--threads', t, '--no-escape-formulas'], { env: { KANON_KEY: KEY } });
    assert.is(r.code, 0, r.stderr);
    assert.ok(readFileSync(o).equals(bytes), `--threads ${t}: the input's bytes`);
  }
  const pol = plannedPolicy('planned-big.json', { k: 5, suppressionLimit: 0.05 });
  const outs: Buffer[] = [];
  for (const [t, lane] of [
    ['1', '1'],
    ['2', '1'],
    ['1', '0'],
  ] as const) {
    const o = join(dir, `big-${t}-${lane}.csv`);
    const r = kanon(['run', big, '-p', pol, '-o', o, '--threads', t], { env: { KANON_KEY: KEY, KANON_LANE: lane } });
    assert.is(r.code, 0, r.stderr);
    if (t === '2') assert.match(r.stderr, /, 2 worker threads\)/);
    outs.push(readFileSync(o));
  }
  assert.ok(outs[0]!.length > 1_000_000);
  assert.ok(outs[1]!.equals(outs[0]!), 'two threads: the bytes of one');
  assert.ok(outs[2]!.equals(outs[0]!), "the scanner's way (no byte lane): the same bytes");
});
