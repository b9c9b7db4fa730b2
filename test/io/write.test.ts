import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PassThrough } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import { parse } from 'csv-parse/sync';
import { createWriter, csvStringifier, escapeFormula, plainNumberBytes } from '../../src/io/write.js';
import type { Format } from '../../src/io/types.js';

async function write(format: Format, header: string[], rows: string[][], opts: { delimiter?: string; escapeFormulas?: boolean } = {}): Promise<string> {
  const out = new PassThrough();
  let text = '';
  out.on('data', (c) => {
    text += c;
  });
  const w = createWriter(out, { format, header, delimiter: opts.delimiter ?? ',', escapeFormulas: opts.escapeFormulas ?? true });
  await w.write(rows);
  await w.end();
  return text;
}

test('formula-leading cells are prefixed with a quote; plain numbers are not', () => {
  for (const f of ['=1+1', '+cmd', '-x', '@SUM(A1)', '\tx', '\rx', '-', '+']) assert.is(escapeFormula(f), `'${f}`);
  for (const ok of ['-12', '+3.5', '-.5', '1e5', '-2E-3', 'a=b', '', 'x-1']) assert.is(escapeFormula(ok), ok);
});

test('plainNumberBytes is PLAIN_NUMBER (escapeFormula) on the bytes', () => {
  const chars = ['+', '-', '.', 'e', 'E', '0', '7', 'x', ' '];
  let seed = 11;
  const rnd = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) | 0) >>> 0) / 2 ** 32;
  for (let t = 0; t < 20_000; t++) {
    const v = Array.from({ length: 1 + Math.floor(rnd() * 7) }, () => chars[Math.floor(rnd() * chars.length)]).join('');
    const b = Buffer.from(`#${v}#`, 'latin1');
    const plain = escapeFormula(`-${v}`) === `-${v}`;
    assert.is(plainNumberBytes(Buffer.from(`#-${v}#`, 'latin1'), 1, v.length + 2), plain, `-${v}`);
    assert.is(plainNumberBytes(b, 1, b.length - 1), /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v), v);
  }
});

test('CSV output quotes what needs quoting and escapes formulas by default', async () => {
  const s = await write(
    'csv',
    ['a', 'b'],
    [
      ['x,y', '=HYPERLINK("u")'],
      ['line\nbreak', '-7'],
    ],
  );
  assert.is(s, 'a,b\n"x,y","\'=HYPERLINK(""u"")"\n"line\nbreak",-7\n');
  const raw = await write('csv', ['a'], [['=1']], { escapeFormulas: false });
  assert.is(raw, 'a\n=1\n');
});

test('CSV output uses the given delimiter', async () => {
  assert.is(await write('csv', ['a', 'b'], [['1', '2;3']], { delimiter: ';' }), 'a;b\n1;"2;3"\n');
});

test('NDJSON and JSON writers produce parseable output with the header as keys', async () => {
  const nd = await write(
    'ndjson',
    ['a', 'b'],
    [
      ['1', 'x"y'],
      ['2', ''],
    ],
  );
  assert.equal(
    nd
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l)),
    [
      { a: '1', b: 'x"y' },
      { a: '2', b: '' },
    ],
  );
  const js = await write('json', ['a'], [['1'], ['2']]);
  assert.equal(JSON.parse(js), [{ a: '1' }, { a: '2' }]);
  assert.equal(JSON.parse(await write('json', ['a'], [])), []);
});

