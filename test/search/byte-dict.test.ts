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

test.run();
