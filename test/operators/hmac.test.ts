import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHmac } from 'node:crypto';
import { hmac, HMAC_LABEL, type HmacOptions } from '../../src/operators/hmac.js';
import type { CellFn } from '../../src/operators/types.js';
import type { KanonError } from '../../src/errors.js';
import { KEY_A, KEY_B, makeContext } from './context.js';
import { people } from './gen.js';

const op = (o: HmacOptions = {}, keys?: Record<string, Buffer>, column?: string): CellFn =>
  hmac.compile(o, makeContext({ ...(keys ? { keys } : {}), ...(column ? { column } : {}) })) as CellFn;
const digest = (key: Buffer, label: string, v: string): Buffer =>
  createHmac('sha256', key)
    .update(label + v)
    .digest();
const B62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Reference base62: low `len` digits of the first W words of the digest. */
function base62Ref(d: Buffer, len: number): string {
  const W = Math.min(8, Math.ceil((len * Math.log2(62)) / 32) + 1);
  let n = BigInt('0x' + d.subarray(0, W * 4).toString('hex'));
  let s = '';
  for (let i = 0; i < len; i++) {
    s = B62[Number(n % 62n)] + s;
    n /= 62n;
  }
  return s;
}
function base32Ref(d: Buffer, len: number): string {
  const bits = Array.from(d, (b) => b.toString(2).padStart(8, '0')).join('');
  let s = '';
  for (let i = 0; i < len; i++) s += 'abcdefghijklmnopqrstuvwxyz234567'[parseInt(bits.slice(5 * i, 5 * i + 5), 2)];
  return s;
}

test('default token: 16 base62 characters of HMAC-SHA256(key, label || value)', () => {
  const f = op();
  for (const p of people(200)) {
    const t = f(p.email, []);
    assert.match(t, /^[0-9A-Za-z]{16}$/);
    assert.is(t, base62Ref(digest(KEY_A, HMAC_LABEL, p.email), 16));
  }
});

test('encoding and length: hex, base32, base62 at several lengths match the reference', () => {
  const vals = people(50).map((p) => p.name);
  for (const length of [8, 13, 32, 43]) {
    const fh = op({ encoding: 'hex', length }),
      fb = op({ encoding: 'base32', length }),
      f6 = op({ encoding: 'base62', length });
    for (const v of vals) {
      const d = digest(KEY_A, HMAC_LABEL, v);
      assert.is(fh(v, []), d.toString('hex').slice(0, length));
      assert.is(fb(v, []), base32Ref(d, length));
      assert.is(f6(v, []), base62Ref(d, length));
    }
  }
  assert.is(op({ encoding: 'hex', length: 64 })('x', []), digest(KEY_A, HMAC_LABEL, 'x').toString('hex'));
  assert.is(op({ encoding: 'base32', length: 51 })('x', []), base32Ref(digest(KEY_A, HMAC_LABEL, 'x'), 51));
});

test('every length of every encoding matches the reference, on 300 values each', () => {
  const vals = people(300, 11).map((p) => p.email);
  for (const [encoding, max] of [
    ['hex', 64],
    ['base32', 51],
    ['base62', 43],
  ] as const) {
    for (let length = 8; length <= max; length++) {
      const f = op({ encoding, length });
      for (const v of vals) {
        const d = digest(KEY_A, HMAC_LABEL, v);
        const want = encoding === 'hex' ? d.toString('hex').slice(0, length) : encoding === 'base32' ? base32Ref(d, length) : base62Ref(d, length);
        assert.is(f(v, []), want, `${encoding} ${length} ${v}`);
      }
    }
  }
});

test('tokens match node:crypto across block boundaries, non-ASCII, lone surrogates and long keys', () => {
  const LOCAL = 'kanon-hmac-email-local-v1\0',
    DOMAIN = 'kanon-hmac-email-domain-v1\0';
  const chars = ['a', 'é', '日', '😀', '\ud800', '\udc00', ' ', '.'];
  let x = 3;
  const rnd = (n: number): number => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return Math.floor((x / 2147483648) * n);
  };
  for (const key of [KEY_A, Buffer.alloc(64, 0x3c), Buffer.alloc(65, 0x3c), Buffer.alloc(100, 0x5a)]) {
    const plain = op({}, { default: key }),
      email = op({ variant: 'email', domain: 'hmac' }, { default: key });
    const values: string[] = [];
    // label (14, 26, 27 bytes) + value crosses 55/64 bytes and later block ends
    for (let len = 0; len <= 200; len++) values.push('x'.repeat(len), 'é'.repeat(len >> 1) + 'y'.repeat(len & 1));
    for (let i = 0; i < 200; i++) values.push(Array.from({ length: rnd(60) }, () => chars[rnd(chars.length)]).join(''));
    for (const v of values) {
      assert.is(plain(v, []), base62Ref(digest(key, HMAC_LABEL, v), 16), `plain ${JSON.stringify(v)}`);
      const t = `${v}@${v}d.example`;
      const want =
        v === ''
          ? base62Ref(digest(key, HMAC_LABEL, t), 16)
          : `${base62Ref(digest(key, LOCAL, v), 16)}@${base62Ref(digest(key, DOMAIN, `${v}d.example`), 16)}.invalid`;
      assert.is(email(t, []), want, `email ${JSON.stringify(t)}`);
    }
  }
});

