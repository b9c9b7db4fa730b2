import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { Readable } from 'node:stream';
import { spool } from '../../src/io/spool.js';

test('stdin is spooled to a private (0600) file in a private folder, removed by remove()', async () => {
  const s = await spool(Readable.from([Buffer.from('a,b\n'), Buffer.from('1,2\n')]));
  assert.is(readFileSync(s.path, 'utf8'), 'a,b\n1,2\n');
  assert.is(statSync(s.path).mode & 0o777, 0o600);
  assert.is(statSync(dirname(s.path)).mode & 0o077, 0); // mkdtemp: owner only
  s.remove();
  assert.not.ok(existsSync(s.path));
  assert.not.ok(existsSync(dirname(s.path)));
});

test.run();
