import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHmac } from 'node:crypto';
import { loadKeyRing } from '../../src/keys.js';
import { KanonError } from '../../src/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'kanon-keys-'));
const HEX = 'c0ffee'.repeat(10) + 'abcd'; // 64 hex digits
const BYTES = Buffer.from(HEX, 'hex');
const file = (name: string, data: string | Buffer, mode = 0o600): string => {
  const p = join(dir, name);
  writeFileSync(p, data);
  chmodSync(p, mode);
  return p;
};
const fail = (fn: () => unknown): KanonError => {
  try {
    fn();
  } catch (e) {
    assert.instance(e, KanonError);
    return e as KanonError;
  }
  throw new Error('expected a KanonError');
};

test('KANON_KEY as hex or base64: is the default key', () => {
  assert.ok(loadKeyRing({ env: HEX }).get().equals(BYTES));
  assert.ok(
    loadKeyRing({ env: HEX.toUpperCase() + '\n' })
      .get('default')
      .equals(BYTES),
  );
  assert.ok(
    loadKeyRing({ env: 'base64:' + BYTES.toString('base64') })
      .get()
      .equals(BYTES),
  );
  assert.ok(
    loadKeyRing({ env: 'base64:' + BYTES.toString('base64url') })
      .get()
      .equals(BYTES),
  );
});

test('key files: hex, base64 and raw bytes, trailing newline trimmed', () => {
  assert.ok(
    loadKeyRing({ keyFiles: [file('h', HEX + '\n')] })
      .get()
      .equals(BYTES),
  );
  assert.ok(
    loadKeyRing({ keyFiles: [file('b', 'base64:' + BYTES.toString('base64') + '\r\n')] })
      .get()
      .equals(BYTES),
  );
  const raw = Buffer.alloc(40, 0xfe);
  assert.ok(
    loadKeyRing({ keyFiles: [file('r', Buffer.concat([raw, Buffer.from('\n')]))] })
      .get()
      .equals(raw),
  );
});

test('too-short or malformed keys → KEY_INVALID, and the message holds no key', () => {
  const short = 'ab'.repeat(31);
  for (const e of [
    fail(() => loadKeyRing({ env: short })),
    fail(() => loadKeyRing({ env: 'not-a-key-zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz' })),
    fail(() => loadKeyRing({ env: 'base64:' + Buffer.alloc(31, 7).toString('base64') })),
    fail(() => loadKeyRing({ env: 'base64:***' })),
    fail(() => loadKeyRing({ keyFiles: [file('s', 'tiny-secret-xyz')] })),
  ]) {
    assert.is(e.code, 'KEY_INVALID');
    assert.is(e.exitCode, 2);
    for (const secret of [short, 'not-a-key', 'tiny-secret-xyz', Buffer.alloc(31, 7).toString('base64')]) assert.not.ok(e.message.includes(secret));
  }
});

test('missing keys → KEY_MISSING telling how to provide one', () => {
  const e = fail(() => loadKeyRing({}).get());
  assert.is(e.code, 'KEY_MISSING');
  assert.match(e.message, /KANON_KEY/);
  assert.match(e.message, /--key-file/);
  const named = fail(() => loadKeyRing({ env: HEX }).get('rot2'));
  assert.match(named.message, /--key-file rot2=/);
  assert.is(fail(() => loadKeyRing({ keyFiles: [join(dir, 'absent')] })).code, 'USAGE_FILE_NOT_FOUND');
});

test('named keys for rotation; --key-file beats KANON_KEY; an id twice is a usage error', () => {
  const other = 'ee'.repeat(32);
  const ring = loadKeyRing({ env: HEX, keyFiles: [`rot2=${file('k2', other)}`] });
  assert.ok(ring.get().equals(BYTES));
  assert.ok(ring.get('rot2').equals(Buffer.from(other, 'hex')));
  assert.equal(ring.ids(), ['default', 'rot2']);
  assert.ok(
    loadKeyRing({ env: HEX, keyFiles: [file('k3', other)] })
      .get()
      .equals(Buffer.from(other, 'hex')),
  );
  assert.is(fail(() => loadKeyRing({ keyFiles: [file('k4', HEX), file('k5', HEX)] })).code, 'USAGE');
});

test('fingerprint: 16 hex of HMAC(key, label), stable, key-free, distinct per key', () => {
  const ring = loadKeyRing({ env: HEX, keyFiles: [`b=${file('fb', 'ee'.repeat(32))}`] });
  const fp = ring.fingerprint();
  assert.match(fp, /^[0-9a-f]{16}$/);
  assert.is(fp, createHmac('sha256', BYTES).update('kanon key fingerprint v1').digest('hex').slice(0, 16));
  assert.is(loadKeyRing({ env: HEX }).fingerprint('default'), fp);
  assert.is.not(ring.fingerprint('b'), fp);
  assert.not.ok(HEX.includes(fp));
  assert.is(fail(() => ring.fingerprint('zzz')).code, 'KEY_MISSING');
});

test('a key file readable by group/others loads with a warning naming the file only', () => {
  if (process.platform === 'win32') return;
  const p = file('open', HEX, 0o644);
  const ring = loadKeyRing({ keyFiles: [p] });
  assert.is(ring.warnings.length, 1);
  assert.ok(ring.warnings[0]!.includes(p));
  assert.not.ok(ring.warnings[0]!.includes(HEX));
  assert.is(loadKeyRing({ keyFiles: [file('closed', HEX, 0o600)] }).warnings.length, 0);
});

test.after(() => rmSync(dir, { recursive: true, force: true }));
test.run();
