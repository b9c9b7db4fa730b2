import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { randomBytes, randomInt } from 'node:crypto';
import { ff1Decrypt, ff1Encrypt, ff1MinLength } from '../../src/crypto/ff1.js';

interface Sample {
  sample: number;
  aes: number;
  key: string;
  radix: number;
  tweak: string;
  plaintext: string;
  ciphertext: string;
}
const samples = (JSON.parse(readFileSync(new URL('../../fixtures/nist-ff1/samples.json', import.meta.url), 'utf8')) as { samples: Sample[] }).samples;
const DIGITS = '0123456789abcdefghijklmnopqrstuvwxyz';
const toNum = (s: string): number[] => Array.from(s, (c) => DIGITS.indexOf(c));
const toStr = (n: number[]): string => n.map((x) => DIGITS[x]).join('');

test('the fixture holds NIST samples for AES-128/192/256 and radix 10 and 36', () => {
  assert.equal(new Set(samples.map((s) => s.aes)), new Set([128, 192, 256]));
  assert.equal(new Set(samples.map((s) => s.radix)), new Set([10, 36]));
});

for (const s of samples) {
  test(`NIST FF1 sample ${s.sample} (AES-${s.aes}, radix ${s.radix}) encrypts and decrypts`, () => {
    const key = Buffer.from(s.key, 'hex');
    assert.is(key.length * 8, s.aes);
    const tweak = Buffer.from(s.tweak, 'hex');
    assert.is(toStr(ff1Encrypt(key, tweak, s.radix, toNum(s.plaintext))), s.ciphertext);
    assert.is(toStr(ff1Decrypt(key, tweak, s.radix, toNum(s.ciphertext))), s.plaintext);
  });
}

test('random round trips over radixes 2..65536, odd and even lengths, with tweaks', () => {
  for (const radix of [2, 3, 10, 26, 36, 62, 255, 256, 1000, 65536]) {
    for (let trial = 0; trial < 12; trial++) {
      const key = randomBytes([16, 24, 32][trial % 3]!);
      const tweak = randomBytes(trial * 3);
      const n = ff1MinLength(radix) + randomInt(0, 30);
      const x = Array.from({ length: n }, () => randomInt(0, radix));
      const y = ff1Encrypt(key, tweak, radix, x);
      assert.is(y.length, n);
      assert.ok(y.every((v) => Number.isInteger(v) && v >= 0 && v < radix));
      assert.equal(ff1Decrypt(key, tweak, radix, y), x);
    }
  }
});

test('the tweak and the key change the ciphertext', () => {
  const key = randomBytes(32);
  const x = [1, 2, 3, 4, 5, 6, 7, 8, 9];
  const a = ff1Encrypt(key, Buffer.from('a'), 10, x);
  assert.not.equal(ff1Encrypt(key, Buffer.from('b'), 10, x), a);
  assert.not.equal(ff1Encrypt(randomBytes(32), Buffer.from('a'), 10, x), a);
  assert.equal(ff1Encrypt(key, Buffer.from('a'), 10, x), a);
});

test('minimum lengths follow radix^n ≥ 1,000,000 (SP 800-38G rev. 1)', () => {
  assert.is(ff1MinLength(10), 6);
  assert.is(ff1MinLength(36), 4);
  assert.is(ff1MinLength(2), 20);
  assert.is(ff1MinLength(1000), 2);
  assert.is(ff1MinLength(65536), 2);
});

test('rejects bad keys, radixes and numerals', () => {
  assert.throws(() => ff1Encrypt(randomBytes(20), Buffer.alloc(0), 10, [1, 2, 3]), /16, 24 or 32/);
  assert.throws(() => ff1Encrypt(randomBytes(16), Buffer.alloc(0), 1, [0, 0]), /radix/);
  assert.throws(() => ff1Encrypt(randomBytes(16), Buffer.alloc(0), 10, [1, 10]), /out of range/);
  assert.throws(() => ff1Encrypt(randomBytes(16), Buffer.alloc(0), 10, [1]), /at least 2/);
});

test.run();
