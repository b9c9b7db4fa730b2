// The file reader (src/io/input.ts): the file's bytes in order, in reads of their own memory
// that end after a LF; and the pieces (src/parallel/split.ts) made of such reads are the reads
// themselves (transferred to workers, not copied) or views of them, never a copy of two.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inputSource, isOwnRead, READ_BYTES, recycleRead, spareReads } from '../../src/io/input.js';
import { pieces, splitHeader } from '../../src/parallel/split.js';
import { MAX_RECORD_SIZE } from '../../src/io/read-csv.js';

const dir = mkdtempSync(join(tmpdir(), 'kanon-input-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

/** ~3.5 reads of CSV records of varying length (some with quoted fields holding LFs). */
function table(rows: number): Buffer {
  const lines = ['id,name,note'];
  for (let i = 0; i < rows; i++) lines.push(i % 97 === 0 ? `${i},"a\nb ${i}","x,y"` : `${i},name${'z'.repeat(i % 41)},n${i}`);
  return Buffer.from(`${lines.join('\n')}\n`);
}

async function chunksOf(path: string): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for await (const c of inputSource(path, process.stdin).open()) out.push(c as Buffer);
  return out;
}

test('reads: the same bytes in order, each a read of its own ending after a LF', async () => {
  const data = table(140_000);
  assert.ok(data.length > 3 * READ_BYTES);
  const path = join(dir, 't.csv');
  writeFileSync(path, data);
  const chunks = await chunksOf(path);
  assert.ok(chunks.length >= 4);
  assert.ok(Buffer.concat(chunks).equals(data));
  for (const c of chunks) {
    assert.ok(isOwnRead(c), 'a read is its memory’s only view');
    assert.ok(c.length <= READ_BYTES);
    assert.is(c[c.length - 1], 10);
  }
  assert.not.ok(isOwnRead(Buffer.from(chunks[0]!)), 'a copy is not a read');
  assert.not.ok(isOwnRead(chunks[0]!.subarray(1)), 'nor a view past its start');
});

test('reads given back: their memory takes the next reads; a view, a copy or a read given twice is refused', async () => {
  const data = table(140_000);
  const path = join(dir, 'r.csv');
  writeFileSync(path, data);
  // Nothing of another test's reads is left waiting.
  const before = spareReads();
  const copies: Buffer[] = [];
  const memory = new Set<ArrayBufferLike>();
  let n = 0;
  for await (const c of inputSource(path, process.stdin).open()) {
    const b = c as Buffer;
    n++;
    memory.add(b.buffer);
    copies.push(Buffer.from(b)); // what was read, before its memory is reused
    const spares = spareReads();
    recycleRead(b.subarray(1));
    recycleRead(b.subarray(0, b.length - 1)); // a part of it: the rest may be another piece's
    recycleRead(Buffer.from(b));
    recycleRead(new ArrayBuffer(READ_BYTES / 2));
    assert.is(spareReads(), spares, 'views, a copy, an unrelated buffer: not taken');
    recycleRead(b);
    assert.is(spareReads(), Math.min(spares + 1, 16), 'a whole read is taken');
    recycleRead(b);
    assert.is(spareReads(), Math.min(spares + 1, 16), 'once');
  }
  assert.ok(n >= 4);
  // Each read was given back before the one after the next was made (the stream reads one
  // ahead): the reads took far fewer buffers than there were reads, and their bytes are the file's.
  assert.ok(memory.size <= 3 + before, `${memory.size} buffers for ${n} reads`);
  assert.ok(Buffer.concat(copies).equals(data));
});

test('reads: a file without a LF near the end of a read, and one without a final LF', async () => {
  const long = Buffer.alloc(READ_BYTES + 100_000, 0x61); // one line longer than a read
  const path = join(dir, 'long.txt');
  writeFileSync(path, Buffer.concat([long, Buffer.from('\nabc')]));
  const chunks = await chunksOf(path);
  assert.ok(Buffer.concat(chunks).equals(Buffer.concat([long, Buffer.from('\nabc')])));
  const empty = join(dir, 'empty.csv');
  writeFileSync(empty, '');
  assert.equal(await chunksOf(empty), []);
});

test('pieces of reads: whole reads for workers (owned, transferable), views on this thread', async () => {
  const data = table(140_000);
  const path = join(dir, 'p.csv');
  writeFileSync(path, data);
  for (const views of [false, true]) {
    const src = inputSource(path, process.stdin).open();
    const it = src[Symbol.asyncIterator]();
    const first = (await it.next()).value as Buffer;
    const rest = (async function* () {
      for (;;) {
        const r = await it.next();
        if (r.done) return;
        yield r.value as Buffer;
      }
    })();
    const split = splitHeader(
      first,
      (async function* () {
        yield first;
        yield* rest;
      })(),
      44,
      MAX_RECORD_SIZE,
    )!;
    const ps = [];
    for await (const p of pieces(split.body, split.recordDelimiter, 1024 * 1024, MAX_RECORD_SIZE, { views })) ps.push(p);
    const body = data.subarray(data.indexOf(10) + 1);
    assert.ok(Buffer.concat(ps.map((p) => p.bytes)).equals(body), 'the body, in order');
    assert.ok(ps[ps.length - 1]!.last);
    // After the first read (sliced off its header), every piece is one whole read: no copies.
    const later = ps.slice(1);
    assert.ok(later.length >= 3);
    for (const p of later) {
      if (!views) assert.ok(p.owned && isOwnRead(p.bytes), `a whole read, transferred (${p.bytes.length} bytes)`);
      else assert.ok(p.bytes.length > 0 && p.bytes.byteOffset + p.bytes.length <= READ_BYTES && !p.owned, 'a view of one read');
    }
  }
});

test.run();
