// The DuckDB engine through the real binary (issue 16): Parquet output read back with DuckDB,
// Parquet input rendered as documented, the wrong engine and corrupt bodies as coded errors
// naming the file, and bad CSV reported by the duckdb engine exactly as by the node engine.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { fixture, kanon, tempDir } from '../helpers/cli.js';
import { duckRun, readParquet, toParquet } from './duck.js';

const KEY = '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff';
const PEOPLE = fixture('people.csv');
const FULL = fixture('people-full.policy.json');
const env = { KANON_KEY: KEY };

function noTempLeft(dir: string): void {
  assert.equal(
    readdirSync(dir).filter((f) => f.includes('.kanon-')),
    [],
  );
}

test('-o out.parquet holds the rows and header -o out.csv gets (every column VARCHAR, "" kept)', async () => {
  const dir = tempDir();
  const csv = join(dir, 'out.csv');
  const pq = join(dir, 'out.parquet');
  assert.is(kanon(['run', PEOPLE, '-p', FULL, '-q', '-o', csv], { env }).code, 0);
  const r = kanon(['run', PEOPLE, '-p', FULL, '-q', '-o', pq], { env });
  assert.is(r.code, 0, r.stderr);
  const expected = parse(readFileSync(csv), { bom: true }) as string[][];
  const got = await readParquet(pq);
  assert.equal(got.columns, expected[0]);
  assert.equal(got.rows, expected.slice(1));
  noTempLeft(dir);

  // Empty cells stay "" (not NULL) in the Parquet file.
  const withEmpty = join(dir, 'in.csv');
  writeFileSync(withEmpty, 'a,b\n1,\n,x\n');
  const pol = join(dir, 'p.json');
  writeFileSync(pol, JSON.stringify({ version: 1, columns: { a: { role: 'insensitive' }, b: { role: 'insensitive' } } }));
  const out2 = join(dir, 'e.parquet');
  assert.is(kanon(['run', withEmpty, '-p', pol, '-q', '-o', out2]).code, 0);
  assert.equal((await readParquet(out2)).rows, [
    ['1', ''],
    ['', 'x'],
  ]);
});

test('-o out.parquet with a failing gate or a conflicting --to leaves nothing behind', () => {
  const dir = tempDir();
  const pq = join(dir, 'out.parquet');
  const gate = join(dir, 'gate.json');
  const p = JSON.parse(readFileSync(FULL, 'utf8'));
  p.columns.birth_date.hierarchy = { type: 'date', levels: ['month', 'year', '5years', 'decade'] };
  p.risk = { thresholds: { maxSuppressedShare: 0, minK: 20 } };
  writeFileSync(gate, JSON.stringify(p).replace('"$schema":"../schema/policy.schema.json",', ''));
  const g = kanon(['run', PEOPLE, '-p', gate, '-q', '-o', pq], { env });
  assert.is(g.code, 4, g.stderr);
  assert.not.ok(existsSync(pq));
  const t = kanon(['run', PEOPLE, '-p', FULL, '-q', '--to', 'ndjson', '-o', pq], { env });
  assert.is(t.code, 2, t.stderr);
  assert.match(t.stderr, /USAGE/);
  assert.not.ok(existsSync(pq));
  noTempLeft(dir);
});

test('Parquet input: typed columns become the strings the README lists; NULL is ""', async () => {
  const dir = tempDir();
  const pq = join(dir, 'typed.parquet');
  await duckRun(
    `COPY (SELECT * FROM (VALUES (1::INTEGER, 2.5::DOUBLE, DATE '2020-01-02', true, NULL::VARCHAR, TIMESTAMP '2020-01-01 10:00:00', 12.30::DECIMAL(5,2), 'Zürich'),
      (-7, 1e20, DATE '1999-12-31', false, 'x', TIMESTAMP '1999-12-31 23:59:59', 0.05, '')) t(i, d, dt, b, s, ts, dec, txt))
     TO '${pq}' (FORMAT parquet)`,
  );
  const pol = join(dir, 'p.json');
  const cols = ['i', 'd', 'dt', 'b', 's', 'ts', 'dec', 'txt'];
  writeFileSync(pol, JSON.stringify({ version: 1, columns: Object.fromEntries(cols.map((c) => [c, { role: 'insensitive' }])) }));
  const r = kanon(['run', pq, '-p', pol, '-q']);
  assert.is(r.code, 0, r.stderr);
  assert.is(
    r.stdout,
    'i,d,dt,b,s,ts,dec,txt\n1,2.5,2020-01-02,true,,2020-01-01 10:00:00,12.30,Zürich\n-7,1e+20,1999-12-31,false,x,1999-12-31 23:59:59,0.05,\n',
  );
  // validate reads Parquet too.
  const v = kanon(['validate', pq, '-p', pol]);
  assert.is(v.code, 0, v.stderr);
});

