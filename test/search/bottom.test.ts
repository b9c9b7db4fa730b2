// The search's finest source and the row-level work after it (issue 18): checks rolled up from
// the entries as they are equal checks from the entries grouped at level 0; the chosen node's
// released classes from suppressionAt equal groupClasses; the explanations' violating counts
// (violatingAt, from class tables only, through a meet or not) equal suppressionAt's.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { normalizePrivacy, type RawPrivacy } from '../../src/privacy/normalize.js';
import { entriesSource, rollUp, sampledDistinctShare, sampledTupleBound, upMapper } from '../../src/search/cells.js';
import { createChecker } from '../../src/search/checker.js';
import { groupClasses } from '../../src/search/generalize.js';
import { Lattice } from '../../src/search/lattice.js';
import { sameLoss } from '../../src/search/result.js';
import { suppressionAt, violatingAt } from '../../src/search/suppress.js';
import { search } from '../../src/search/search.js';
import { explain } from '../../src/plan/plan.js';
import { mulberry32, type RawTable } from './brute.js';
import { createEncoder } from '../../src/search/encode.js';
import type { EncodedTable } from '../../src/search/types.js';
import { encodeRaw, METRICS, randomHierarchy, randomTable, SENSITIVE_CONFIGS } from './random-tables.js';

function encodeWeighted(t: RawTable, rnd: () => number): EncodedTable {
  const enc = createEncoder({
    file: 't.csv',
    quasi: t.qi.map((hierarchy, j) => ({ name: `q${j}`, hierarchy })),
    sensitive: [{ name: 's', hierarchy: t.sHierarchy!, order: 'lexical' }],
  });
  t.rows.forEach((r, i) => {
    enc.add(r, [t.sens[i]!], i + 2, 1 + Math.floor(rnd() * 3));
  });
  return enc.finish();
}

const CONFIGS: RawPrivacy[] = [{ k: 3, suppressionLimit: 0.05 }, { k: 2 }, ...SENSITIVE_CONFIGS];

test('every node checks alike from the entries as they are and from the entries grouped at level 0', () => {
  let nodes = 0,
    feasible = 0,
    small = 0;
  for (let seed = 1; seed <= 8; seed++) {
    const t = randomTable(seed, seed % 2 === 0);
    // odd seeds: a frequency set (entries standing for 1–3 records each)
    const enc = seed % 2 === 0 ? encodeRaw(t) : encodeWeighted(t, mulberry32(seed + 100));
    const raw = { ...CONFIGS[seed % CONFIGS.length]!, metric: METRICS[seed % METRICS.length]! } as RawPrivacy;
    const p = normalizePrivacy(raw, ['s'], ['s']);
    const lat = new Lattice(enc.quasi.map((q) => q.levels));
    const a = createChecker(enc, p, lat, undefined, { bottom: 'grouped' });
    const b = createChecker(enc, p, lat, undefined, { bottom: 'entries' });
    // a seeded order, so that both checkers' caches and meets are built along the same path
    const order = Array.from({ length: lat.total }, (_, i) => i);
    const rnd = mulberry32(seed);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const idx of order) {
      const x = a.check(lat.decode(idx, new Int32Array(enc.quasi.length)), idx);
      const y = b.check(lat.decode(idx, new Int32Array(enc.quasi.length)), idx);
      const where = `seed ${seed}, node ${x.levels.join(',')}`;
      assert.is(y.feasible, x.feasible, where);
      assert.is(y.small, x.small, where);
      assert.is(y.classCount, x.classCount, where);
      if (!x.small) assert.is(y.suppressedRows, x.suppressedRows, where);
      if (x.feasible) assert.ok(sameLoss(x.loss, y.loss), `${where}: loss ${x.loss} vs ${y.loss}`);
      nodes++;
      if (x.feasible) feasible++;
      if (x.small) small++;
    }
    a.release();
    b.release();
  }
  assert.ok(nodes > 200 && feasible > 20 && small > 20, `nodes ${nodes}, feasible ${feasible}, small ${small}`);
});

test('the sampled distinct share: 1 for unique tuples, low for repeated ones, the same every time', () => {
  const rnd = mulberry32(3);
  const n = 150_000;
  const qi = [randomHierarchy(rnd, 'u', 20_000), randomHierarchy(rnd, 'w', 10)];
  const raw = (value: (r: number) => string[]) => ({
    qi,
    rows: Array.from({ length: n }, (_, r) => value(r)),
    sens: Array.from({ length: n }, () => 's0'),
    sValues: ['s0'],
    sHierarchy: randomHierarchy(rnd, 's', 2),
  });
  const unique = encodeRaw(raw((r) => [`u${r % 20_000}`, `w${Math.floor(r / 20_000)}`]));
  assert.is(sampledDistinctShare(unique), 1);
  const repeated = encodeRaw(raw((r) => [`u${r % 300}`, `w${r % 7}`]));
  const s = sampledDistinctShare(repeated);
  assert.ok(s > 0 && s < 0.1, String(s));
  assert.is(sampledDistinctShare(repeated), s);
});

