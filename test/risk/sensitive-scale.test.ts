// Issue 12: the report's per-class sensitive measures are sized by the (class, value) pairs
// present, reserve their memory on the run's budget (RESOURCE_LIMIT past it), and a
// 1M-class × 100k-value column is measured within 512 MiB. The old classes × values table
// threw `RangeError: Invalid typed array length` here (10⁶ × 10⁵ slots).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { KanonError } from '../../src/errors.js';
import { distinctL, emdEqual, entropyL, prepareEmdHierarchical, prepareEmdOrdered } from '../../src/privacy/measures.js';
import { mulberry32 } from '../../src/prng.js';
import { createBudget } from '../../src/resources.js';
import { forEachClassHist, sensitiveMeasures } from '../../src/risk/sensitive.js';

const ROWS = 1_000_000,
  VALUES = 100_000;
const rnd = mulberry32(12);
// income-like codes: skewed over 100k ordered values, both ends present
const codes = new Int32Array(ROWS);
for (let r = 0; r < ROWS; r++) codes[r] = Math.min(VALUES - 1, Math.floor(VALUES * Math.pow(rnd(), 1.7)));
codes[0] = 0;
codes[1] = VALUES - 1;
const global = new Float64Array(VALUES);
for (let r = 0; r < ROWS; r++) global[codes[r]!]! += 1 / ROWS;

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof KanonError) return e.code;
    throw e;
  }
  return 'none';
}

test('a budget too small for the per-class sensitive structures stops with RESOURCE_LIMIT naming them', () => {
  const n = 50_000;
  const classOf = Int32Array.from({ length: n }, (_, r) => r % 20_000);
  const small = createBudget(256 * 1024);
  let err: unknown;
  try {
    sensitiveMeasures({ column: 'income', classOf, codes, numClasses: 20_000, numValues: VALUES, budget: small });
  } catch (e) {
    err = e;
  }
  assert.instance(err, KanonError);
  assert.is((err as KanonError).code, 'RESOURCE_LIMIT');
  assert.match((err as KanonError).message, /per-class sensitive/);
  assert.is(small.reserved, 0);
  // the same input within a budget that fits: computed, and the reservation given back
  const fits = createBudget(8 * 1024 * 1024);
  fits.reserve('something held before', 4 * 1024 * 1024);
  const m = sensitiveMeasures({ column: 'income', classOf, codes, numClasses: 20_000, numValues: VALUES, budget: fits });
  assert.ok(m.distinctL >= 1);
  assert.is(fits.reserved, 4 * 1024 * 1024);
  // …but not on top of more than the budget leaves
  fits.reserve('more held', 3.5 * 1024 * 1024);
  assert.is(
    code(() => sensitiveMeasures({ column: 'income', classOf, codes, numClasses: 20_000, numValues: VALUES, budget: fits })),
    'RESOURCE_LIMIT',
  );
});

