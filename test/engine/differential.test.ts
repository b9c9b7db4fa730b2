// The two plan-pass engines must agree (issue 16): on random generated tables — quoted and
// unquoted cells, empty cells, unicode, embedded delimiters, quotes and line breaks, CRLF or LF,
// a BOM or none, three delimiters — `kanon run --engine node` and `--engine duckdb` write
// byte-identical output and equal JSON reports; a Parquet copy of the table (made here with
// DuckDB) gives the CSV's output and report too (the dataset name and input hash aside: they
// are another file's).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fixture, kanon, tempDir } from '../helpers/cli.js';
import { toParquet } from './duck.js';
import { mulberry32 } from '../../src/prng.js';

const KEY = '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff';

/** mulberry32 (src/prng.ts): a seeded generator, so a failing case can be replayed from its seed. */
const prng = mulberry32;

const CITIES = ['Zürich', 'München', 'São Paulo', 'Kraków', '東京', 'New York, NY', 'O"Hare', 'Line\nBreak', '', 'Genève', '🙂town'];
const SEXES = ['F', 'M'];
const DIAG = ['flu', 'asthma', 'diabetes', 'covid', '', 'migraine, chronic', 'née "x"'];
const NOTES = ['', 'plain', 'a,b', 'say "hi"', 'two\r\nlines', 'tab\there', ' padded ', '=SUM(A1)', 'ünï'];

interface Gen {
  csv: Buffer;
  delimiter: string;
}

function table(seed: number, rows: number): Gen {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const delimiter = pick([',', ';', '\t']);
  const eol = rnd() < 0.5 ? '\r\n' : '\n';
  const cell = (v: string): string => {
    const must = v.includes(delimiter) || v.includes('"') || v.includes('\n') || v.includes('\r');
    return must || rnd() < 0.2 ? `"${v.replace(/"/g, '""')}"` : v;
  };
  const lines = [['id', 'city', 'zip', 'sex', 'age', 'diag', 'note'].join(delimiter)];
  for (let r = 0; r < rows; r++) {
    const zip = String(10000 + Math.floor(rnd() * 40) * 7);
    const age = String(18 + Math.floor(rnd() * 70));
    lines.push([`id${r}`, pick(CITIES), zip, pick(SEXES), age, pick(DIAG), pick(NOTES)].map(cell).join(delimiter));
  }
  const bom = rnd() < 0.3 ? '\ufeff' : '';
  const trailing = rnd() < 0.7 ? eol : '';
  return { csv: Buffer.from(bom + lines.join(eol) + trailing, 'utf8'), delimiter };
}

function policy(dir: string, variant: number): string {
  const privacy =
    variant === 0
      ? { k: 3, suppressionLimit: 0.1 }
      : variant === 1
        ? { k: 2, suppressionLimit: 0.2, lDiversity: { column: 'diag', variant: 'distinct', l: 2 } }
        : { k: 4, suppressionLimit: 0.15, suppressedOutput: 'star' };
  const p = {
    version: 1,
    columns: {
      id: { role: 'identifier', operator: 'hmac', length: 10 },
      city: { role: 'quasi', hierarchy: { type: 'mask' } },
      zip: { role: 'quasi', hierarchy: { type: 'mask' } },
      sex: { role: 'quasi', hierarchy: { type: 'tree', groups: { '*': ['F', 'M'] } } },
      age: { role: 'quasi', hierarchy: { type: 'interval', widths: [5, 10, 20], min: 0, max: 120 } },
      diag: { role: 'sensitive' },
      note: { role: 'insensitive' },
    },
    privacy,
  };
  const file = join(dir, `policy-${variant}.json`);
  writeFileSync(file, JSON.stringify(p));
  return file;
}

function run(input: string, pol: string, engine: string, out: string, report: string, more: string[] = []): { code: number; stderr: string } {
  return kanon(['run', input, '-p', pol, '-q', '--engine', engine, '-o', out, '-r', report, ...more], { env: { KANON_KEY: KEY } });
}

/** The report without what names the input file (name and hash). */
function comparable(report: string): unknown {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  delete r.dataset;
  const strip = (o: unknown): void => {
    if (o === null || typeof o !== 'object') return;
    for (const [k, v] of Object.entries(o)) {
      if (k === 'inputSha256') delete (o as Record<string, unknown>)[k];
      else strip(v);
    }
  };
  strip(r);
  return r;
}

