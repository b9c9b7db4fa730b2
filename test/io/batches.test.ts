// Readers are handed at most READER_CHUNK bytes at a time (src/io/chunks.ts), whatever size the
// input is read in: one batch of a whole 4 MiB read (~20,000 records) outlived V8's young
// generation and made a 1M-row parse 2.9× as slow. Each batch must stay within the records of
// one such chunk, for CSV (split or not), NDJSON and JSON arrays, with the rows all there.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Readable } from 'node:stream';
import { openTable } from '../../src/io/read.js';
import { READER_CHUNK, sliced } from '../../src/io/chunks.js';

const ROWS = 120_000;
const csv = (): string => {
  const lines = ['id,name,city'];
  for (let i = 0; i < ROWS; i++) lines.push(`${i},person ${i},city ${i % 97}`);
  return `${lines.join('\n')}\n`;
};
const ndjson = (): string => {
  const lines: string[] = [];
  for (let i = 0; i < ROWS; i++) lines.push(JSON.stringify({ id: String(i), name: `person ${i}`, city: `city ${i % 97}` }));
  return `${lines.join('\n')}\n`;
};
const jsonArray = (): string => `[${ndjson().trim().split('\n').join(',\n')}]`;

/** The input as one chunk (a large read). */
const oneChunk = (text: string): Readable => Readable.from([Buffer.from(text)]);

for (const [format, text, split] of [
  ['csv', csv(), false],
  ['csv', csv(), true],
  ['ndjson', ndjson(), false],
  ['json', jsonArray(), false],
] as const) {
  test(`${format}${split ? ' (split table)' : ''}: a ${(Buffer.byteLength(text) / 2 ** 20).toFixed(1)} MiB chunk is read in batches of at most one reader chunk`, async () => {
    assert.ok(Buffer.byteLength(text) > 8 * READER_CHUNK, 'the input spans many reader chunks');
    const t = await openTable(oneChunk(text), { file: 'x', format, counter: { bytes: 0 }, ...(split ? { split: true } : {}) });
    // A record here is at least 20 bytes: a batch of one reader chunk holds fewer than this.
    const most = Math.ceil(READER_CHUNK / 20) + 1;
    let rows = 0,
      batches = 0,
      last = -1;
    for await (const b of t.batches) {
      assert.ok(b.rows.length <= most, `a batch of ${b.rows.length} rows`);
      for (const r of b.rows) {
        assert.is(r[0], String(++last));
        assert.is(r[2], `city ${last % 97}`);
      }
      rows += b.rows.length;
      batches++;
    }
    assert.is(rows, ROWS);
    assert.ok(batches >= 8, `${batches} batches`);
  });
}

test('sliced: views of at most the size, the same bytes in order', async () => {
  const parts = [Buffer.alloc(10, 1), Buffer.alloc(0), Buffer.from('abcdefghijklmnopqrstuvwxyz'), Buffer.alloc(7, 2)];
  const out: Buffer[] = [];
  for await (const c of sliced(Readable.from(parts), 8)) out.push(c);
  assert.ok(out.every((c) => c.length <= 8));
  assert.equal(Buffer.concat(out), Buffer.concat(parts));
  assert.ok(
    out.some((c) => c.buffer === parts[2]!.buffer),
    'a slice is a view, not a copy',
  );
});

test.run();
