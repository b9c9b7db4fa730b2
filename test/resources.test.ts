import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CHECK_SLACK, createBudget, parseSize, syncPhase, type Resident } from '../src/resources.js';
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

const MiB = 2 ** 20;
/** A process whose resident memory the test sets; relieve() gives back `garbage`. */
function fakeProcess(held: number): Resident & { held: number; garbage: number; relieved: number } {
  const p = {
    held,
    garbage: 0,
    relieved: 0,
    now: () => p.held,
    relieve: () => {
      p.relieved++;
      p.held -= p.garbage;
      p.garbage = 0;
      return p.held;
    },
  };
  return p;
}
const limitError = (f: () => void): KanonError => {
  try {
    f();
  } catch (e) {
    if (e instanceof KanonError && e.code === 'RESOURCE_LIMIT') return e;
    throw e;
  }
  throw new Error('no RESOURCE_LIMIT');
};

test('a process budget refuses a structure that fits the reservations but not beside what the process holds', () => {
  const proc = fakeProcess(90 * MiB);
  const b = createBudget(100 * MiB, proc);
  b.reserve('small table', 5 * MiB); // 90 + 5 <= 100
  const e = limitError(() => b.reserve('class table', 20 * MiB, 'use fewer columns'));
  assert.match(e.message, /^class table needs about 20\.0 MiB with the process holding 90\.0 MiB, over the memory budget of 100\.0 MiB: use fewer columns/);
  assert.is(b.reserved, 5 * MiB, 'a refused reservation is not counted');
  assert.is(proc.relieved, 1, 'garbage was collected once before refusing');
  // The same reservation without a process: only the reservations count, and it fits.
  const plain = createBudget(100 * MiB);
  plain.reserve('class table', 20 * MiB);
  assert.is(plain.reserved, 20 * MiB);
});

test('garbage given back before a refusal lets the structure in', () => {
  const proc = fakeProcess(95 * MiB);
  proc.garbage = 30 * MiB;
  const b = createBudget(100 * MiB, proc);
  b.reserve('class table', 20 * MiB);
  assert.is(b.reserved, 20 * MiB);
  assert.is(proc.held, 65 * MiB);
});

test('checkHeap refuses when the process is within one step of the limit; expectSteps widens the step', () => {
  const proc = fakeProcess(100 * MiB - CHECK_SLACK);
  const b = createBudget(100 * MiB, proc);
  b.checkHeap('the plan pass'); // exactly one step of room
  proc.held += 1;
  const e = limitError(() => b.checkHeap('the plan pass', 'use fewer columns'));
  assert.match(
    e.message,
    /^the plan pass: the process holds [\d.]+ MiB, too close to the memory budget of 100\.0 MiB for its next step \(up to 32\.0 MiB\): use fewer columns \(or raise --max-memory\)$/,
  );
  proc.held = 60 * MiB;
  b.checkHeap('the search');
  b.expectSteps(50 * MiB);
  assert.match(limitError(() => b.checkHeap('the search')).message, /up to 50\.0 MiB/);
  b.expectSteps(1); // never below the least step
  b.checkHeap('the search');
  proc.held = 100 * MiB - CHECK_SLACK + 1;
  assert.throws(() => b.checkHeap('the search'));
});

test('fits() answers for optional structures without throwing', () => {
  const proc = fakeProcess(50 * MiB);
  const b = createBudget(100 * MiB, proc);
  assert.ok(b.fits(40 * MiB));
  assert.not.ok(b.fits(60 * MiB), 'the process holds 50 MiB');
  b.reserve('cache', 10 * MiB);
  assert.not.ok(createBudget(10 * MiB).fits(11 * MiB), 'reservations alone');
  assert.is(b.reserved, 10 * MiB);
});

test('near the limit garbage is collected again only after 100 ms or 4 MiB of growth', () => {
  const proc = fakeProcess(99 * MiB);
  const b = createBudget(100 * MiB, proc);
  assert.not.ok(b.fits(2 * MiB));
  assert.not.ok(b.fits(2 * MiB));
  assert.is(proc.relieved, 1, 'the second refusal right after the first collects nothing');
  proc.held += 4 * MiB;
  assert.not.ok(b.fits(0));
  assert.is(proc.relieved, 2, 'grown 4 MiB since: collected again');
});

test.run();
