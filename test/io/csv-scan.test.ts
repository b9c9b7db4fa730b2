// Differential test: kanon's CSV scanner against csv-parse (the reference) on random inputs
// built from the pieces that break CSV readers, each fed to the scanner in random chunk sizes
// (1 byte included). Same header, rows and lines, or the same error code, line and message.
import { mulberry32 } from '../../src/prng.js';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readCsv, readCsvParse } from '../../src/io/read-csv.js';
import type { KanonError } from '../../src/errors.js';

type Reader = typeof readCsv;
type Outcome = { header?: string[]; rows: string[][]; lines: number[] } | { code: string; line?: number; message: string };

const prng = mulberry32;

function chunked(buf: Buffer, sizes: () => number): Buffer[] {
  const parts: Buffer[] = [];
  for (let i = 0; i < buf.length; ) {
    const k = sizes();
    parts.push(buf.subarray(i, i + k));
    i += k;
  }
  return parts;
}

async function outcome(read: Reader, parts: Buffer[], delimiter: string, maxRecordSize: number): Promise<Outcome> {
  const state: { header?: string[] } = {};
  const rows: string[][] = [];
  const lines: number[] = [];
  async function* src(): AsyncGenerator<Buffer> {
    yield* parts;
  }
  try {
    for await (const b of read(src(), { file: 'in', delimiter, maxRecordSize }, state)) {
      rows.push(...b.rows);
      lines.push(...b.lines);
    }
  } catch (e) {
    const k = e as KanonError;
    return { code: k.code, ...(k.where.line !== undefined ? { line: k.where.line } : {}), message: k.message };
  }
  return { ...(state.header ? { header: state.header } : {}), rows, lines };
}

const DELIMS = [',', ';', '\t', '|'];
const EOLS = ['\n', '\r\n', '\r'];

/** A soup of tricky pieces: most such inputs are invalid somewhere, at a random place. */
function soup(r: () => number, d: string): Buffer {
  const raw = [Buffer.from([0xe2, 0x82]), Buffer.from([0xff]), Buffer.from([0xc3])]; // invalid UTF-8
  const pieces: (string | Buffer)[] = [...raw, d, d, '"', '""', '\r', '\n', '\r\n', 'a', 'bc', 'é', '€', '😀', ' ', '\0', '\ufeff', 'x' + d + 'y', '"q"'];
  const s: (string | Buffer)[] = [r() < 0.1 ? '\ufeff' : ''];
  const n = 1 + Math.floor(r() * 24);
  for (let i = 0; i < n; i++) s.push(pieces[Math.floor(r() * pieces.length)]!);
  return Buffer.concat(s.map((p) => (typeof p === 'string' ? Buffer.from(p) : p)));
}

/** Mostly valid tables: quoted/unquoted fields, mixed or fixed line endings, blank lines, and now
 *  and then one corruption (a ragged record, a stray or unclosed quote). */
function table(r: () => number, d: string): string {
  const cols = 1 + Math.floor(r() * 4);
  const fixedEol = r() < 0.6 ? EOLS[Math.floor(r() * 3)] : undefined;
  const eol = () => fixedEol ?? EOLS[Math.floor(r() * 3)]!;
  const content = ['', 'a', 'bc d', 'é€', '😀x', d, '"', '\n', '\r\n', '\r', ' '];
  const field = (): string => {
    const parts = Array.from({ length: Math.floor(r() * 3) }, () => content[Math.floor(r() * content.length)]!);
    const v = parts.join('');
    const needs = /["\r\n]/.test(v) || v.includes(d);
    return needs || r() < 0.2 ? `"${v.replace(/"/g, '""')}"` : v;
  };
  let s = r() < 0.2 ? '\ufeff' : '';
  const nrec = 1 + Math.floor(r() * 6);
  for (let i = 0; i < nrec; i++) {
    const k = r() < 0.05 ? cols + 1 : cols;
    s += Array.from({ length: k }, field).join(d);
    if (i < nrec - 1 || r() < 0.7) s += eol();
    if (r() < 0.15) s += eol();
  }
  if (r() < 0.1) {
    const at = Math.floor(r() * s.length);
    s = s.slice(0, at) + '"' + s.slice(at);
  }
  return s;
}

async function compare(seed: number, make: (r: () => number, d: string) => string | Buffer): Promise<void> {
  const r = prng(seed);
  const d = DELIMS[Math.floor(r() * DELIMS.length)]!;
  const buf = Buffer.from(make(r, d));
  const max = r() < 0.2 ? 1 + Math.floor(r() * 12) : 16 * 1024 * 1024;
  const expected = await outcome(readCsvParse, [buf], d, max);
  const mode = r();
  const sizes = mode < 0.3 ? () => 1 : mode < 0.6 ? () => 1 + Math.floor(r() * 4) : () => 1 + Math.floor(r() * 64);
  const got = await outcome(readCsv, chunked(buf, sizes), d, max);
  assert.equal(got, expected, `seed ${seed}: ${JSON.stringify(buf.toString())} max ${max}`);
}

test('agrees with csv-parse on 4000 random soups of quotes, delimiters, CR, LF and UTF-8', async () => {
  for (let seed = 1; seed <= 4000; seed++) await compare(seed, soup);
});

test('agrees with csv-parse on 3000 random tables (BOM, mixed line ends, blank lines, corruptions)', async () => {
  for (let seed = 1; seed <= 3000; seed++) await compare(100000 + seed, table);
});

test('a long quoted record across many chunks is read once, not rescanned per chunk', async () => {
  const big = Buffer.from(`h\n"${'x'.repeat(1 << 20)}"\n`);
  const parts = chunked(big, () => 997);
  const t = await outcome(readCsv, parts, ',', 16 * 1024 * 1024);
  assert.ok('rows' in t && t.rows[0]![0]!.length === 1 << 20 && t.lines[0] === 2);
});

test('multi-byte characters split at every byte come out whole', async () => {
  const text = 'név;ár\n"Ödön 😀";12 €\n';
  const t = await outcome(
    readCsv,
    chunked(Buffer.from(text), () => 1),
    ';',
    100,
  );
  assert.equal(t, { header: ['név', 'ár'], rows: [['Ödön 😀', '12 €']], lines: [2] });
});

test('a delimiter longer than one byte falls back to csv-parse', async () => {
  const text = Buffer.from('a§b\n1§"2§3"\n');
  const t = await outcome(readCsv, [text], '§', 100);
  assert.equal(t, { header: ['a', 'b'], rows: [['1', '2§3']], lines: [2] });
});

test.run();
