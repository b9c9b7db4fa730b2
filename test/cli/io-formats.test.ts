// gzip input/output, the output format from -o's name, and inputs that are not text (issue 16,
// issue 11 item 13), through the real binary.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { BIN, fixture, kanon, tempDir } from '../helpers/cli.js';

const PEOPLE = fixture('people.csv');
const POLICY = fixture('people.policy.json');
const HEADER = ['birth_date', 'zip', 'sex', 'age', 'diagnosis', 'visit_date'];

let plainOut: string | undefined;
function plain(): string {
  if (plainOut !== undefined) return plainOut;
  const r = kanon(['run', PEOPLE, '-p', POLICY]);
  assert.is(r.code, 0, r.stderr);
  return (plainOut = r.stdout);
}

function noTempLeft(dir: string): void {
  assert.equal(
    readdirSync(dir).filter((f) => f.includes('.kanon-')),
    [],
  );
}

test('a .csv.gz input (by file, and by its bytes on stdin) gives the same output as the plain file', () => {
  const dir = tempDir();
  const gz = join(dir, 'people.csv.gz');
  writeFileSync(gz, gzipSync(readFileSync(PEOPLE)));
  const expected = plain();
  const out = join(dir, 'out.csv');
  const r = kanon(['run', gz, '-p', POLICY, '-o', out]);
  assert.is(r.code, 0, r.stderr);
  assert.is(readFileSync(out, 'utf8'), expected);
  const s = kanon(['run', '-p', POLICY, '-'], { input: readFileSync(gz) });
  assert.is(s.code, 0, s.stderr);
  assert.is(s.stdout, expected);
});

test("with quasi-identifiers, gzip input by file and on stdin (spooled) gives the plain run's bytes", () => {
  const dir = tempDir();
  const policy = fixture('adult.policy.json');
  const adult = readFileSync(fixture('adult', 'adult.csv'));
  const gz = join(dir, 'adult.csv.gz');
  writeFileSync(gz, gzipSync(adult));
  const expected = kanon(['run', '-p', policy, '-q', '-'], { input: adult });
  assert.is(expected.code, 0, expected.stderr);
  const byFile = kanon(['run', gz, '-p', policy, '-q']);
  assert.is(byFile.code, 0, byFile.stderr);
  assert.is(byFile.stdout, expected.stdout);
  const piped = kanon(['run', '-p', policy, '-q', '-'], { input: readFileSync(gz) });
  assert.is(piped.code, 0, piped.stderr);
  assert.is(piped.stdout, expected.stdout);
});

test('-o out.ndjson, out.jsonl, out.json, out.tsv get that format; out.csv.gz is gzip CSV', () => {
  const dir = tempDir();
  const rows = plain()
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','));
  const objects = rows.map((r) => Object.fromEntries(HEADER.map((h, i) => [h, r[i]])));
  const run = (name: string, extra: string[] = []): Buffer => {
    const out = join(dir, name);
    const r = kanon(['run', PEOPLE, '-p', POLICY, '-o', out, ...extra]);
    assert.is(r.code, 0, r.stderr);
    return readFileSync(out);
  };
  for (const name of ['out.ndjson', 'out.jsonl', 'out.ndjson.gz']) {
    const bytes = run(name);
    const text = (name.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
    assert.equal(
      text
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l)),
      objects,
      name,
    );
  }
  assert.equal(JSON.parse(run('out.json').toString()), objects);
  const tsv = run('out.tsv')
    .toString()
    .trim()
    .split('\n')
    .map((l) => l.split('\t'));
  assert.equal(tsv, [HEADER, ...rows]);
  assert.is(gunzipSync(run('out.csv.gz')).toString(), plain());
  // --to wins over the name; --out-delimiter over .tsv
  assert.is(run('forced.ndjson', ['--to', 'csv']).toString(), plain());
  assert.is(run('semi.tsv', ['--out-delimiter', ';']).toString().split('\n')[0], HEADER.join(';'));
  noTempLeft(dir);
});

test('a corrupt .gz is INPUT_FORMAT naming the file, and no output is left', () => {
  const dir = tempDir();
  const gz = gzipSync(readFileSync(PEOPLE));
  for (let i = 12; i < gz.length - 8; i += 3) gz[i] = gz[i]! ^ 0x5a;
  const bad = join(dir, 'bad.csv.gz');
  writeFileSync(bad, gz);
  const out = join(dir, 'out.csv');
  const r = kanon(['run', bad, '-p', POLICY, '-o', out]);
  assert.is(r.code, 3, r.stderr);
  assert.match(r.stderr, /INPUT_FORMAT: .*bad\.csv\.gz/);
  assert.not.ok(existsSync(out));
  noTempLeft(dir);
});

test('a corrupt Parquet-looking file is INPUT_FORMAT naming the file (read by DuckDB, or refused on stdin), not a CSV syntax error', () => {
  const dir = tempDir();
  const pq = join(dir, 'people.parquet');
  writeFileSync(
    pq,
    Buffer.concat([Buffer.from('PAR1'), Buffer.from([0x15, 0x00, 0x15, 0x1c]), Buffer.from('Ada Lovelace,ada@example.org'), Buffer.from('PAR1')]),
  );
  for (const args of [
    ['run', pq, '-p', POLICY],
    ['run', '-p', POLICY, '-f', 'csv', '-'],
    ['validate', pq, '-p', POLICY],
  ]) {
    const r = kanon(args, { input: readFileSync(pq) });
    assert.is(r.code, 3, r.stderr);
    assert.match(r.stderr, /INPUT_FORMAT: .*Parquet/);
    assert.not.match(r.stderr, /Lovelace|example/);
  }
  assert.match(kanon(['run', pq, '-p', POLICY]).stderr, /people\.parquet/);
});

test('invalid UTF-8 and UTF-16 input are INPUT_ENCODING with the line', () => {
  const lines = readFileSync(PEOPLE, 'utf8').split('\n');
  const bad = Buffer.concat([Buffer.from(lines.slice(0, 4).join('\n') + '\n'), Buffer.from([0x4a, 0xf6, 0x72, 0x67]), Buffer.from(lines.slice(4).join('\n'))]);
  const r = kanon(['run', '-p', POLICY, '-'], { input: bad });
  assert.is(r.code, 3, r.stderr);
  assert.match(r.stderr, /INPUT_ENCODING: <stdin>, line 5/);
  const u16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(readFileSync(PEOPLE, 'utf8'), 'utf16le')]);
  const r2 = kanon(['run', '-p', POLICY, '-'], { input: u16 });
  assert.is(r2.code, 3, r2.stderr);
  assert.match(r2.stderr, /INPUT_ENCODING: <stdin>, line 1/);
});

test('cat /dev/zero | kanon run - is INPUT_FORMAT at once (with and without quasi-identifiers, any format)', () => {
  const planned = fixture('adult.policy.json');
  for (const args of [
    ['run', '-p', POLICY, '-'],
    ['run', '-p', planned, '-'],
    ['run', '-p', POLICY, '-f', 'ndjson', '-'],
    ['run', '-p', planned, '-f', 'json', '-'],
  ]) {
    const zero = openSync('/dev/zero', 'r');
    try {
      const r = spawnSync(process.execPath, [BIN, ...args], { stdio: [zero, 'pipe', 'pipe'], timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } });
      assert.is(r.status, 3, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr.toString(), /INPUT_FORMAT: <stdin>: looks like binary data/);
    } finally {
      closeSync(zero);
    }
  }
});

test.run();