function randomRows(alphabet: string[], seed: number): string[][] {
  let x = seed;
  const rnd = (): number => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
  return Array.from({ length: 300 }, () =>
    Array.from({ length: 4 }, () => Array.from({ length: 1 + Math.floor(rnd() * 6) }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join('')),
  );
}

test('the CSV writer matches csv-stringify byte for byte on random cells', () => {
  // No bare CR here: csv-stringify leaves a lone CR unquoted, which readers take as a line
  // break; kanon quotes it (next test).
  const alphabet = ['a', 'Z', ' ', ',', ';', '"', '\n', '\t', 'é', '😀', '=', '-', '1'];
  for (const delimiter of [',', ';', '\t', '|']) {
    const rows = randomRows(alphabet, 12345);
    const expected = stringify(rows, { delimiter, eof: true, record_delimiter: 'unix' });
    assert.is(csvStringifier(delimiter, false)(rows), expected, `delimiter ${JSON.stringify(delimiter)}`);
  }
});

test('CSV output round-trips through csv-parse, bare CR included', () => {
  const alphabet = ['a', ' ', ',', '|', '"', '\n', '\r', '\r\n', 'é', '1'];
  for (const delimiter of [',', '|']) {
    const rows = randomRows(alphabet, 777);
    assert.equal(parse(csvStringifier(delimiter, false)(rows), { delimiter }), rows);
  }
});

// The writers before issue 18 built one string per batch (kept here as the oracle): the byte
// writers must give the same bytes, non-ASCII, lone surrogates and non-ASCII delimiters included.
function oldCsv(delimiter: string, escapeFormulas: boolean, header: string[], rows: string[][]): Buffer {
  const d = delimiter.charCodeAt(0);
  const needsQuote = (v: string): boolean => [...v].some((ch) => ch.charCodeAt(0) === d || ch === '"' || ch === '\n' || ch === '\r');
  let s = '';
  for (const row of [header, ...rows]) {
    row.forEach((cell, j) => {
      let v = cell;
      if (escapeFormulas && v.length && [61, 43, 45, 64, 9, 13].includes(v.charCodeAt(0))) v = escapeFormula(v);
      if (j) s += delimiter;
      s += needsQuote(v) ? `"${v.replace(/"/g, '""')}"` : v;
    });
    s += '\n';
  }
  return Buffer.from(s);
}
function oldJson(ndjson: boolean, header: string[], rows: string[][]): Buffer {
  const obj = (r: string[]): string => `{${header.map((h, i) => `${JSON.stringify(h)}:${JSON.stringify(r[i] ?? '')}`).join(',')}}`;
  if (ndjson) return Buffer.from(rows.map((r) => `${obj(r)}\n`).join(''));
  return Buffer.from(rows.length ? `[\n${rows.map(obj).join(',\n')}\n]\n` : '[]\n');
}
async function writeBytes(format: Format, header: string[], batches: string[][][], delimiter: string, escapeFormulas: boolean): Promise<Buffer> {
  const out = new PassThrough();
  const parts: Buffer[] = [];
  out.on('data', (c: Buffer) => parts.push(c));
  const w = createWriter(out, { format, header, delimiter, escapeFormulas });
  for (const b of batches) await w.write(b);
  await w.end();
  return Buffer.concat(parts);
}

test('the byte writers give the bytes the string writers gave (unicode, surrogates, formulas, many batches)', async () => {
  const alphabet = ['a', 'Z', ' ', ',', ';', '"', '\n', '\r', '\t', '\\', '\u0001', 'é', '€', '😀', '\ud800', '\udfff', '=', '-', '+', '@', '1', '§', '\u2028'];
  const rows = randomRows(alphabet, 4242);
  const header = ['a', 'b"', 'é', '=c'];
  const batches = [rows.slice(0, 1), rows.slice(1, 120), [], rows.slice(120)];
  for (const delimiter of [',', ';', '\t', '§', '😀'])
    for (const esc of [true, false])
      assert.ok(
        (await writeBytes('csv', header, batches, delimiter, esc)).equals(oldCsv(delimiter, esc, header, rows)),
        `csv ${JSON.stringify(delimiter)} ${esc}`,
      );
  for (const format of ['ndjson', 'json'] as const) {
    assert.ok((await writeBytes(format, header, batches, ',', true)).equals(oldJson(format === 'ndjson', header, rows)), format);
    assert.ok((await writeBytes(format, header, [], ',', true)).equals(oldJson(format === 'ndjson', header, [])), `${format}, no rows`);
    assert.ok((await writeBytes(format, [], [[[]]], ',', true)).equals(oldJson(format === 'ndjson', [], [[]])), `${format}, no columns`);
  }
  // One cell larger than the first chunk: the chunk grows.
  const big = ['x'.repeat(200_000) + '"é', 'y'];
  assert.ok((await writeBytes('csv', ['a', 'b'], [[big]], ',', true)).equals(oldCsv(',', true, ['a', 'b'], [big])));
});

test.run();
