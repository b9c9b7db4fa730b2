import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { KanonError } from '../../src/errors.js';
import { loadHierarchy, type HierarchySpec } from '../../src/hierarchy/load.js';
import { writeFileSync } from 'node:fs';
import { kanon, tempDir } from '../helpers/cli.js';

const FIX = join(import.meta.dirname, '../../fixtures');
const load = (spec: HierarchySpec) => loadHierarchy(spec, { baseDir: FIX, configPath: '/columns/c/hierarchy' });
function throwsCode(fn: () => unknown, code: string, secret?: string): KanonError {
  try {
    fn();
  } catch (e) {
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
  const h = load({
    type: 'interval',
    cuts: [
      [18, 30, 50, 65],
      [30, 65],
    ],
  });
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
  const h = load({
    type: 'tree',
    groups: { Married: { Civ: ['Married-civ-spouse'], AF: ['Married-AF-spouse'] }, Single: { Never: ['Never-married'], Ended: ['Divorced', 'Widowed'] } },
  });
  assert.is(h.levels, 4);
  assert.equal(h.lookup('Divorced'), ['Divorced', 'Ended', 'Single', '*']);
  assert.is(h.leaves!.length, 5);
  throwsCode(() => load({ type: 'tree', groups: { Married: ['A'], Single: { Never: ['B'] } } }), 'HIERARCHY_INVALID', 'B');
  throwsCode(() => load({ type: 'tree', groups: { X: ['A'], Y: ['A'] } }), 'HIERARCHY_INVALID', 'A');
});

test('tree: a single outermost group named "*" is the top itself (value → *), not a level below it', () => {
  const h = load({ type: 'tree', groups: { '*': ['F', 'M'] } });
  assert.is(h.levels, 2);
  assert.equal(h.lookup('F'), ['F', '*']);
  const n = load({ type: 'tree', groups: { '*': { A: ['a', 'b'], B: ['c'] } } });
  assert.equal(n.lookup('c'), ['c', 'B', '*']);
  assert.equal(load({ type: 'tree', groups: { Any: ['F', 'M'] } }).lookup('M'), ['M', 'Any', '*']);
});

// Issue 11 item 14: a file read at the wrong delimiter passed `validate`; the run then blamed
// the data (HIERARCHY_VALUE_MISSING, exit 3). Now HIERARCHY_INVALID at load, naming the file
// and the delimiter the file seems to use.
test('a hierarchy file at the wrong delimiter is HIERARCHY_INVALID naming the file and the delimiter it seems to use', () => {
  const comma = throwsCode(() => load('search/h-comma.csv'), 'HIERARCHY_INVALID');
  assert.ok(comma.where.file!.endsWith('h-comma.csv'));
  assert.match(comma.message, /seems to use "," as its delimiter/);
  const tab = throwsCode(() => load('hierarchies/h-tab.csv'), 'HIERARCHY_INVALID', 'Married');
  assert.match(tab.message, /seems to use tab as its delimiter/);
  assert.equal(load({ type: 'file', path: 'hierarchies/h-tab.csv', delimiter: '\t' }).lookup('Divorced'), ['Divorced', 'Not married', '*']);
  const semi = throwsCode(() => load({ type: 'file', path: 'search/h-crlf.csv', delimiter: ',' }), 'HIERARCHY_INVALID');
  assert.match(semi.message, /seems to use ";"/);
  // ragged at the given delimiter but even at another one: that one is named
  const mixed = throwsCode(() => load({ type: 'file', path: 'hierarchies/h-ragged-at-comma.csv', delimiter: ',' }), 'HIERARCHY_INVALID');
  assert.match(mixed.message, /different numbers of levels.*seems to use ";"/);
  // one value per row and no other delimiter: still not a hierarchy
  const one = throwsCode(() => load('hierarchies/h-one-level.csv'), 'HIERARCHY_INVALID');
  assert.match(one.message, /one level/);
  assert.not.match(one.message, /seems/);
});

