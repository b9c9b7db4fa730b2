import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHmac, randomBytes, randomInt } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { hmacSha256Words } from '../../src/crypto/hmac-sha256.js';

const bytes = (w: Int32Array): Buffer => {
  const b = Buffer.alloc(32);
  for (let i = 0; i < 8; i++) b.writeInt32BE(w[i]!, i * 4);
  return b;
};
const ref = (key: Uint8Array, label: string, v: string): Buffer =>
  createHmac('sha256', key)
    .update(label + v)
    .digest();
const check = (f: (v: string) => Int32Array, key: Uint8Array, label: string, v: string, what: string): void =>
  assert.ok(bytes(f(v)).equals(ref(key, label, v)), what);

test('matches node:crypto HMAC-SHA256 for lengths across block boundaries', () => {
  const key = randomBytes(32);
  const label = 'kanon-test\0';
  const f = hmacSha256Words(key, label);
  for (let len = 0; len <= 200; len++) check(f, key, label, 'x'.repeat(len), `length ${len}`);
});

test('label || value around the padding limits (55, 56, 63, 64 bytes and one block on)', () => {
  const key = randomBytes(32);
  for (const labLen of [0, 1, 14, 27, 54, 55, 56, 63, 64, 65, 100, 130]) {
    const label = 'L'.repeat(labLen);
    const f = hmacSha256Words(key, label);
    for (const total of [0, 1, 8, 9, 54, 55, 56, 57, 62, 63, 64, 65, 71, 72, 119, 120, 127, 128, 129, 183, 184, 192]) {
      const n = total - labLen;
      if (n < 0) continue;
      // ASCII, and the same byte length made of two- and three-byte characters
      check(f, key, label, 'v'.repeat(n), `label ${labLen} + ${n} ASCII`);
      check(f, key, label, 'é'.repeat(n >> 1) + 'v'.repeat(n & 1), `label ${labLen} + ${n} bytes of é`);
      check(f, key, label, '日'.repeat(Math.floor(n / 3)) + 'v'.repeat(n % 3), `label ${labLen} + ${n} bytes of 日`);
    }
  }
});

test('matches node:crypto for non-ASCII text, lone surrogates and long keys', () => {
  const chars = ['a', 'é', 'ß', '日', '😀', '\ud800', '\udfff', '\0', ' ', '\x7f', '\x80', '\uffff'];
  for (const keyLen of [0, 1, 32, 63, 64, 65, 100, 128, 200]) {
    const key = randomBytes(keyLen);
    const f = hmacSha256Words(key, 'L');
    for (let i = 0; i < 300; i++) {
      const v = Array.from({ length: randomInt(0, 80) }, () => chars[randomInt(0, chars.length)]).join('');
      check(f, key, 'L', v, `key ${keyLen}, ${JSON.stringify(v)}`);
    }
    // a value that starts ASCII and turns non-ASCII late (the fallback rewrites it whole)
    check(f, key, 'L', 'a'.repeat(70) + '\ud83d', `key ${keyLen}, trailing lone surrogate`);
    check(f, key, 'L', 'a'.repeat(60) + '😀b', `key ${keyLen}, late emoji`);
  }
});

test('ofBytes: the digest of a value given as UTF-8 bytes inside a larger buffer equals the string one', () => {
  const key = randomBytes(32);
  const f = hmacSha256Words(key, 'kanon-hmac-v1\0');
  const chars = ['a', 'é', '日', '😀', '0', ','];
  for (const len of [0, 1, 47, 48, 49, 55, 56, 64, 200, 70_000, 3]) {
    const v = Array.from({ length: len }, () => chars[randomInt(0, chars.length)]).join('');
    const pre = randomInt(0, 9);
    const src = Buffer.concat([randomBytes(pre), Buffer.from(v, 'utf8'), randomBytes(5)]);
    const got = bytes(f.ofBytes(src, pre, src.length - 5));
    assert.ok(got.equals(ref(key, 'kanon-hmac-v1\0', v)), `length ${len}`);
    assert.ok(bytes(f(v)).equals(got), `length ${len}, string`);
  }
});

test('values longer than the first memory page grow it; short values stay right after', () => {
  const key = randomBytes(32);
  const f = hmacSha256Words(key, 'kanon-hmac-v1\0');
  const other = hmacSha256Words(randomBytes(16), 'other\0');
  for (const v of ['short', 'z'.repeat(70_000), 'ok', '日'.repeat(30_000), 'é'.repeat(200_000) + 'x', '', 'end']) {
    check(f, key, 'kanon-hmac-v1\0', v, `length ${v.length}`);
    assert.is(other('a').length, 8);
  }
});

test('functions under different keys and labels interleave without disturbing each other', () => {
  const keys = [randomBytes(32), randomBytes(64), randomBytes(90)];
  const labels = ['kanon-hmac-v1\0', 'kanon-hmac-email-local-v1\0', ''];
  const fs = keys.map((k, i) => hmacSha256Words(k, labels[i]!));
  for (let i = 0; i < 600; i++) {
    const j = i % 3;
    const v = `v${i}@example.org`.repeat(1 + (i % 7));
    check(fs[j]!, keys[j]!, labels[j]!, v, `function ${j}, value ${i}`);
  }
});

test('works in a worker thread (the module is compiled there too)', async () => {
  const key = randomBytes(32);
  const values = ['', 'a', 'jane.doe@example.com', '日本', 'x'.repeat(100)];
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    // workers do not inherit tsx's loader (--import tsx): register it here, then load the .ts
    import('tsx/esm/api')
      .then(({ register }) => (register(), import(workerData.url)))
      .then(({ hmacSha256Words }) => {
        const f = hmacSha256Words(Buffer.from(workerData.key), 'L');
        parentPort.postMessage(workerData.values.map((v) => f(v).slice()));
      });`;
  const url = new URL('../../src/crypto/hmac-sha256.ts', import.meta.url).href;
  const got = await new Promise<Int32Array[]>((resolve, reject) => {
    const w = new Worker(code, { eval: true, workerData: { url, key, values } });
    w.once('message', (m: Int32Array[]) => {
      resolve(m);
      void w.terminate();
    });
    w.once('error', reject);
  });
  assert.is(got.length, values.length);
  for (const [i, w] of got.entries()) assert.ok(bytes(w).equals(ref(key, 'L', values[i]!)), `value ${i}`);
});

test.run();