test('Parquet input is read back through a private temp CSV: none is left after a run or a failing gate', async () => {
  const dir = tempDir();
  const tmp = tempDir();
  const pq = join(dir, 'people.parquet');
  await toParquet(PEOPLE, pq);
  const out = join(dir, 'out.csv');
  const ok = kanon(['run', pq, '-p', FULL, '-q', '-o', out], { env: { ...env, TMPDIR: tmp } });
  assert.is(ok.code, 0, ok.stderr);
  assert.equal(readFileSync(out, 'utf8'), kanon(['run', PEOPLE, '-p', FULL, '-q'], { env }).stdout);
  const strict = join(dir, 'strict.json');
  const full = JSON.parse(readFileSync(FULL, 'utf8'));
  writeFileSync(strict, JSON.stringify({ ...full, risk: { thresholds: { minK: 1000 } } }));
  const gate = kanon(['run', pq, '-p', strict, '-q', '-o', join(dir, 'gated.csv')], { env: { ...env, TMPDIR: tmp } });
  assert.is(gate.code, 4, gate.stderr);
  assert.ok(!existsSync(join(dir, 'gated.csv')));
  assert.equal(readdirSync(tmp), [], 'no kanon temp folder left in TMPDIR');
});

test('Parquet input with --engine node, from stdin, or corrupt: INPUT_FORMAT naming the file, no data shown', async () => {
  const dir = tempDir();
  const csv = join(dir, 'people.csv');
  writeFileSync(csv, readFileSync(PEOPLE));
  const pq = join(dir, 'people.parquet');
  await toParquet(csv, pq);
  const node = kanon(['run', pq, '-p', FULL, '--engine', 'node'], { env });
  assert.is(node.code, 3, node.stderr);
  assert.match(node.stderr, /INPUT_FORMAT: .*people\.parquet.*--engine duckdb/);
  const stdin = kanon(['run', '-p', FULL, '-'], { env, input: readFileSync(pq) });
  assert.is(stdin.code, 3, stdin.stderr);
  assert.match(stdin.stderr, /INPUT_FORMAT: .*Parquet/);
  // A body cut in the middle (the footer gone) and junk between the magics.
  const bytes = readFileSync(pq);
  const cut = join(dir, 'cut.parquet');
  writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
  const junk = join(dir, 'junk.parquet');
  writeFileSync(junk, Buffer.concat([Buffer.from('PAR1'), Buffer.from('Ada Lovelace,ada@example.org'), Buffer.from('PAR1')]));
  for (const f of [cut, junk]) {
    for (const args of [
      ['run', f, '-p', FULL],
      ['audit', f, '--qi', 'zip,sex'],
      ['validate', f, '-p', FULL],
    ]) {
      const r = kanon(args, { env });
      assert.is(r.code, 3, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /INPUT_FORMAT/);
      assert.ok(r.stderr.includes(f), r.stderr);
      assert.not.match(r.stderr, /Lovelace|example|Original Line/);
    }
  }
});

test('a corrupt .csv.gz with --engine duckdb is INPUT_FORMAT naming the file, as with node', () => {
  const dir = tempDir();
  // Large enough that the damage lies past the head kanon's reader sniffs.
  const lines = ['id,name,email,birth_date,zip,sex,age,diagnosis,visit_date'];
  const body = readFileSync(PEOPLE, 'utf8').split('\n').slice(1).filter(Boolean);
  for (let i = 0; i < 4000; i++) lines.push(body[i % body.length]!);
  const gz = gzipSync(`${lines.join('\n')}\n`);
  const bad = join(dir, 'people.csv.gz');
  const broken = Buffer.from(gz);
  for (let i = Math.floor(broken.length * 0.6); i < broken.length - 8; i += 7) broken[i] = broken[i]! ^ 0x5a;
  writeFileSync(bad, broken);
  const trunc = join(dir, 'trunc.csv.gz');
  writeFileSync(trunc, gz.subarray(0, gz.length - 20));
  for (const f of [bad, trunc]) {
    for (const engine of ['node', 'duckdb']) {
      const r = kanon(['run', f, '-p', FULL, '--engine', engine, '-q'], { env });
      assert.is(r.code, 3, `${engine}: ${r.stderr}`);
      assert.match(r.stderr, /INPUT_FORMAT|INPUT_CSV_SYNTAX|INPUT_ENCODING|INPUT_RECORD_LENGTH/);
      assert.ok(r.stderr.includes(f), r.stderr);
      assert.not.match(r.stderr, /Lovelace|example\.org|Original Line/);
    }
    const n = kanon(['run', f, '-p', FULL, '--engine', 'node', '-q'], { env });
    const d = kanon(['run', f, '-p', FULL, '--engine', 'duckdb', '-q'], { env });
    assert.is(d.stderr, n.stderr);
  }
});