test('kanon validate rejects a policy whose hierarchy file uses another delimiter (exit 2, not a data error at run time)', () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'h.csv'), 'a,x,*\nb,x,*\n');
  writeFileSync(join(dir, 'd.csv'), 'c\na\nb\n');
  writeFileSync(
    join(dir, 'p.json'),
    JSON.stringify({ version: 1, columns: { c: { role: 'quasi', hierarchy: 'h.csv' } }, privacy: { k: 1, suppressionLimit: 0 } }),
  );
  const r = kanon(['validate', '--policy', join(dir, 'p.json'), join(dir, 'd.csv')]);
  assert.is(r.code, 2, r.stderr);
  assert.match(r.stderr, /HIERARCHY_INVALID/);
  assert.match(r.stderr, /h\.csv/);
});

// Issue 11 item 15: bucket bounds in doubles put 0.3 in [0.2,0.3) (0.3 / 0.1 = 2.9999999999999996)
// and found widths [0.1, 0.3] not nested.
test('decimal interval widths put a value on a cut point into the bucket it starts', () => {
  assert.equal(load({ type: 'interval', widths: [0.1] }).lookup('0.3'), ['0.3', '[0.3,0.4)', '*']);
  assert.equal(load({ type: 'interval', widths: [0.2], min: 0.1 }).lookup('0.7'), ['0.7', '[0.7,0.9)', '*']);
  assert.equal(load({ type: 'interval', widths: [0.1] }).lookup('-0.1'), ['-0.1', '[-0.1,0)', '*']);
  assert.equal(load({ type: 'interval', widths: [0.1] }).lookup('0.29999999999999999999'), ['0.29999999999999999999', '[0.2,0.3)', '*']);
  assert.equal(load({ type: 'interval', widths: [0.1], min: 0, max: 0.25 }).lookup('0.2'), ['0.2', '[0.2,0.25)', '*']);
  assert.equal(load({ type: 'interval', widths: [5] }).lookup('1e2'), ['1e2', '100-104', '*']);
  assert.equal(load({ type: 'interval', cuts: [[0.1, 0.3, 0.7]] }).lookup('0.3'), ['0.3', '[0.3,0.7)', '*']);
  // every multiple of 0.1 from 0 to 10 starts its own bucket
  const h = load({ type: 'interval', widths: [0.1] });
  for (let i = 0; i < 100; i++) {
    const v = (i / 10).toFixed(1);
    assert.is(h.lookup(v)![1], `[${String(Number(v))},${String(Number(((i + 1) / 10).toFixed(1)))})`, v);
  }
});

test('decimal widths that nest exactly are accepted; others still rejected', () => {
  const h = load({ type: 'interval', widths: [0.1, 0.3, 0.9], min: 0, max: 1.8 });
  assert.equal(h.lookup('0.3'), ['0.3', '[0.3,0.4)', '[0.3,0.6)', '[0,0.9)', '*']);
  assert.equal(h.lookup('1.7'), ['1.7', '[1.7,1.8)', '[1.5,1.8)', '[0.9,1.8)', '*']);
  load({ type: 'interval', widths: [0.01, 0.07] });
  throwsCode(() => load({ type: 'interval', widths: [0.1, 0.25] }), 'HIERARCHY_INVALID');
  throwsCode(() => load({ type: 'interval', widths: [0.2, 0.3] }), 'HIERARCHY_INVALID');
});

test('interval labels are the same looked up once per value or many times in any order (the per-bucket label cache)', () => {
  const spec = { type: 'interval', widths: [5, 25, 50], min: 0, max: 180 } as HierarchySpec;
  const values = Array.from({ length: 400 }, (_, i) => String((i * 37) % 230));
  const shared = load(spec);
  const warm = values.map((v) => shared.lookup(v));
  const again = [...values]
    .reverse()
    .map((v) => shared.lookup(v))
    .reverse();
  for (let i = 0; i < values.length; i++) {
    const fresh = load(spec).lookup(values[i]!);
    assert.equal(warm[i], fresh, values[i]);
    assert.equal(again[i], fresh, values[i]);
  }
  assert.equal(shared.lookup('7'), ['7', '5-9', '0-24', '0-49', '*']);
  assert.equal(shared.lookup('200'), ['200', '>=180', '>=180', '>=180', '*']);
  const frac = load({ type: 'interval', widths: [0.5] } as HierarchySpec);
  assert.equal(
    [frac.lookup('0.75'), frac.lookup('0.7'), frac.lookup('1.25')],
    [
      ['0.75', '[0.5,1)', '*'],
      ['0.7', '[0.5,1)', '*'],
      ['1.25', '[1,1.5)', '*'],
    ],
  );
});

test.run();