test('random tables: node and duckdb engines write the same bytes and the same report', async () => {
  const dir = tempDir();
  for (let seed = 1; seed <= 8; seed++) {
    const g = table(seed, 40 + seed * 25);
    const input = join(dir, `t${seed}.csv`);
    writeFileSync(input, g.csv);
    const pol = policy(dir, seed % 3);
    const outs = ['node', 'duckdb'].map((engine) => {
      const out = join(dir, `out-${seed}-${engine}.csv`);
      const rep = join(dir, `rep-${seed}-${engine}.json`);
      const r = run(input, pol, engine, out, rep);
      assert.is(r.code, 0, `seed ${seed}, ${engine}: ${r.stderr}`);
      return { out: readFileSync(out), rep: readFileSync(rep, 'utf8') };
    });
    assert.ok(outs[0]!.out.equals(outs[1]!.out), `seed ${seed}: outputs differ`);
    assert.is(outs[1]!.rep, outs[0]!.rep, `seed ${seed}: reports differ`);
  }
});

test('a Parquet copy of a random table gives the CSV run’s output and report', async () => {
  const dir = tempDir();
  for (const seed of [11, 12, 13]) {
    const g = table(seed, 150);
    const csv = join(dir, `t${seed}.csv`);
    writeFileSync(csv, g.csv);
    const pq = join(dir, `t${seed}.parquet`);
    await toParquet(csv, pq, g.delimiter);
    const pol = policy(dir, seed % 3);
    // A Parquet input has no delimiter: its CSV output uses ",", so the CSV run is told to.
    const a = run(csv, pol, 'node', join(dir, 'a.csv'), join(dir, 'a.json'), ['--out-delimiter', ',']);
    assert.is(a.code, 0, a.stderr);
    // auto picks DuckDB for Parquet.
    const b = run(pq, pol, 'auto', join(dir, 'b.csv'), join(dir, 'b.json'));
    assert.is(b.code, 0, b.stderr);
    assert.ok(readFileSync(join(dir, 'a.csv')).equals(readFileSync(join(dir, 'b.csv'))), `seed ${seed}: outputs differ`);
    assert.equal(comparable(join(dir, 'b.json')), comparable(join(dir, 'a.json')), `seed ${seed}: reports differ`);
  }
});

test('a .csv.gz planned by DuckDB (gzip read natively) equals the plain CSV on the node engine', () => {
  const dir = tempDir();
  const g = table(21, 200);
  const csv = join(dir, 't.csv');
  const gz = join(dir, 't.csv.gz');
  writeFileSync(csv, g.csv);
  writeFileSync(gz, gzipSync(g.csv));
  const pol = policy(dir, 0);
  const a = run(csv, pol, 'node', join(dir, 'a.csv'), join(dir, 'a.json'));
  assert.is(a.code, 0, a.stderr);
  const b = run(gz, pol, 'duckdb', join(dir, 'b.csv'), join(dir, 'b.json'));
  assert.is(b.code, 0, b.stderr);
  assert.ok(readFileSync(join(dir, 'a.csv')).equals(readFileSync(join(dir, 'b.csv'))));
  assert.equal(comparable(join(dir, 'b.json')), comparable(join(dir, 'a.json')));
});

test('Adult (real data, ";" delimiter, nine QIs): both engines write the same bytes and the same report', () => {
  const dir = tempDir();
  const [a, b] = ['node', 'duckdb'].map((engine) => {
    const out = join(dir, `${engine}.csv`);
    const rep = join(dir, `${engine}.json`);
    const r = kanon(['run', fixture('adult', 'adult.csv'), '-p', fixture('adult.policy.json'), '-q', '--engine', engine, '-o', out, '-r', rep]);
    assert.is(r.code, 0, r.stderr);
    return { out: readFileSync(out), rep: readFileSync(rep, 'utf8') };
  });
  assert.ok(a!.out.equals(b!.out));
  // Byte for byte: the distributions list values in the order the node engine first saw them.
  assert.is(b!.rep, a!.rep);
});

test('kanon plan: both engines freeze the same plan file', () => {
  const dir = tempDir();
  const g = table(41, 250);
  const csv = join(dir, 't.csv');
  writeFileSync(csv, g.csv);
  const pol = policy(dir, 1);
  const [a, b] = ['node', 'duckdb'].map((engine) => {
    const out = join(dir, `plan-${engine}.json`);
    const r = kanon(['plan', csv, '-p', pol, '-q', '--engine', engine, '--plan-out', out], { env: { KANON_KEY: KEY } });
    assert.is(r.code, 0, r.stderr);
    return readFileSync(out, 'utf8');
  });
  assert.is(b, a);
});

test('audit: both engines measure the same risk', () => {
  const dir = tempDir();
  const g = table(31, 300);
  const csv = join(dir, 't.csv');
  writeFileSync(csv, g.csv);
  const reports = ['node', 'duckdb'].map((engine) => {
    const r = kanon(['audit', csv, '--qi', 'zip,sex,age', '--sensitive', 'diag', '--engine', engine, '--json', '-q']);
    assert.is(r.code, 0, r.stderr);
    return JSON.parse(r.stdout);
  });
  assert.equal(reports[1], reports[0]);
});

test.run();
