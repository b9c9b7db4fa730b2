import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { spool } from '../../src/io/spool.js';
import { rejection } from '../helpers/read.js';
import { mountTmpfs, skipped } from './tmpfs.js';

async function text(r: Readable): Promise<string> {
  const parts: Buffer[] = [];
  for await (const c of r) parts.push(c as Buffer);
  return Buffer.concat(parts).toString();
}

async function withTmpdir<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  const saved = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  try {
    return await fn();
  } finally {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
  }
}

test('the stdin spool has no name on disk once opened, and is read whole twice through its descriptor', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kanon-spooltest-'));
  let seenWhileCopying: string[] | undefined;
  const input = Readable.from(
    (async function* () {
      yield Buffer.from('a,b\n');
      await new Promise((r) => setTimeout(r, 20));
      seenWhileCopying = readdirSync(dir); // the copy is being written now
      yield Buffer.from('1,2\n'.repeat(100000));
    })(),
  );
  const s = await withTmpdir(dir, () => spool(input));
  assert.equal(seenWhileCopying, []);
  assert.equal(readdirSync(dir), []);
  const expected = 'a,b\n' + '1,2\n'.repeat(100000);
  const first = s.open();
  const [one, two] = await Promise.all([text(first), text(s.open())]);
  assert.is(one, expected);
  assert.is(two, expected);
  assert.is(await text(s.open()), expected);
  s.remove();
  s.remove();
  assert.equal(readdirSync(dir), []);
});

test('a pass that stops early (for await … break, or destroy) does not close the copy for the next pass', async () => {
  const s = await spool(Readable.from([Buffer.alloc(3 * 1024 * 1024, 0x63)]));
  for await (const c of s.open()) {
    assert.is((c as Buffer)[0], 0x63);
    break;
  }
  const r = s.open();
  r.destroy();
  await new Promise((res) => r.once('close', res));
  for (let k = 0; k < 3; k++) assert.is((await text(s.open())).length, 3 * 1024 * 1024);
  s.remove();
});

test('remove() while a reader is still reading closes the copy once the reader has stopped', async () => {
  for (let n = 0; n < 20; n++) {
    const s = await spool(Readable.from([Buffer.alloc(4 * 1024 * 1024, 0x62)]));
    const r = s.open();
    const first = await new Promise<Buffer>((res) => r.once('data', (c) => res(c as Buffer)));
    assert.is(first[0], 0x62);
    s.remove(); // the reader is destroyed, the descriptor closed after it
    await new Promise((res) => (r.closed ? res(undefined) : r.once('close', res)));
    assert.throws(() => s.open());
  }
});

test('binary stdin (cat /dev/zero) is INPUT_FORMAT before it is copied to TMPDIR', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kanon-spooltest-'));
  let read = 0;
  const zeros = Readable.from(
    (async function* () {
      const block = Buffer.alloc(64 * 1024);
      for (let i = 0; i < 16384; i++) {
        read += block.length;
        yield block;
      } // 1 GiB at most
    })(),
  );
  const e = await withTmpdir(dir, () => rejection(() => spool(zeros)));
  assert.is(e.code, 'INPUT_FORMAT');
  assert.ok(read <= 2 * 1024 * 1024, `read ${read}`);
  assert.equal(readdirSync(dir), []);
});

test('gzip stdin is spooled as it is (its NUL bytes are not taken for binary data)', async () => {
  const gz = gzipSync('a,b\n' + '1,2\n'.repeat(5000));
  const s = await spool(Readable.from([gz.subarray(0, 10), gz.subarray(10)]));
  const parts: Buffer[] = [];
  for await (const c of s.open()) parts.push(c as Buffer);
  assert.ok(Buffer.concat(parts).equals(gz));
  s.remove();
});

test('a missing TMPDIR is INPUT_READ naming TMPDIR, not INTERNAL', async () => {
  const e = await withTmpdir('/nonexistent/kanon-tmp', () => rejection(() => spool(Readable.from([Buffer.from('a\n')]))));
  assert.is(e.code, 'INPUT_READ');
  assert.match(e.message, /TMPDIR \(\/nonexistent\/kanon-tmp\)/);
});

test('a full or read-only TMPDIR is INPUT_READ naming TMPDIR', async () => {
  const full = mountTmpfs('64k');
  if (!full) return skipped('full TMPDIR');
  try {
    const e = await withTmpdir(full.dir, () => rejection(() => spool(Readable.from([Buffer.alloc(300 * 1024, 0x61)]))));
    assert.is(e.code, 'INPUT_READ');
    assert.match(e.message, /TMPDIR/);
    assert.equal(readdirSync(full.dir), []);
  } finally {
    full.unmount();
  }
  const ro = mountTmpfs('64k', { readOnly: true });
  if (!ro) return skipped('read-only TMPDIR');
  try {
    const e = await withTmpdir(ro.dir, () => rejection(() => spool(Readable.from([Buffer.from('a\n')]))));
    assert.is(e.code, 'INPUT_READ');
    assert.match(e.message, /TMPDIR/);
  } finally {
    ro.unmount();
  }
});

test.run();