test('length beyond what the digest holds for the encoding is a policy error', () => {
  for (const [encoding, length] of [
    ['base62', 44],
    ['base32', 52],
  ] as const) {
    try {
      op({ encoding, length });
      assert.unreachable();
    } catch (e) {
      assert.is((e as KanonError).code, 'POLICY_INVALID');
      assert.is((e as KanonError).where.path, '/columns/value/length');
    }
  }
});

test('prefix goes before the token', () => {
  assert.is(op({ prefix: 'pt_' })('a', []), 'pt_' + op()('a', []));
});

test('normalize trim / lowercase make variants of a value share a token', () => {
  const none = op(),
    trim = op({ normalize: ['trim'] }),
    low = op({ normalize: ['lowercase'] }),
    both = op({ normalize: ['trim', 'lowercase'] });
  assert.is.not(none(' Ann ', []), none('Ann', []));
  assert.is(trim(' Ann\t', []), trim('Ann', []));
  assert.is.not(trim(' Ann', []), trim('ann', []));
  assert.is(low('ANN', []), low('ann', []));
  assert.is(both('  ANN ', []), none('ann', []));
});

test('same key and value give the same token across calls, instances and columns', () => {
  const vals = people(2000).map((p) => p.email);
  const a = op({}, undefined, 'email'),
    b = op({}, undefined, 'contact');
  const first = vals.map((v) => a(v, []));
  assert.equal(
    vals.map((v) => a(v, [])),
    first,
  );
  assert.equal(
    vals.map((v) => b(v, [])),
    first,
  );
  assert.equal(
    vals.map((v) => op()(v, [])),
    first,
  );
});

test('different keys give unrelated tokens: none in common over 10,000 values', () => {
  const a = op({}, { default: KEY_A }),
    b = op({}, { default: KEY_B });
  const vals = people(10000, 7).map((p) => p.ssn);
  const ta = new Set(vals.map((v) => a(v, [])));
  for (const v of vals) assert.not.ok(ta.has(b(v, [])));
});

test('a named key is used when the policy names it', () => {
  const f = op({ key: 'rot2' }, { default: KEY_A, rot2: KEY_B });
  assert.is(f('x', []), op({}, { default: KEY_B })('x', []));
});

test('no key configured → KEY_MISSING at compile time', () => {
  try {
    op({}, {});
    assert.unreachable();
  } catch (e) {
    assert.is((e as KanonError).code, 'KEY_MISSING');
  }
  try {
    op({ key: 'other' });
    assert.unreachable();
  } catch (e) {
    assert.is((e as KanonError).code, 'KEY_MISSING');
  }
});

test('email variant: local part pseudonymized, domain kept or pseudonymized', () => {
  const keep = op({ variant: 'email' }),
    hm = op({ variant: 'email', domain: 'hmac', prefix: 'u_' });
  const t = keep('jane.doe@example.com', []);
  assert.match(t, /^[0-9A-Za-z]{16}@example\.com$/);
  assert.is(keep('jane.doe@example.org', []).split('@')[0], t.split('@')[0]);
  assert.match(hm('jane.doe@example.com', []), /^u_[0-9A-Za-z]{16}@[0-9A-Za-z]{16}\.invalid$/);
  assert.is(hm('x@example.com', []).split('@')[1], hm('y@example.com', []).split('@')[1]);
  // The last "@" splits: a quoted local part may hold one.
  assert.match(keep('"a@b"@example.com', []), /@example\.com$/);
  // Local parts do not share tokens with plain values (separate labels).
  assert.is.not(t.split('@')[0], op()('jane.doe', []));
});

test('email variant: a value that is not an email is pseudonymized whole, like plain', () => {
  const f = op({ variant: 'email' }),
    plain = op();
  for (const v of ['no-at-sign', '@example.com', 'user@', '']) assert.is(f(v, []), plain(v, []));
});

test('collisions: short tokens count distinct inputs that hit a token already taken', () => {
  const ctx = makeContext();
  const f = hmac.compile({ encoding: 'hex', length: 8 }, ctx) as CellFn;
  const seen = new Map<string, string>();
  let expected = 0;
  for (let i = 0; i < 200_000; i++) {
    const v = `v${i}`;
    const t = f(v, []);
    const prev = seen.get(t);
    if (prev === undefined) seen.set(t, v);
    else if (prev !== v) expected++;
    f(v, []); // a repeat is not a collision
  }
  assert.ok(expected > 0, 'expected some 32-bit collisions among 200,000 values');
  assert.is(ctx.stats.collisions, expected);
});

test('collisions: long tokens are not tracked and report none', () => {
  const ctx = makeContext();
  const f = hmac.compile({}, ctx) as CellFn;
  for (let i = 0; i < 20_000; i++) f(`v${i}`, []);
  assert.is(ctx.stats.collisions, 0);
});

test.run();
