import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHmac, randomBytes, randomInt } from 'node:crypto';
import { hmacSha256Words } from '../../src/crypto/hmac-sha256.js';

const bytes = (w: Int32Array): Buffer => {
  const b = Buffer.alloc(32);
  for (let i = 0; i < 8; i++) b.writeInt32BE(w[i]!, i * 4);
  return b;
};

test('matches node:crypto HMAC-SHA256 for lengths across block boundaries', () => {
  const key = randomBytes(32);
  const label = 'kanon-test\0';
  const f = hmacSha256Words(key, label);
  for (let len = 0; len < 200; len++) {
    const v = 'x'.repeat(len);
    assert.ok(
      bytes(f(v)).equals(
        createHmac('sha256', key)
          .update(label + v)
          .digest(),
      ),
      `length ${len}`,
    );
  }
});

test('matches node:crypto for non-ASCII text, lone surrogates and long keys', () => {
  const chars = ['a', 'é', 'ß', '日', '😀', '\ud800', '\udfff', '\0', ' '];
  for (const keyLen of [32, 64, 65, 100]) {
    const key = randomBytes(keyLen);
    const f = hmacSha256Words(key, 'L');
    for (let i = 0; i < 300; i++) {
      const v = Array.from({ length: randomInt(0, 40) }, () => chars[randomInt(0, chars.length)]).join('');
      assert.ok(
        bytes(f(v)).equals(
          createHmac('sha256', key)
            .update('L' + v)
            .digest(),
        ),
      );
    }
  }
});

test.run();
