import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { KanonError } from '../../src/errors.js';
import { loadHierarchy, type HierarchySpec } from '../../src/hierarchy/load.js';

const FIX = join(import.meta.dirname, '../../fixtures');
const load = (spec: HierarchySpec) => loadHierarchy(spec, { baseDir: FIX, configPath: '/columns/c/hierarchy' });
function throwsCode(fn: () => unknown, code: string, secret?: string): KanonError {
  try { fn(); } catch (e) {
    assert.instance(e, KanonError);
    const k = e as KanonError;
    assert.is(k.code, code);
    if (secret !== undefined) assert.not.ok(k.message.includes(secret) || JSON.stringify(k.where).includes(secret));
    return k;
  }
  throw new assert.Assertion({ message: 'expected a throw' } as never);
}

test('ARX file: CRLF and a last row without newline; levels = columns', () => {
  const h = load('search/h-crlf.csv');
  assert.is(h.levels, 3);
  assert.equal(h.lookup('c'), ['c', 'y', '*']);
  assert.equal(h.leaves, ['a', 'b', 'c']);
  assert.is(h.lookup('zz'), undefined);
});

test('ARX Adult age file loads with 5 levels', () => {
  const h = load('adult/adult_hierarchy_age.csv');
  assert.is(h.levels, 5);
  assert.equal(h.lookup('23'), ['23', '20-24', '20-29', '20-39', '*']);
  assert.is(h.leaves!.length, 100);
});

test('ragged file is HIERARCHY_INVALID naming file and line, not the value', () => {
  const e = throwsCode(() => load('search/h-ragged.csv'), 'HIERARCHY_INVALID', 'ZQXcanary');
  assert.is(e.where.line, 2);
  assert.ok(e.where.file!.endsWith('h-ragged.csv'));
});

test('object file form with a delimiter; unreadable file is HIERARCHY_READ', () => {
  assert.equal(load({ type: 'file', path: 'search/h-comma.csv', delimiter: ',' }).lookup('b'), ['b', 'x', '*']);
  throwsCode(() => load('search/nope.csv'), 'HIERARCHY_READ');
});

test('interval widths: integer labels, bottom/top coding, nesting check', () => {
  const h = load({ type: 'interval', widths: [5, 10, 20], min: 0, max: 100 });
  assert.is(h.levels, 5);
  assert.equal(h.lookup('23'), ['23', '20-24', '20-29', '20-39', '*']);
  assert.equal(h.lookup('100'), ['100', '>=100', '>=100', '>=100', '*']);
  assert.equal(h.lookup('-1'), ['-1', '<0', '<0', '<0', '*']);
  assert.equal(h.lookup(''), ['', '*', '*', '*', '*']);
  assert.is(h.lookup('abc'), undefined);
  assert.equal(load({ type: 'interval', widths: [2.5] }).lookup('3.1'), ['3.1', '[2.5,5)', '*']);
  throwsCode(() => load({ type: 'interval', widths: [5, 7] }), 'HIERARCHY_INVALID');
});

test('interval cuts nest and top-code', () => {
  const h = load({ type: 'interval', cuts: [[18, 30, 50, 65], [30, 65]] });
  assert.equal(h.lookup('40'), ['40', '30-49', '30-64', '*']);
  assert.equal(h.lookup('17'), ['17', '<18', '<30', '*']);
  assert.equal(h.lookup('70'), ['70', '>=65', '>=65', '*']);
  throwsCode(() => load({ type: 'interval', cuts: [[18, 30], [40]] }), 'HIERARCHY_INVALID');
});

test('date levels and format', () => {
  const h = load({ type: 'date', levels: ['month', 'year', '5years', 'decade'] });
  assert.equal(h.lookup('2021-03-05'), ['2021-03-05', '2021-03', '2021', '2020-2024', '2020-2029', '*']);
  assert.is(h.lookup('2021-02-30'), undefined);
  const q = load({ type: 'date', levels: ['quarter'], format: 'DD/MM/YYYY' });
  assert.equal(q.lookup('05/11/1999'), ['05/11/1999', '1999-Q4', '*']);
  throwsCode(() => load({ type: 'date', levels: ['year', 'month'] }), 'HIERARCHY_INVALID');
});

test('mask: one character per level, shorter values fully masked earlier', () => {
  const h = load({ type: 'mask' });
  h.fit!(['81675', '123']);
  assert.is(h.levels, 7);
  assert.equal(h.lookup('81675'), ['81675', '8167*', '816**', '81***', '8****', '*****', '*']);
  assert.equal(h.lookup('123'), ['123', '12*', '1**', '***', '***', '***', '*']);
  const f = load({ type: 'mask', char: '#', length: 2 });
  assert.equal(f.lookup('ab'), ['ab', 'a#', '##', '*']);
  assert.is(f.lookup('abc'), undefined);
});

test('tree: nested groups, uniform depth required, duplicate leaves rejected', () => {
  const h = load({ type: 'tree', groups: { Married: { Civ: ['Married-civ-spouse'], AF: ['Married-AF-spouse'] }, Single: { Never: ['Never-married'], Ended: ['Divorced', 'Widowed'] } } });
  assert.is(h.levels, 4);
  assert.equal(h.lookup('Divorced'), ['Divorced', 'Ended', 'Single', '*']);
  assert.is(h.leaves!.length, 5);
  throwsCode(() => load({ type: 'tree', groups: { Married: ['A'], Single: { Never: ['B'] } } }), 'HIERARCHY_INVALID', 'B');
  throwsCode(() => load({ type: 'tree', groups: { X: ['A'], Y: ['A'] } }), 'HIERARCHY_INVALID', 'A');
});

test.run();
