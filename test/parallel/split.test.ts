// Pieces end at record boundaries whatever the chunking: scanning each piece with a resumed
// scanner gives the records, lines and errors of one scanner over the whole input.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CsvScanError, CsvScanner, type RecordDelimiter } from '../../src/io/csv-scan.js';
import { pieces, splitHeader, type Piece } from '../../src/parallel/split.js';

const MAX = 1 << 20;
async function* chunked(buf: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < buf.length; i += size) yield Buffer.from(buf.subarray(i, i + size));
}
async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}
type Scan = { records: [string[], number][]; error?: [string, number] };
function whole(input: Buffer): Scan {
  const records: [string[], number][] = [];
  const s = new CsvScanner({ delimiter: 44, maxRecordSize: MAX }, (r, l) => records.push([r, l]));
  try {
    s.write(input);
    s.end();
  } catch (e) {
    if (!(e instanceof CsvScanError)) throw e;
    return { records, error: [e.code, e.lines] };
  }
  return { records };
}
function byPieces(ps: Piece[], rd: RecordDelimiter, fields: number, firstLine: number): Scan {
  const records: [string[], number][] = [];
  let base = firstLine;
  for (const p of ps) {
    const s = new CsvScanner({ delimiter: 44, maxRecordSize: MAX, resume: { recordDelimiter: rd, fields } }, (r, l) => records.push([r, base + l - 1]));
    try {
      s.write(p.bytes);
      if (p.last) s.end();
    } catch (e) {
      if (!(e instanceof CsvScanError)) throw e;
      return { records, error: [e.code, base + e.lines - 1] };
    }
    assert.ok(p.last || !s.holding, 'a piece that is not the last ends at a record boundary');
    base += s.line - 1;
  }
  return { records };
}

function table(rd: string, seed: number, rows = 400): Buffer {
  let x = seed;
  const rnd = (n: number): number => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return Math.floor((x / 2147483648) * n);
  };
  const cells = ['a', 'hello', '"quoted, with comma"', '"two\nlines"', '"cr\r\nlf"', '"say ""hi"""', '', 'é€😀', '"\r"', '""'];
  const lines = ['id,v,w'];
  for (let i = 0; i < rows; i++) lines.push(`${i},${cells[rnd(cells.length)]},${cells[rnd(cells.length)]}`);
  return Buffer.from(`\ufeff${lines.join(rd)}${rnd(2) ? rd : ''}`);
}

test('pieces of every size and chunking give the records and lines of one scanner (LF, CRLF, CR; quoted newlines)', async () => {
  for (const rd of ['\n', '\r\n', '\r'])
    for (const seed of [1, 2, 3]) {
      const input = table(rd, seed);
      const expected = whole(input);
      assert.is(expected.error, undefined);
      for (const chunk of [1, 7, 64, 1000])
        for (const target of [1, 50, 333, 4096]) {
          const s = splitHeader(input.subarray(0, 65536), chunked(input, chunk), 44, MAX);
          assert.ok(s, 'the header is a plain line');
          assert.equal(s!.header, ['id', 'v', 'w']);
          const ps = await collect(pieces(s!.body, s!.recordDelimiter, target, MAX));
          assert.ok(Buffer.concat([input.subarray(0, input.indexOf(rd === '\r' ? 13 : 10) + 1), ...ps.map((p) => p.bytes)]).equals(input), 'no byte lost');
          assert.ok(ps.length === 0 || ps[ps.length - 1]!.last, 'the last piece says so');
          assert.equal(
            byPieces(ps, s!.recordDelimiter, 3, s!.firstLine),
            { records: expected.records.slice(1) },
            `rd ${JSON.stringify(rd)} chunk ${chunk} target ${target}`,
          );
        }
    }
});

test('a syntax error is reported at the line one scanner reports', async () => {
  const good = table('\n', 9, 200).toString();
  for (const bad of ['x,"open never closed', 'x,a"b,c', 'x,"a"b,c', 'x,only two']) {
    const at = good.indexOf('\n150,');
    const input = Buffer.from(`${good.slice(0, at)}\n${bad}\n${good.slice(at + 1)}`);
    const expected = whole(input);
    assert.ok(expected.error, bad);
    const expectedErr = { code: expected.error![0], line: expected.error![1] };
    for (const target of [10, 200, 5000]) {
      const s = splitHeader(input.subarray(0, 65536), chunked(input, 100), 44, MAX)!;
      const ps = await collect(pieces(s.body, s.recordDelimiter, target, MAX));
      const got = byPieces(ps, s.recordDelimiter, 3, s.firstLine);
      assert.equal({ code: got.error?.[0], line: got.error?.[1] }, expectedErr, `${bad} / ${target}`);
    }
  }
});

test('pieces as views (this thread only) are the same bytes as copied pieces; a read larger than a piece is cut without a copy', async () => {
  async function* views(buf: Buffer, size: number): AsyncGenerator<Buffer> {
    for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size); // side by side in one buffer
  }
  let shared = 0;
  for (const rd of ['\n', '\r\n', '\r'])
    for (const seed of [4, 5]) {
      const input = table(rd, seed, 600);
      for (const [chunk, target] of [
        [4096, 300],
        [1000, 1000],
        [97, 50],
        [20000, 2000],
      ] as const)
        for (const source of [views, chunked]) {
          const a = splitHeader(input.subarray(0, 65536), source(input, chunk), 44, MAX)!;
          const copied = await collect(pieces(a.body, a.recordDelimiter, target, MAX));
          const b = splitHeader(input.subarray(0, 65536), source(input, chunk), 44, MAX)!;
          const viewed = await collect(pieces(b.body, b.recordDelimiter, target, MAX, { views: true }));
          const label = `rd ${JSON.stringify(rd)} chunk ${chunk} target ${target} ${source.name}`;
          assert.equal(
            viewed.map((p) => [p.bytes.toString('latin1'), p.last, p.oversize]),
            copied.map((p) => [p.bytes.toString('latin1'), p.last, p.oversize]),
            label,
          );
          assert.ok(
            viewed.every((p) => !p.owned),
            `${label}: a view is never transferred`,
          );
          if (source === views) shared += viewed.filter((p) => p.bytes.buffer === input.buffer).length;
        }
    }
  assert.ok(shared >= 20, `${shared} pieces were views of the input buffer`);
});

test('no split for a header the usual reader must judge', () => {
  const none = async function* (): AsyncGenerator<Buffer> {};
  for (const h of ['"id",v\n1,2\n', '\nid,v\n', 'id,v', 'id,v\r']) assert.is(splitHeader(Buffer.from(h), none(), 44, MAX), undefined, JSON.stringify(h));
});

test.run();