test('bad CSV under --engine duckdb: the node engine’s code and line, never a cell', () => {
  const dir = tempDir();
  const policy = join(dir, 'p.json');
  writeFileSync(
    policy,
    JSON.stringify({
      version: 1,
      columns: {
        id: { role: 'identifier', operator: 'drop' },
        sex: { role: 'quasi', hierarchy: { type: 'tree', groups: { '*': ['F', 'M'] } } },
        age: { role: 'quasi', hierarchy: { type: 'interval', widths: [10], min: 0, max: 120 } },
      },
      privacy: { k: 1 },
    }),
  );
  const cases: [string, Buffer][] = [
    ['fields', Buffer.from('id,sex,age\n1,F,30\n2,M,40\n3,SECRET-CANARY\n')],
    ['quote', Buffer.from('id,sex,age\n1,F,30\n2,M,4"0SECRET-CANARY\n')],
    ['unclosed', Buffer.from('id,sex,age\n1,F,30\n2,M,"40SECRET-CANARY\n')],
    ['hierarchy', Buffer.from('id,sex,age\n1,F,30\n2,SECRET-CANARY,40\n3,M,50\n')],
    ['utf8', Buffer.concat([Buffer.from('id,sex,age\n1,F,30\n2,M,4'), Buffer.from([0xff, 0xfe]), Buffer.from('0SECRET-CANARY\n')])],
    ['number', Buffer.from('id,sex,age\n1,F,30\n2,M,SECRET-CANARY\n')],
  ];
  for (const [name, bytes] of cases) {
    const f = join(dir, `${name}.csv`);
    writeFileSync(f, bytes);
    const n = kanon(['run', f, '-p', policy, '-q', '--engine', 'node']);
    const d = kanon(['run', f, '-p', policy, '-q', '--engine', 'duckdb']);
    assert.ok(n.code !== 0, `${name}: node accepted it`);
    assert.is(d.code, n.code, `${name}: ${d.stderr}`);
    assert.is(d.stderr, n.stderr, name);
    assert.not.match(d.stderr, /SECRET-CANARY|Original Line/);
    // Planning only (audit) refuses it as well.
    const a = kanon(['audit', f, '--qi', 'sex,age', '--engine', 'duckdb', '-q']);
    if (name !== 'hierarchy' && name !== 'number') assert.ok(a.code !== 0, `${name}: audit accepted it`);
    assert.not.match(a.stderr, /SECRET-CANARY|Original Line/);
  }
});

test('--engine duckdb on NDJSON, on stdin, with local recoding: USAGE', () => {
  const dir = tempDir();
  const nd = join(dir, 'people.ndjson');
  const r0 = kanon(['run', PEOPLE, '-p', FULL, '-q', '-o', nd], { env });
  assert.is(r0.code, 0, r0.stderr);
  const policy = join(dir, 'p.json');
  const p = JSON.parse(readFileSync(FULL, 'utf8'));
  delete p.$schema;
  for (const c of ['birth_date', 'zip', 'age']) p.columns[c] = { role: 'insensitive' };
  p.columns.id = { role: 'insensitive' };
  p.columns.email = { role: 'insensitive' };
  p.columns.visit_date = { role: 'insensitive' };
  delete p.columns.name; // the output above dropped it
  writeFileSync(policy, JSON.stringify(p));
  const a = kanon(['run', nd, '-p', policy, '--engine', 'duckdb', '-q']);
  assert.is(a.code, 2, a.stderr);
  assert.match(a.stderr, /USAGE/);
  const b = kanon(['run', '-p', FULL, '--engine', 'duckdb', '-q', '-'], { env, input: readFileSync(PEOPLE) });
  assert.is(b.code, 2, b.stderr);
  assert.match(b.stderr, /USAGE/);
  const local = join(dir, 'local.json');
  const l = JSON.parse(readFileSync(FULL, 'utf8'));
  delete l.$schema;
  l.privacy = { ...l.privacy, recoding: 'local' };
  writeFileSync(local, JSON.stringify(l));
  const c = kanon(['run', PEOPLE, '-p', local, '--engine', 'duckdb', '-q'], { env });
  assert.is(c.code, 2, c.stderr);
  assert.match(c.stderr, /USAGE.*recoding/);
});

test.run();
