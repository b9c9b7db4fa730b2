import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createBudget, parseSize, syncPhase } from '../src/resources.js';
import { KanonError } from '../src/errors.js';

test('parseSize reads units and refuses nonsense', () => {
  assert.is(parseSize('512M'), 512 * 2 ** 20);
  assert.is(parseSize('1.5G'), 1.5 * 2 ** 30);
  assert.is(parseSize('800MiB'), 800 * 2 ** 20);
  assert.is(parseSize('1000'), 1000);
  for (const bad of ['', 'abc', '-1G', '0', '12X']) {
    assert.throws(
      () => parseSize(bad),
      (e: unknown) => e instanceof KanonError && e.code === 'USAGE',
      bad,
    );
  }
});

test('a reservation past the budget is RESOURCE_LIMIT naming the structure, and release gives room back', () => {
  const b = createBudget(1000);
  b.reserve('class table', 600);
  let err: unknown;
  try {
    b.reserve('sensitive counts', 500, 'drop a sensitive column');
  } catch (e) {
    err = e;
  }
  assert.ok(err instanceof KanonError);
  assert.is((err as KanonError).code, 'RESOURCE_LIMIT');
  assert.is((err as KanonError).exitCode, 3);
  assert.match((err as KanonError).message, /sensitive counts/);
  assert.is(b.reserved, 600);
  b.release(600);
  b.reserve('sensitive counts', 500);
  assert.is(b.reserved, 500);
});

test('syncPhase takes the signal handlers off and puts them back, also after a throw', () => {
  const h = (): void => {};
  process.on('SIGTERM', h);
  try {
    syncPhase(() => {
      assert.is(process.listeners('SIGTERM').length, 0);
      syncPhase(() => assert.is(process.listeners('SIGTERM').length, 0));
      assert.is(process.listeners('SIGTERM').length, 0);
    });
    assert.ok(process.listeners('SIGTERM').includes(h));
    assert.throws(() =>
      syncPhase(() => {
        throw new Error('x');
      }),
    );
    assert.ok(process.listeners('SIGTERM').includes(h));
  } finally {
    process.off('SIGTERM', h);
  }
});

test.run();