test('1M classes × 100k values: measured within a 512 MiB budget, equal to an independent computation', () => {
  const t0 = performance.now();
  const budget = createBudget(512 * 1024 * 1024);
  const singletons = Int32Array.from({ length: ROWS }, (_, r) => r);
  const ordered = sensitiveMeasures({ column: 'income', classOf: singletons, codes, numClasses: ROWS, numValues: VALUES, distance: 'ordered', global, budget });
  const equal = sensitiveMeasures({ column: 'income', classOf: singletons, codes, numClasses: ROWS, numValues: VALUES, global, budget });
  assert.is(budget.reserved, 0);
  // Independent: a one-row class is a point mass at its value v. Ordered EMD of δ_v against q:
  // (1/(m−1)) (Σ_{i<v} F(i) + Σ_{v≤i<m−1} (1 − F(i))), F the cumulative of q; equal EMD: 1 − q_v.
  const F = new Float64Array(VALUES);
  let c = 0;
  for (let i = 0; i < VALUES; i++) {
    c += global[i]!;
    F[i] = c;
  }
  const below = new Float64Array(VALUES + 1),
    above = new Float64Array(VALUES + 1);
  for (let i = 0; i < VALUES - 1; i++) below[i + 1] = below[i]! + F[i]!;
  for (let i = VALUES - 2; i >= 0; i--) above[i] = above[i + 1]! + (1 - F[i]!);
  let tOrd = 0,
    tEq = 0;
  for (let v = 0; v < VALUES; v++) {
    if (global[v] === 0) continue;
    tOrd = Math.max(tOrd, (below[Math.min(v, VALUES - 1)]! + above[v]!) / (VALUES - 1));
    tEq = Math.max(tEq, 1 - global[v]!);
  }
  assert.ok(Math.abs(ordered.t - tOrd) < 1e-9, `ordered t ${ordered.t} vs ${tOrd}`);
  assert.ok(Math.abs(equal.t - tEq) < 1e-12, `equal t ${equal.t} vs ${tEq}`);
  assert.is(ordered.distinctL, 1);
  assert.is(ordered.entropyL, 1);
  assert.is(ordered.distance, 'ordered');

  // Classes of 2–3 rows (400k of them): every class's view against direct counting, the
  // ordered EMD of a sample against the dense definition, min distinct/entropy l independently.
  const K = 400_000;
  const classOf = Int32Array.from({ length: ROWS }, (_, r) => (r * 7919) % K);
  const rowsOf: number[][] = Array.from({ length: K }, () => []);
  for (let r = 0; r < ROWS; r++) rowsOf[classOf[r]!]!.push(r);
  let minDistinct = Infinity,
    minEntropy = Infinity,
    seen = 0,
    bad = 0;
  const sample = new Set(Array.from({ length: 200 }, () => Math.floor(rnd() * K)));
  const sampledEmd = new Map<number, number>();
  const emd = prepareEmdOrdered(global);
  forEachClassHist(
    classOf,
    codes,
    K,
    VALUES,
    (k, view) => {
      seen++;
      const counts = new Map<number, number>();
      for (const r of rowsOf[k]!) counts.set(codes[r]!, (counts.get(codes[r]!) ?? 0) + 1);
      const want = [...counts.entries()].sort((a, b) => a[0] - b[0]);
      if (view.end - view.start !== want.length || want.some(([v, n], i) => view.codes[view.start + i] !== v || view.counts[view.start + i] !== n)) bad++;
      const size = rowsOf[k]!.length;
      minDistinct = Math.min(minDistinct, want.length);
      minEntropy = Math.min(minEntropy, Math.exp(-want.reduce((a, [, n]) => a + (n / size) * Math.log(n / size), 0)));
      if (sample.has(k)) {
        // dense definition: Σ over the m−1 gaps of |cumulative class − cumulative global|
        let fp = 0,
          d = 0;
        for (let i = 0; i < VALUES - 1; i++) {
          fp += (counts.get(i) ?? 0) / size;
          d += Math.abs(fp - F[i]!);
        }
        sampledEmd.set(k, d / (VALUES - 1));
        if (Math.abs(emd(view) - d / (VALUES - 1)) > 1e-12) bad++;
      }
    },
    budget,
  );
  assert.is(seen, K);
  assert.is(bad, 0, 'views equal direct counts, sampled EMDs the dense definition');
  const m = sensitiveMeasures({ column: 'income', classOf, codes, numClasses: K, numValues: VALUES, distance: 'ordered', global, budget });
  assert.is(m.distinctL, minDistinct);
  assert.ok(Math.abs(m.entropyL - minEntropy) < 1e-12);
  let maxSampled = 0;
  for (const d of sampledEmd.values()) maxSampled = Math.max(maxSampled, d);
  assert.ok(sampledEmd.size > 150 && m.t >= maxSampled - 1e-12, `t ${m.t} below a sampled class's ${maxSampled}`);
  const ms = performance.now() - t0;
  assert.ok(ms < 20_000, `took ${ms.toFixed(0)} ms`);
});

