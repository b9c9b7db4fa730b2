// The record limit holds while a record is still open on a stream (issue 11, item 8): a stream
// with no record end fails after about the limit, it is not read (and held) to its end.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Readable } from 'node:stream';
import { openTable } from '../../src/io/read.js';
import { readNdjson } from '../../src/io/read-ndjson.js';
import { readJsonArray } from '../../src/io/read-json.js';
import { readCsv } from '../../src/io/read-csv.js';
import type { Format } from '../../src/io/types.js';
import { rejection } from '../helpers/read.js';

const MiB = 1024 * 1024;

/** `head`, then `fill` repeated in 1 MiB chunks up to `cap` bytes (then it throws: a reader
 *  that got this far did not enforce the limit). Counts what was read. */
function endless(head: string, fill: string, cap = 160 * MiB, size = MiB): { stream: Readable; read: () => number } {
  let n = 0;
  const block = Buffer.from(fill.repeat(Math.ceil(size / fill.length)));
  async function* gen(): AsyncGenerator<Buffer> {
    const h = Buffer.from(head);
    n += h.length;
    yield h;
    while (n < cap) {
      n += block.length;
      yield block;
    }
    throw new Error('read to the cap: the record limit was not enforced');
  }
  return { stream: Readable.from(gen()), read: () => n };
}

async function drain(stream: Readable, format: Format): Promise<void> {
  const t = await openTable(stream, { file: 'in', format });
  for await (const _ of t.batches) {
    /* read all */
  }
}

const CASES: [string, Format, string, string, number][] = [
  ['an unquoted CSV field with no end', 'csv', 'a,b\n1,2\n', 'x', 3],
  ['a quoted CSV field never closed', 'csv', 'a,b\n1,2\n3,"', 'y', 3],
  ['an NDJSON line with no LF', 'ndjson', '{"a":1}\n{"a":"', 'z', 2],
  ['a JSON-array object never closed', 'json', '[{"a":1},\n{"a":"', 'w', 2],
];

for (const [name, format, head, fill, line] of CASES) {
  test(`${name} is INPUT_RECORD_SIZE with its line after about 16 MiB`, async () => {
    const src = endless(head, fill);
    const t0 = performance.now();
    const e = await rejection(() => drain(src.stream, format));
    assert.is(e.code, 'INPUT_RECORD_SIZE', String(e.message));
    assert.is(e.where.line, line);
    // The readers may carry up to 2 × the limit (CSV), plus the stream's read-ahead (16 chunks).
    assert.ok(src.read() <= 2 * 16 * MiB + 20 * MiB, `read ${src.read()} bytes`);
    if (process.env.KANON_MEASURE) console.error(`${name}: ${src.read()} bytes read, ${(performance.now() - t0).toFixed(0)} ms`);
  });
}

test('endless empty quoted CSV fields (each counts 0 towards the limit) stop at 2 × the limit of raw bytes', async () => {
  const src = endless('a,b\n1,2\n', '"",', 160 * MiB, 64 * 1024);
  const t0 = performance.now();
  const e = await rejection(() => collect(readCsv(src.stream, { file: 'in', delimiter: ',', maxRecordSize: MiB }, {})));
  assert.is(e.code, 'INPUT_RECORD_SIZE');
  assert.is(e.where.line, 3);
  assert.ok(src.read() <= 2 * MiB + 2 * MiB, `read ${src.read()} bytes`);
  if (process.env.KANON_MEASURE) console.error(`empty quoted fields, 1 MiB limit: ${src.read()} bytes read, ${(performance.now() - t0).toFixed(0)} ms`);
});

test('byte by byte: NDJSON and JSON limits and lines with a small limit', async () => {
  const bytes = (s: string) =>
    (async function* () {
      for (const b of Buffer.from(s)) yield Buffer.from([b]);
    })();
  const nd = '{"a":"12"}\r\n\n{"a":"123456"}\n';
  const ok = await collect(readNdjson(bytes(nd), { file: 'in', maxRecordSize: 14 }, {}));
  assert.equal(ok, [['12'], ['123456']]);
  const e = await rejection(() => collect(readNdjson(bytes(nd), { file: 'in', maxRecordSize: 13 }, {})));
  assert.is(e.code, 'INPUT_RECORD_SIZE');
  assert.is(e.where.line, 3);
  const arr = '[{"a":"12"},\n\n{"a":"1234567"}]';
  assert.equal(await collect(readJsonArray(bytes(arr), { file: 'in', maxRecordSize: 15 }, {})), [['12'], ['1234567']]);
  const e2 = await rejection(() => collect(readJsonArray(bytes(arr), { file: 'in', maxRecordSize: 14 }, {})));
  assert.is(e2.code, 'INPUT_RECORD_SIZE');
  assert.is(e2.where.line, 3);
  const e3 = await rejection(() => collect(readCsv(bytes('a\n"' + 'x'.repeat(40)), { file: 'in', delimiter: ',', maxRecordSize: 10 }, {})));
  assert.is(e3.code, 'INPUT_RECORD_SIZE');
  assert.is(e3.where.line, 2);
});

test('a large NDJSON stream and a 15 MiB line under the limit are read whole', async () => {
  const line = JSON.stringify({ a: 'v'.repeat(15 * MiB), b: 1 });
  const rows = 200_000;
  async function* gen(): AsyncGenerator<Buffer> {
    yield Buffer.from('{"a":"x","b":0}\n' + line + '\n');
    const block = Buffer.from('{"a":"abc","b":12345678901234567890}\n'.repeat(1000));
    for (let i = 0; i < rows / 1000; i++) yield block;
  }
  const t0 = performance.now();
  const t = await openTable(Readable.from(gen()), { file: 'in', format: 'ndjson' });
  let n = 0;
  let big = 0;
  for await (const b of t.batches)
    for (const r of b.rows) {
      n++;
      if (r[0]!.length > big) big = r[0]!.length;
    }
  assert.is(n, rows + 2);
  assert.is(big, 15 * MiB);
  if (process.env.KANON_MEASURE) console.error(`ndjson ${rows} rows + 15 MiB line: ${(performance.now() - t0).toFixed(0)} ms`);
});

async function collect(gen: AsyncIterable<{ rows: string[][] }>): Promise<string[][]> {
  const out: string[][] = [];
  for await (const b of gen) out.push(...b.rows);
  return out;
}

test.run();
