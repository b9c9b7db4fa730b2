import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { groupIds, groupKeys, groupTuples } from '../../src/search/group.js';
import { mulberry32 } from './brute.js';

/** Reference: string keys in a Map, groups numbered by first appearance. */
function naive(cols: Int32Array[], n: number): { groupOf: number[]; rep: number[] } {
  const ids = new Map<string, number>();
  const groupOf: number[] = [],
    rep: number[] = [];
  for (let i = 0; i < n; i++) {
    const k = cols.map((c) => c[i]).join(',');
    let g = ids.get(k);
    if (g === undefined) {
      g = ids.size;
      ids.set(k, g);
      rep.push(i);
    }
    groupOf.push(g);
  }
  return { groupOf, rep };
}

function check(cols: Int32Array[], n: number, label: string): void {
  const g = groupTuples(cols, n);
  const r = naive(cols, n);
  assert.is(g.count, r.rep.length, label);
  assert.equal([...g.groupOf.subarray(0, n)], r.groupOf, label);
  assert.equal([...g.rep], r.rep, label);
}

test('groups tuples like a string-keyed map (small key space: direct addressing)', () => {
  const rnd = mulberry32(7);
  const n = 3000;
  const cols = [3, 5, 2, 7].map((d) => Int32Array.from({ length: n }, () => Math.floor(rnd() * d)));
  check(cols, n, 'dense');
});

test('groups tuples whose packed key space is large (hash table)', () => {
  const rnd = mulberry32(8);
  const n = 5000;
  const cols = [100000, 3000, 17].map((d) => Int32Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 1 : Math.floor(rnd() * d))));
  cols[0]![n - 1] = 99999;
  check(cols, n, 'hash');
});

test('stays exact when the product of cardinalities passes 2^53 (keys re-numbered mid-way)', () => {
  const rnd = mulberry32(9);
  const n = 4000;
  // five columns of ~2^20 values: product ≈ 2^100
  const cols = Array.from({ length: 5 }, () => Int32Array.from({ length: n }, () => (rnd() < 0.5 ? Math.floor(rnd() * 3) : Math.floor(rnd() * (1 << 20)))));
  for (const c of cols) c[0] = (1 << 20) - 1;
  check(cols, n, 'wide');
  // duplicates must still be found after re-numbering
  const dup = cols.map((c) => Int32Array.from([...c, ...c.subarray(0, 50)]));
  check(dup, n + 50, 'wide with duplicates');
});

test('groupIds numbers groups as groupKeys does, and leaves the shared tables clean for the next call', () => {
  const rnd = mulberry32(9);
  // Dense (small space) and hashed (large space, nearly unique: the hash table at its fullest).
  for (const [space, n] of [
    [50, 4000],
    [1e12, 5000],
    [60, 3000],
    [1e12, 6143],
  ] as const) {
    const keys = Float64Array.from({ length: n }, () => Math.floor(rnd() * space));
    // Reference: groups numbered by first appearance of each key.
    const ids = new Map<number, number>();
    const groupOf = Array.from(keys, (k) => {
      let g = ids.get(k);
      if (g === undefined) ids.set(k, (g = ids.size));
      return g;
    });
    const out = new Int32Array(n);
    const count = groupIds(keys, n, space, out);
    assert.is(count, ids.size, `groupIds count, space ${space}`);
    assert.equal([...out], groupOf, `groupIds groups, space ${space}`);
    const g = groupKeys(keys, n, space, new Int32Array(n));
    assert.is(g.count, ids.size, `groupKeys count, space ${space}`);
    assert.equal([...g.groupOf], groupOf, `groupKeys groups, space ${space}`);
    assert.is(g.rep.length, g.count, `one representative a group, space ${space}`);
    for (let i = 0; i < g.count; i++) assert.is(groupOf[g.rep[i]!], i, `representative of group ${i}`);
  }
});

test.run();
