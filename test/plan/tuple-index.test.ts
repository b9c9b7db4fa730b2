import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { TupleIndex, type TupleColumn } from '../../src/plan/tuple-index.js';
import { mulberry32 } from '../../src/prng.js';

test('groups equal tuples, finds each by its codes, and nothing else', () => {
  const rnd = mulberry32(7);
  const rows = 5000;
  const cards = [3, 50, 7000];
  const codes = cards.map((c) => Int32Array.from({ length: rows }, () => Math.floor(rnd() * c)));
  // The second column through a map (as a generalization level): codes 0..49 → 0..9.
  const map = Int32Array.from({ length: 50 }, (_, i) => i % 10);
  const cols: TupleColumn[] = [
    { codes: codes[0]!, map: null, card: 3 },
    { codes: codes[1]!, map, card: 10 },
    { codes: codes[2]!, map: null, card: 7000 },
  ];
  const idx = new TupleIndex(cols, rows);
  const tupleOf = (r: number): number[] => [codes[0]![r]!, map[codes[1]![r]!]!, codes[2]![r]!];
  const seen = new Map<string, number>();
  for (let r = 0; r < rows; r++) {
    const k = tupleOf(r).join(',');
    const g = idx.groupOfRow![r]!;
    if (!seen.has(k)) {
      assert.is(g, seen.size, 'groups numbered in order of first appearance');
      assert.is(idx.rep[g], r);
      seen.set(k, g);
    }
    assert.is(g, seen.get(k));
    assert.is(idx.find(Int32Array.from(tupleOf(r))), g);
  }
  assert.is(idx.count, seen.size);
  let absent = 0;
  for (let i = 0; i < 2000; i++) {
    const t = [Math.floor(rnd() * 3), Math.floor(rnd() * 10), 7000 + i];
    assert.is(idx.find(Int32Array.from(t)), -1);
    const u = [Math.floor(rnd() * 3), Math.floor(rnd() * 10), Math.floor(rnd() * 7000)];
    if (!seen.has(u.join(','))) {
      absent++;
      assert.is(idx.find(Int32Array.from(u)), -1);
    } else assert.is(idx.find(Int32Array.from(u)), seen.get(u.join(',')));
  }
  assert.ok(absent > 100, 'some absent tuples were probed');
});

test('no rows: every lookup misses', () => {
  const idx = new TupleIndex([{ codes: new Int32Array(0), map: null, card: 1 }], 0);
  assert.is(idx.count, 0);
  assert.is(idx.find(Int32Array.of(0)), -1);
});

test.run();
