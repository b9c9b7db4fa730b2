// The written format of local recoding (src/recoding/labels.ts), on tables small enough to
// work out by hand.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hierarchyFromRows } from '../../src/hierarchy/file.js';
import { intervalHierarchy } from '../../src/hierarchy/interval.js';
import type { Hierarchy } from '../../src/hierarchy/types.js';
import { normalizePrivacy, type RawPrivacy } from '../../src/privacy/normalize.js';
import { mondrian } from '../../src/recoding/mondrian.js';
import { createEncoder } from '../../src/search/encode.js';

function run(cols: { name: string; hierarchy: Hierarchy }[], rows: string[][], raw: RawPrivacy) {
  const enc = createEncoder({ file: 't.csv', quasi: cols, sensitive: [] });
  rows.forEach((r, i) => {
    enc.add(r, [], i + 2);
  });
  const table = enc.finish();
  const r = mondrian(table, normalizePrivacy(raw, []));
  return { r, out: rows.map((_, i) => cols.map((_c, j) => r.label(j, i)).join('|')) };
}

const ages = (xs: number[]) => xs.map((x) => [String(x)]);
const age = (hierarchy: Hierarchy) => [{ name: 'age', hierarchy }];

test('numeric: a range equal to an interval node is written as its label, else "[lo,hi]", one value as itself', () => {
  const h = intervalHierarchy({ type: 'interval', widths: [5, 10] });
  // 20..29 once each, k=5: cut at the median into 20..24 and 25..29 — two 5-year nodes
  assert.equal([...new Set(run(age(h), ages([20, 21, 22, 23, 24, 25, 26, 27, 28, 29]), { k: 5 }).out)], ['20-24', '25-29']);
  // k=2: 20..24 is cut again, at 21 (of the two most balanced cuts the lower): ranges inside a node
  assert.equal([...new Set(run(age(h), ages([20, 21, 22, 23, 24, 25, 26, 27, 28, 29]), { k: 2 }).out)], ['[20,21]', '[22,24]', '[25,26]', '[27,29]']);
  // a builder's leaves are the data's values (as the loss counts them): 21..24 with no 20 in the
  // data holds every leaf of "20-24", so it is written so
  assert.equal([...new Set(run(age(h), ages([21, 22, 23, 24, 26, 27, 28, 29]), { k: 4 }).out)], ['20-24', '25-29']);
  // one value per partition
  assert.equal([...new Set(run(age(h), ages([30, 30, 31, 31]), { k: 2 }).out)], ['30', '31']);
});

test('numeric with a file hierarchy: the node label only when its leaves are exactly the range', () => {
  const h = hierarchyFromRows(Array.from({ length: 10 }, (_, i) => [String(i), i < 5 ? '0-4' : '5-9', '*']));
  assert.equal([...new Set(run(age(h), ages([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]), { k: 5 }).out)], ['0-4', '5-9']);
  // 0,1,3,4 hold the range 0..4 but the leaf 2 is in it too: still "0-4" (the range covers leaf 2)
  assert.equal([...new Set(run(age(h), ages([0, 1, 3, 4]), { k: 4 }).out)], ['0-4']);
  // 1..4: a range inside the node
  assert.equal([...new Set(run(age(h), ages([1, 2, 3, 4]), { k: 4 }).out)], ['[1,4]']);
  // equal numbers spelled differently share a rank: the least spelling is written
  assert.equal([...new Set(run(age(h), [['1'], ['1'], ['3'], ['3']], { k: 4 }).out)], ['[1,3]']);
});

test("categorical: the lowest common ancestor of the partition's values; cuts follow the tree", () => {
  const h = hierarchyFromRows([
    ['a1', 'A', '*'],
    ['a2', 'A', '*'],
    ['b1', 'B', '*'],
    ['b2', 'B', '*'],
  ]);
  const col = [{ name: 'c', hierarchy: h }];
  assert.equal(run(col, [['a1'], ['a2'], ['b1'], ['b2']], { k: 2 }).out, ['A', 'A', 'B', 'B']);
  assert.equal(run(col, [['a1'], ['a1'], ['b1'], ['b2']], { k: 2 }).out, ['a1', 'a1', 'B', 'B']);
  // A has 3 rows, B has 1: the cut of "*" into A and B is not allowable for k = 2
  assert.equal(run(col, [['a1'], ['a2'], ['a2'], ['b1']], { k: 2 }).out, ['*', '*', '*', '*']);
});

test('the widest normalized range is cut first; ties go to the earlier column', () => {
  const num = hierarchyFromRows(Array.from({ length: 21 }, (_, i) => [String(i), '*'])); // 0..20: [0,10] is not "*"
  const rows = [
    ['x', '0'],
    ['y', '0'],
    ['x', '10'],
    ['y', '10'],
  ];
  // c spans its whole domain (width 1), n the table's whole range (width 1): c is cut first, and
  // then no part of 2 rows can be cut again for k = 2
  const flat = hierarchyFromRows([
    ['x', '*'],
    ['y', '*'],
  ]);
  assert.equal(
    run(
      [
        { name: 'c', hierarchy: flat },
        { name: 'n', hierarchy: num },
      ],
      rows,
      { k: 2 },
    ).out,
    ['x|[0,10]', 'y|[0,10]', 'x|[0,10]', 'y|[0,10]'],
  );
  // x and y are 2 of 4 leaves (width 1/3): n is cut first
  const four = hierarchyFromRows([
    ['x', 'XY', '*'],
    ['y', 'XY', '*'],
    ['z', 'ZW', '*'],
    ['w', 'ZW', '*'],
  ]);
  assert.equal(
    run(
      [
        { name: 'c', hierarchy: four },
        { name: 'n', hierarchy: num },
      ],
      rows,
      { k: 2 },
    ).out,
    ['XY|0', 'XY|0', 'XY|10', 'XY|10'],
  );
});

test("ARX Loss per column: leaves covered by each record's label, suppressed records count 1", () => {
  const h = hierarchyFromRows(Array.from({ length: 10 }, (_, i) => [String(i), i < 5 ? '0-4' : '5-9', '*']));
  const { r } = run(age(h), ages([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]), { k: 5 });
  // every record's label covers 5 of 10 leaves: (5 − 1)/(10 − 1)
  assert.ok(Math.abs(r.perColumnLoss.age! - 4 / 9) < 1e-12);
  assert.ok(Math.abs(r.loss - 4 / 9) < 1e-12);
  const all = run(age(h), ages([0, 1, 2]), { k: 5, suppressionLimit: 1 });
  assert.is(all.r.suppressedCount, 3);
  assert.is(all.r.perColumnLoss.age, 1);
});

test.run();