test("a meet's sampled size bound: n for unique tuples, about n/f for tuples of f entries each, 0 below the sample; near the roll-up's true size", () => {
  const rnd = mulberry32(5);
  const n = 150_000;
  const qi = [randomHierarchy(rnd, 'u', 40_000), randomHierarchy(rnd, 'w', 10)];
  const raw = (rows: number, value: (r: number) => string[]) => ({
    qi,
    rows: Array.from({ length: rows }, (_, r) => value(r)),
    sens: Array.from({ length: rows }, () => 's0'),
    sValues: ['s0'],
    sHierarchy: randomHierarchy(rnd, 's', 2),
  });
  const zero = new Int32Array(2);
  const unique = encodeRaw(raw(n, (r) => [`u${r % 37_500}`, `w${Math.floor(r / 37_500)}`]));
  assert.is(sampledTupleBound(unique, entriesSource(unique, []), zero, upMapper(unique)), n);
  // Each tuple 4 times, the copies far apart (the sample is evenly spaced).
  const four = encodeRaw(raw(n, (r) => [`u${r % 37_500}`, 'w0']));
  const b4 = sampledTupleBound(four, entriesSource(four, []), zero, upMapper(four));
  assert.ok(b4 > 0.85 * 37_500 && b4 < 1.15 * 37_500, String(b4));
  const small = encodeRaw(raw(100_000, (r) => [`u${r % 37_500}`, 'w0']));
  assert.is(sampledTupleBound(small, entriesSource(small, []), zero, upMapper(small)), 0);
  // Random tuples, at each level pair: within sampling noise of the true size or below it.
  const mixed = encodeRaw(raw(n, () => [`u${Math.floor(rnd() ** 3 * 40_000)}`, `w${Math.floor(rnd() * 10)}`]));
  const src = entriesSource(mixed, []);
  const up = upMapper(mixed);
  for (let a = 0; a < mixed.quasi[0]!.levels; a++)
    for (let b = 0; b < mixed.quasi[1]!.levels; b++) {
      const lv = Int32Array.of(a, b);
      const est = sampledTupleBound(mixed, src, lv, up);
      const real = rollUp(mixed, src, lv, up).size;
      assert.ok(est <= 1.1 * real + 50, `levels ${a},${b}: estimate ${est.toFixed(0)}, real ${real}`);
      assert.is(sampledTupleBound(mixed, src, lv, up), est);
    }
});

test('suppressionAt: released classes equal groupClasses of its suppressed rows; violatingAt equals its counts', () => {
  let meets = 0;
  for (let seed = 11; seed <= 20; seed++) {
    const t = randomTable(seed, seed % 2 === 1);
    const enc = encodeRaw(t);
    const p = normalizePrivacy(CONFIGS[seed % CONFIGS.length]!, ['s'], ['s']);
    const lat = new Lattice(enc.quasi.map((q) => q.levels));
    const rnd = mulberry32(seed);
    const nodes = Array.from({ length: 1 + Math.floor(rnd() * 5) }, () => {
      const lv = lat.decode(Math.floor(rnd() * lat.total), new Int32Array(enc.quasi.length));
      return Array.from(lv);
    });
    if (nodes.length >= 3) meets++;
    for (const lv of nodes) {
      const s = suppressionAt(enc, lv, p);
      const g = groupClasses(enc, lv, s.suppressedCount ? s.suppressed : undefined);
      assert.equal(Array.from(s.classes.classOf), Array.from(g.classOf), `seed ${seed} ${lv}`);
      assert.equal(Array.from(s.classes.sizes), Array.from(g.sizes), `seed ${seed} ${lv}`);
      assert.is(s.classes.sizes.length, s.classCount);
    }
    assert.equal(
      violatingAt(enc, nodes, p),
      nodes.map((lv) => suppressionAt(enc, lv, p).suppressedCount),
      `seed ${seed}`,
    );
  }
  assert.ok(meets >= 2, `${meets} cases through a meet`);
});

test("the search's judged counts equal violatingAt's, and explanations read from them equal explanations rolled up anew", () => {
  let used = 0,
    judgedNodes = 0;
  for (let seed = 21; seed <= 34; seed++) {
    const t = randomTable(seed, seed % 2 === 0);
    const enc = seed % 3 === 0 ? encodeWeighted(t, mulberry32(seed + 7)) : encodeRaw(t);
    const p = normalizePrivacy(CONFIGS[seed % CONFIGS.length]!, ['s'], ['s']);
    let r: ReturnType<typeof search>;
    try {
      r = search(enc, p);
    } catch {
      continue; // unsatisfiable: nothing to explain
    }
    if (!r.found || r.judged === undefined) continue;
    const nodes = [...r.judged.keys()].map((k) => k.split(',').map(Number));
    judgedNodes += nodes.length;
    assert.equal([...r.judged.values()], violatingAt(enc, nodes, p), `seed ${seed}`);
    const lower = r.levels.flatMap((l, j) => (l === 0 ? [] : [r.levels.map((x, i) => (i === j ? x - 1 : x)).join(',')]));
    used += lower.filter((k) => r.judged!.has(k)).length;
    assert.equal(explain(enc, r.levels, p, r.judged), explain(enc, r.levels, p), `seed ${seed}`);
  }
  assert.ok(judgedNodes >= 20, `${judgedNodes} judged nodes`);
  assert.ok(used >= 3, `${used} explanations read from the search`);
});

test.run();