test('class views list each class value once, ascending, with its count (classes of 1 to 40 rows, either side of the in-place sort)', () => {
  const r = mulberry32(5);
  const sizes = Array.from({ length: 3000 }, () => 1 + Math.floor(r() * 40));
  const rows: number[] = [];
  sizes.forEach((n, c) => {
    for (let i = 0; i < n; i++) rows.push(c);
  });
  // rows of a class scattered through the table
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [rows[i], rows[j]] = [rows[j]!, rows[i]!];
  }
  const classOf = Int32Array.from(rows);
  const codes = Int32Array.from(rows, () => Math.floor(r() * 30));
  const want = sizes.map(() => new Map<number, number>());
  for (let i = 0; i < rows.length; i++) want[classOf[i]!]!.set(codes[i]!, (want[classOf[i]!]!.get(codes[i]!) ?? 0) + 1);
  let seen = 0;
  forEachClassHist(classOf, codes, sizes.length, 30, (c, view) => {
    seen++;
    const got = Array.from({ length: view.end - view.start }, (_, i) => [view.codes[view.start + i]!, view.counts[view.start + i]!]);
    assert.equal(
      got,
      [...want[c]!.entries()].sort((a, b) => a[0] - b[0]),
      `class ${c}`,
    );
  });
  assert.is(seen, sizes.length);
  // with `single`: one-entry classes reported by value (once each), the others visited as above
  const singles: number[] = [];
  let multi = 0;
  forEachClassHist(
    classOf,
    codes,
    sizes.length,
    30,
    (c, view) => {
      multi++;
      assert.ok(sizes[c]! > 1, `class ${c} of one entry visited`);
      const got = Array.from({ length: view.end - view.start }, (_, i) => [view.codes[view.start + i]!, view.counts[view.start + i]!]);
      assert.equal(
        got,
        [...want[c]!.entries()].sort((a, b) => a[0] - b[0]),
        `class ${c}`,
      );
    },
    undefined,
    null,
    { single: (v) => singles.push(v) },
  );
  assert.is(multi, sizes.filter((n) => n > 1).length);
  const wantSingles = [...new Set(sizes.flatMap((n, c) => (n === 1 ? [...want[c]!.keys()] : [])))].sort((a, b) => a - b);
  assert.equal(
    [...singles].sort((a, b) => a - b),
    wantSingles,
  );
});

test('classes of one entry measured once per value give the same bits as visiting every class (weights, three distances)', () => {
  const r = mulberry32(8);
  const V = 40;
  for (const weighted of [false, true]) {
    // mostly one-entry classes, some larger, some suppressed rows (−1)
    const classOf: number[] = [];
    let c = 0;
    for (let i = 0; i < 20_000; i++) {
      if (r() < 0.05) classOf.push(-1);
      else if (r() < 0.2 && c > 0) classOf.push(Math.floor(r() * c));
      else classOf.push(c++);
    }
    // class ids in random order (not by first row)
    const perm = Array.from({ length: c }, (_, i) => i);
    for (let i = c - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [perm[i], perm[j]] = [perm[j]!, perm[i]!];
    }
    const cls = Int32Array.from(classOf, (k) => (k < 0 ? k : perm[k]!));
    const codes = Int32Array.from(classOf, () => Math.floor(Math.pow(r(), 2) * V));
    const weight = weighted ? Float64Array.from(classOf, () => 1 + Math.floor(r() * 4)) : null;
    const global = new Float64Array(V);
    let total = 0;
    codes.forEach((v, i) => {
      const w = weight?.[i] ?? 1;
      global[v]! += w;
      total += w;
    });
    global.forEach((x, v) => {
      global[v] = x / total;
    });
    // a two-level tree over the values for the hierarchical distance
    const genMap = [Int32Array.from({ length: V }, (_, v) => v), Int32Array.from({ length: V }, (_, v) => v % 5), new Int32Array(V)];
    const emds = {
      equal: (h: Parameters<typeof emdEqual>[0]) => emdEqual(h, global),
      ordered: prepareEmdOrdered(global),
      hierarchical: prepareEmdHierarchical(genMap, global),
    };
    for (const distance of ['equal', 'ordered', 'hierarchical'] as const) {
      let dl = Infinity,
        el = Infinity,
        t = 0;
      forEachClassHist(
        cls,
        codes,
        c,
        V,
        (_k, view) => {
          dl = Math.min(dl, distinctL(view));
          el = Math.min(el, entropyL(view));
          t = Math.max(t, emds[distance](view));
        },
        undefined,
        weight,
      );
      const m = sensitiveMeasures({ column: 'x', classOf: cls, codes, numClasses: c, numValues: V, distance, global, genMap, weight });
      assert.equal([m.distinctL, m.entropyL, m.t], [dl, el, t], `${distance}, weighted ${weighted}`);
    }
  }
});

test.run();
