import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ff1, ff1AesKey, type Ff1Options } from '../../src/operators/ff1.js';
import { ff1Encrypt } from '../../src/crypto/ff1.js';
import type { CellFn } from '../../src/operators/types.js';
import type { KanonError } from '../../src/errors.js';
import { KEY_A, KEY_B, makeContext } from './context.js';
import { people, rng } from './gen.js';

const header = ['id', 'ssn', 'visit'];
const enc = (o: Ff1Options = {}, keys?: Record<string, Buffer>): CellFn =>
  ff1.compile(o, makeContext({ column: 'ssn', header, ...(keys ? { keys } : {}) })) as CellFn;
const dec = (o: Ff1Options = {}): CellFn => ff1.reverse!(o, makeContext({ column: 'ssn', header }));
const code = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    return (e as KanonError).code;
  }
  return 'none';
};

test('enciphers the digits of an SSN, keeps the dashes, and reverses', () => {
  const f = enc(),
    g = dec();
  for (const p of people(500)) {
    const c = f(p.ssn, []);
    assert.match(c, /^\d{3}-\d{2}-\d{4}$/);
    assert.is(g(c, []), p.ssn);
  }
});

test('uses FF1 under the derived AES-256 key with an empty tweak', () => {
  const digits = [1, 2, 3, 4, 5, 6, 7, 8, 9];
  const expected = ff1Encrypt(ff1AesKey(KEY_A), Buffer.alloc(0), 10, digits).join('');
  assert.is(enc()('123456789', []), expected);
  assert.is(ff1AesKey(KEY_A).length, 32);
});

test('deterministic across instances; another key gives another ciphertext', () => {
  assert.is(enc()('555-12-3456', []), enc()('555-12-3456', []));
  assert.is.not(enc({}, { default: KEY_B })('555-12-3456', []), enc()('555-12-3456', []));
});

test("tweakColumn: the other column's value is the tweak; reveal needs the same row", () => {
  const f = enc({ tweakColumn: 'visit' }),
    g = dec({ tweakColumn: 'visit' });
  const r1 = ['1', '', 'north'],
    r2 = ['1', '', 'south'];
  const c1 = f('123-45-6789', r1),
    c2 = f('123-45-6789', r2);
  assert.is.not(c1, c2);
  assert.is(g(c1, r1), '123-45-6789');
  assert.is(g(c2, r2), '123-45-6789');
  assert.is(
    code(() => enc({ tweakColumn: 'nope' })),
    'POLICY_COLUMN_UNKNOWN',
  );
  assert.is(
    code(() => enc({ tweakColumn: 'ssn' })),
    'POLICY_INVALID',
  );
});

test('custom alphabets, including non-ASCII ones, round trip and stay in the alphabet', () => {
  const r = rng(3);
  for (const alphabet of ['abcdefghijklmnopqrstuvwxyz', '01', 'αβγδεζηθικλμνξοπρστυφχψω', '😀😁😂🤣😃😄😅😆', '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ']) {
    const chars = Array.from(alphabet);
    const f = enc({ alphabet }),
      g = dec({ alphabet });
    for (let i = 0; i < 40; i++) {
      const n = 30 + Math.floor(r() * 10);
      const v = Array.from({ length: n }, (_, k) => (k % 7 === 3 ? '-' : chars[Math.floor(r() * chars.length)])).join('');
      const c = f(v, []);
      assert.is(Array.from(c).length, Array.from(v).length);
      Array.from(c).forEach((ch, k) => {
        assert.ok(Array.from(v)[k] === '-' ? ch === '-' : chars.includes(ch));
      });
      assert.is(g(c, []), v);
    }
  }
});

test('too few alphabet characters for the FF1 domain → INPUT_VALUE; bad alphabet → POLICY_INVALID', () => {
  assert.is(
    code(() => enc()('12-345', [])),
    'INPUT_VALUE',
  ); // 5 digits < 6
  assert.is(
    code(() => enc()('123456', [])),
    'none',
  );
  assert.is(
    code(() => enc({ alphabet: 'abcdefghijklmnopqrstuvwxyz' })('abc', [])),
    'INPUT_VALUE',
  ); // 26^3 < 10^6
  assert.is(
    code(() => enc({ alphabet: 'aab' })),
    'POLICY_INVALID',
  );
  assert.is(
    code(() => enc({ alphabet: 'a' })),
    'POLICY_INVALID',
  );
  assert.is(
    code(() => enc({}, {})),
    'KEY_MISSING',
  );
});

test.run();
