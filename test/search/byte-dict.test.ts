// ByteDict (src/plan/byte-dict.ts) answers what Map<string, code> answers, looked up by a
// cell's UTF-8 bytes: random values (ASCII, multi-byte, empty, prefixes of one another, a value
// given twice), looked up at offsets inside a larger buffer, and values it does not hold.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ByteDict } from '../../src/search/byte-dict.js';
import { mulberry32 } from '../../src/prng.js';

test('ByteDict finds each value by its bytes, as a Map finds it by its string', () => {
  const rnd = mulberry32(7);
  const alphabet = ['a', 'b', 'Z', '0', '-', ' ', 'é', '€', '😀', 'ü'];
  const word = (): string => Array.from({ length: Math.floor(rnd() * 6) }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join('');
  for (let round = 0; round < 50; round++) {
    const values = Array.from({ length: 1 + Math.floor(rnd() * 300) }, word);
    const map = new Map(values.map((v, i) => [v, i]));
    const dict = new ByteDict(values);
    const probes = [...values, ...Array.from({ length: 100 }, word), 'not-there', ''];
    for (const p of probes) {
      const pad = Buffer.from('xx,');
      const buf = Buffer.concat([pad, Buffer.from(p, 'utf8'), pad]);
      assert.is(dict.lookup(buf, pad.length, buf.length - pad.length), map.get(p) ?? -1, JSON.stringify(p));
    }
  }
});

test('ByteDict grown by add() to 200,000 values (many rehashes) still finds each one, and no other', () => {
  const dict = new ByteDict();
  const buf = Buffer.alloc(16);
  const put = (v: string): number => buf.write(v, 2, 'utf8') + 2;
  for (let c = 0; c < 200_000; c++) {
    const end = put(String(c * 7));
    assert.is(dict.lookup(buf, 2, end), -1);
    dict.add(buf, 2, end, c);
  }
  for (let c = 0; c < 200_000; c += 997) {
    assert.is(dict.lookup(buf, 2, put(String(c * 7))), c);
    assert.is(dict.lookup(buf, 2, put(String(c * 7 + 1))), -1);
  }
});

test('a thawed ByteDict (shared arrays, as the export workers get it) answers as the one frozen, and cannot add', () => {
  const values = ['Paris', 'Lyon', '', 'Zürich', '東京', 'Paris2'];
  const dict = new ByteDict(values);
  const frozen = dict.freeze();
  assert.ok(frozen.slots.buffer instanceof SharedArrayBuffer);
  const thawed = ByteDict.thaw(frozen);
  for (const p of [...values, 'Pari', 'Nice', 'paris']) {
    const b = Buffer.from(`,${p},`, 'utf8');
    assert.is(thawed.lookup(b, 1, b.length - 1), dict.lookup(b, 1, b.length - 1), p);
  }
  assert.is(thawed.lookup(Buffer.from('Lyon'), 0, 4), 1);
  assert.throws(() => thawed.add(Buffer.from('Nice'), 0, 4, 9), /read-only/);
  // by string (the export's string path), long values included
  for (const v of values) assert.is(thawed.lookupString(v), values.indexOf(v));
  assert.is(thawed.lookupString('x'.repeat(500)), -1);
  assert.is(new ByteDict(['y'.repeat(300)]).lookupString('y'.repeat(300)), 0);
});

test.run();
