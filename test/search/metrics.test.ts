import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hierarchyFromRows } from '../../src/hierarchy/file.js';
import { KanonError } from '../../src/errors.js';
import { createEncoder } from '../../src/search/encode.js';
import { cellsFromRows, classesOf } from '../../src/search/cells.js';
import { METRICS } from '../../src/search/metrics/registry.js';
import { groupClasses, generalizer } from '../../src/search/generalize.js';
import type { MetricName } from '../../src/privacy/types.js';

// Tiny table: QI a (leaves a1..a4; a1,a2 → A; a3,a4 → B; then *), QI b (b1, b2; then *).
const ha = hierarchyFromRows([
  ['a1', 'A', '*'],
  ['a2', 'A', '*'],
  ['a3', 'B', '*'],
  ['a4', 'B', '*'],
]);
const hb = hierarchyFromRows([
  ['b1', '*'],
  ['b2', '*'],
]);
const rows = [
  ['a1', 'b1'],
  ['a2', 'b1'],
  ['a3', 'b1'],
  ['a3', 'b2'],
];
function table() {
  const enc = createEncoder({
    file: 't',
    quasi: [
      { name: 'a', hierarchy: ha },
      { name: 'b', hierarchy: hb },
    ],
    sensitive: [],
  });
  rows.forEach((r, i) => {
    enc.add(r, [], i + 2);
  });
  return enc.finish();
}
/** Value of a metric at levels with the given classes (by first row) violating. */
function value(metric: MetricName, levels: number[], violatingRows: number[] = [], k = 2): number {
  const t = table();
  const { cells, cellOfRow } = cellsFromRows(t, Int32Array.from(levels), []);
  const classes = classesOf(cells);
  const violating = new Uint8Array(classes.count);
  let supp = 0;
  for (const r of violatingRows) violating[classes.classOfCell[cellOfRow[r]!]!] = 1;
  for (let c = 0; c < classes.count; c++) if (violating[c]) supp += classes.size[c]!;
  const pm = METRICS[metric].prepare(t, { k });
  const v = pm.value({
    levels: Int32Array.from(levels),
    classCount: classes.count,
    size: classes.size,
    violating,
    suppressedRows: supp,
    q: cells.q,
    repCell: classes.repCell,
  });
  assert.ok(pm.lowerBound(Int32Array.from(levels)) <= v + 1e-12, `${metric} bound ≤ value`);
  return v;
}
const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-12, `${a} ≠ ${b}`);

test('loss: (leaves−1)/(total−1) per record, geometric mean with +1 shift', () => {
  // level (1,0): a → groups of 2 leaves of 4: each record 1/3; b untouched → 0
  close(value('loss', [1, 0]), Math.sqrt(4 / 3) * 1 - 1);
  // (1,1) with class {a3..} suppressed: b: top everywhere = 1; a: rows 0,1 → 1/3, rows 2,3 suppressed → 1
  // classes at (1,1): A* (rows 0,1), B* (rows 2,3)
  close(value('loss', [1, 1], [2]), Math.sqrt((1 + (2 / 3 + 2) / 4) * 2) - 1);
  close(value('loss', [0, 0]), 0);
  close(value('loss', [2, 1]), 1);
});

test('precision: mean of level/height, suppressed = 1', () => {
  close(value('precision', [1, 0]), (1 / 2 + 0) / 2);
  // row 0's class at (1,0) is {rows 0, 1}: both suppressed
  close(value('precision', [1, 0], [0]), ((2 * 0.5 + 2) / 4 + 2 / 4) / 2);
});

test('discernibility: Σ|E|² + |S|·n', () => {
  close(value('discernibility', [1, 1]), 4 + 4);
  // four singleton classes; row 0 suppressed → 3·1² + 1·n = 7
  close(value('discernibility', [0, 0], [0]), 7);
});

test('aecs: (n / classes) / k, suppressed rows one class', () => {
  close(value('aecs', [1, 1], [], 2), 4 / 2 / 2);
  close(value('aecs', [0, 0], [0, 1], 1), 4 / 3);
});

test('entropy: Σ −log2 P(v|g), normalized by the all-"*" value', () => {
  // a counts: a1 1, a2 1, a3 2; at level 1: A 2, B 2 → −log2(1/2)·2 + −log2(2/2)·2 = 2
  // top: −log2(1/4)·2 − log2(2/4)·2 = 4 + 2 = 6; b: counts 3,1 → top 3·log2(4/3) + 2
  const denom = 6 + 3 * Math.log2(4 / 3) + 2;
  close(value('entropy', [1, 0]), 2 / denom);
  close(value('entropy', [2, 1]), 1);
});

test('encoder: value not in hierarchy → HIERARCHY_VALUE_MISSING with line and column, no value', () => {
  const enc = createEncoder({ file: 'in.csv', quasi: [{ name: 'a', hierarchy: ha }], sensitive: [] });
  enc.add(['a1'], [], 2);
  enc.add(['SECRETVALUE'], [], 3);
  enc.add(['SECRETVALUE'], [], 4);
  try {
    enc.finish();
    assert.unreachable();
  } catch (e) {
    assert.instance(e, KanonError);
    const k = e as KanonError;
    assert.is(k.code, 'HIERARCHY_VALUE_MISSING');
    assert.equal(k.where, { file: 'in.csv', line: 3, column: 'a' });
    assert.not.ok(k.message.includes('SECRET'));
  }
});

test('encoder: sensitive order numeric by default, leaf counts from the hierarchy', () => {
  const enc = createEncoder({ file: 't', quasi: [{ name: 'a', hierarchy: ha }], sensitive: [{ name: 's' }] });
  ['10', '9', '100'].forEach((s, i) => {
    enc.add(['a1'], [s], i + 2);
  });
  const t = enc.finish();
  assert.equal(t.sensitive[0]!.values, ['9', '10', '100']);
  assert.equal([...t.sensitive[0]!.codes], [1, 0, 2]);
  assert.equal([...t.quasi[0]!.leafCount[1]!], [2]); // A covers a1, a2 (B unseen)
  assert.is(t.quasi[0]!.totalLeaves, 4);
});

test('groupClasses and generalizer', () => {
  const t = table();
  const g = groupClasses(t, [1, 1], Uint8Array.from([0, 0, 1, 0]));
  assert.equal([...g.classOf], [0, 0, -1, 1]);
  assert.equal([...g.sizes], [2, 1]);
  assert.is(generalizer(t, [1, 1])(0, 'a4'), 'B');
});

test.run();
