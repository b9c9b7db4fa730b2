// Bytes that are not UTF-8 text, binary formats and gzip (issue 11 item 13, issue 16).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isUtf8 } from 'node:buffer';
import { gzipSync } from 'node:zlib';
import { readAll, rejection } from '../helpers/read.js';
import { firstInvalid } from '../../src/io/encoding.js';
import { mulberry32 } from '../../src/prng.js';

const b = (...parts: (string | number[])[]): Buffer => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));

test('invalid UTF-8 is INPUT_ENCODING with its line (CSV and NDJSON, any chunking)', async () => {
  const bad: number[][] = [[0xff], [0xc3, 0x28], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82]];
  for (const seq of bad) {
    for (const chunk of [1, 2, 5, 1000]) {
      const csv = b('name,x\nAda,1\n"Bo\nb",2\nC', seq, 'd,3\n');
      const e = await rejection(() => readAll(csv, { chunk }));
      assert.is(e.code, 'INPUT_ENCODING', `${seq} ${chunk}`);
      assert.is(e.where.line, 5, `${seq} ${chunk}`);
      const nd = b('{"a":"x"}\n{"a":"', seq, '"}\n');
      const e2 = await rejection(() => readAll(nd, { chunk, format: 'ndjson' }));
      assert.is(e2.code, 'INPUT_ENCODING');
      assert.is(e2.where.line, 2);
    }
  }
  const cut = await rejection(() => readAll(b('a\nx', [0xf0, 0x9f, 0x98]), { chunk: 1 }));
  assert.is(cut.code, 'INPUT_ENCODING');
  assert.is(cut.where.line, 2);
});

test('valid multi-byte characters split at every chunk boundary are read unchanged', async () => {
  const text = '\ufeffnamé,€\n😀x,"ä\nö"\n日本,𝄞\n';
  for (const chunk of [1, 2, 3, 4, 7]) {
    const t = await readAll(text, { chunk });
    assert.equal(t.header, ['namé', '€']);
    assert.equal(t.rows, [
      ['😀x', 'ä\nö'],
      ['日本', '𝄞'],
    ]);
  }
});

test('the UTF-8 locator agrees with isUtf8 on random bytes', () => {
  const r = mulberry32(11);
  const pool = [0x41, 0x0a, 0x80, 0xbf, 0xc2, 0xc3, 0xc0, 0xe0, 0xe2, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xa0, 0x90, 0x8f, 0x9f, 0xff];
  for (let n = 0; n < 5000; n++) {
    const buf = Buffer.from(Array.from({ length: Math.floor(r() * 8) }, () => pool[Math.floor(r() * pool.length)]!));
    const at = firstInvalid(buf, 0, buf.length);
    assert.is(at === buf.length, isUtf8(buf), buf.toString('hex'));
    assert.ok(isUtf8(buf.subarray(0, at)), buf.toString('hex'));
  }
});

test('UTF-16 (with or without a byte order mark) is INPUT_ENCODING on line 1', async () => {
  const le = Buffer.from('a,b\n1,2\n', 'utf16le');
  const be = Buffer.from(le).swap16();
  for (const input of [Buffer.concat([Buffer.from([0xff, 0xfe]), le]), Buffer.concat([Buffer.from([0xfe, 0xff]), be]), le, be]) {
    const e = await rejection(() => readAll(input, { path: 'x.csv' }));
    assert.is(e.code, 'INPUT_ENCODING', input.toString('hex'));
    assert.is(e.where.line, 1);
  }
});

test('Parquet, zip and NUL-laden binary data are INPUT_FORMAT naming what they look like', async () => {
  const cases: [Buffer, RegExp][] = [
    [b('PAR1', [0x15, 0x04, 0x00, 0x00], 'name,ssn'), /Parquet/],
    [b([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]), /zip/],
    [b([0x42, 0x5a, 0x68, 0x39]), /bzip2/],
    [b('a,b\n', [0x00, 0x01, 0x02, 0x9c, 0x00, 0x33, 0x00, 0x00, 0xff, 0x10]), /binary/],
  ];
  for (const [input, what] of cases) {
    const e = await rejection(() => readAll(input, { path: 'people.csv' }));
    assert.is(e.code, 'INPUT_FORMAT');
    assert.is(e.where.file, 'in');
    assert.match(e.message, what);
    assert.not.match(e.message, /name|ssn/);
  }
});

test('gzip input is read for every format by its magic bytes, chunked any way', async () => {
  const csv = 'name,x\nAda,"1\n2"\nBob,é\n';
  const nd = '{"name":"Ada","x":12345678901234567890}\n';
  for (const chunk of [1, 3, 100000]) {
    const t = await readAll(gzipSync(csv), { chunk });
    assert.equal(
      [t.format, t.rows],
      [
        'csv',
        [
          ['Ada', '1\n2'],
          ['Bob', 'é'],
        ],
      ],
    );
    const t2 = await readAll(gzipSync(nd), { chunk });
    assert.equal([t2.format, t2.rows], ['ndjson', [['Ada', '12345678901234567890']]]);
  }
  const t3 = await readAll(Buffer.concat([gzipSync('a,b\n1,2\n'), gzipSync('3,4\n')]), { path: 'x.csv.gz' });
  assert.equal(t3.rows, [
    ['1', '2'],
    ['3', '4'],
  ]); // concatenated members
  const t4 = await readAll(gzipSync('[{"a":"1"}]'), { path: 'x.json.gz' });
  assert.is(t4.format, 'json');
});

test('a corrupt or truncated gzip body, or a .gz name without gzip data, is INPUT_FORMAT', async () => {
  const gz = gzipSync('a,b\n' + '1,2\n'.repeat(5000));
  const corrupt = Buffer.from(gz);
  for (let i = 20; i < 60; i++) corrupt[i] = 0xaa;
  for (const input of [corrupt, gz.subarray(0, gz.length - 30), gz.subarray(0, 12)]) {
    const e = await rejection(() => readAll(input, { path: 'p.csv.gz', chunk: 7 }));
    assert.is(e.code, 'INPUT_FORMAT');
    assert.is(e.where.file, 'in');
  }
  const e = await rejection(() => readAll('a,b\n1,2\n', { path: 'p.csv.gz' }));
  assert.is(e.code, 'INPUT_FORMAT');
});

test.run();
