// The sparse per-class measures (issue 12) against dense reference formulas written here from
// the papers' definitions (Machanavajjhala et al. 2007; Li, Li & Venkatasubramanian 2007):
// random globals and classes, views at an offset inside larger buffers.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { distinctL, emdEqual, entropyL, isRecursiveCL, prepareEmdHierarchical, prepareEmdOrdered, type ClassHist } from '../../src/privacy/measures.js';
import { mulberry32 } from '../../src/prng.js';

const close = (a: number, b: number, label: string) => assert.ok(Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b)), `${label}: ${a} vs ${b}`);

/** A view of dense counts placed at an offset inside larger buffers filled with junk. */
function view(dense: number[], rnd: () => number): ClassHist {
  const pad = Math.floor(rnd() * 5);
  const codes: number[] = [],
    counts: number[] = [];
  dense.forEach((c, v) => {
    if (c > 0) {
      codes.push(v);
      counts.push(c);
    }
  });
  const junk = () => Math.floor(rnd() * 1000) + 1;
  const C = Int32Array.from([...Array.from({ length: pad }, junk), ...codes, junk()]);
  const N = Float64Array.from([...Array.from({ length: pad }, junk), ...counts, junk()]);
  return { codes: C, counts: N, start: pad, end: pad + codes.length };
}

function randomGlobal(m: number, rnd: () => number): number[] {
  const w = Array.from({ length: m }, () => (rnd() < 0.3 ? 0 : rnd()));
  w[Math.floor(rnd() * m)] = 1;
  const s = w.reduce((a, b) => a + b, 0);
  return w.map((x) => x / s);
}

function randomClass(m: number, rnd: () => number): number[] {
  const d = new Array<number>(m).fill(0);
  const present = 1 + Math.floor(rnd() * Math.min(m, 6));
  for (let i = 0; i < present; i++) d[Math.floor(rnd() * m)]! += 1 + Math.floor(rnd() * 4);
  return d;
}

// Dense references
const refEqual = (c: number[], q: number[]) => {
  const n = c.reduce((a, b) => a + b, 0);
  return q.reduce((a, qi, i) => a + Math.abs(c[i]! / n - qi), 0) / 2;
};
const refOrdered = (c: number[], q: number[]) => {
  const n = c.reduce((a, b) => a + b, 0),
    m = q.length;
  if (m <= 1) return 0;
  // EMD between distributions on a line: Σ |F_p − F_q| over the m−1 gaps, each gap 1/(m−1)
  let fp = 0,
    fq = 0,
    d = 0;
  for (let i = 0; i < m - 1; i++) {
    fp += c[i]! / n;
    fq += q[i]!;
    d += Math.abs(fp - fq);
  }
  return d / (m - 1);
};
/** Hierarchical EMD as a min-cost flow over a tree: each node moves min(surplus, deficit) of
 *  its children's imbalances across itself at cost height/H; computed top-down by recursion. */
const refHier = (c: number[], q: number[], parentOf: (leaf: number, L: number) => number, H: number) => {
  const n = c.reduce((a, b) => a + b, 0);
  let d = 0;
  for (let L = 1; L <= H; L++) {
    const nodes = new Set(q.map((_, i) => parentOf(i, L)));
    for (const N of nodes) {
      const kids = new Map<number, number>();
      q.forEach((qi, i) => {
        if (parentOf(i, L) === N) {
          const k = parentOf(i, L - 1);
          kids.set(k, (kids.get(k) ?? 0) + c[i]! / n - qi);
        }
      });
      let pos = 0,
        neg = 0;
      for (const e of kids.values())
        if (e > 0) pos += e;
        else neg -= e;
      d += (L / H) * Math.min(pos, neg);
    }
  }
  return d;
};

test('sparse l-diversity measures equal the dense definitions', () => {
  const rnd = mulberry32(7);
  for (let it = 0; it < 500; it++) {
    const m = 1 + Math.floor(rnd() * 30);
    const c = randomClass(m, rnd),
      h = view(c, rnd);
    const present = c.filter((x) => x > 0);
    const n = present.reduce((a, b) => a + b, 0);
    assert.is(distinctL(h), present.length);
    close(entropyL(h), Math.exp(-present.reduce((a, x) => a + (x / n) * Math.log(x / n), 0)), 'entropy');
    const r = [...present].sort((a, b) => b - a);
    for (const l of [1, 2, 3])
      for (const cc of [0.5, 1, 2, 3]) {
        const want = r.length >= l && r[0]! < cc * r.slice(l - 1).reduce((a, b) => a + b, 0);
        assert.is(isRecursiveCL(h, cc, l), want, `recursive c=${cc} l=${l} [${r}]`);
      }
  }
});

test('sparse equal and ordered EMD (prefix sums + binary search) equal the dense sums', () => {
  const rnd = mulberry32(11);
  for (let it = 0; it < 800; it++) {
    const m = 1 + Math.floor(rnd() * (it < 400 ? 12 : 300));
    const q = randomGlobal(m, rnd),
      c = randomClass(m, rnd),
      h = view(c, rnd);
    close(emdEqual(h, q), refEqual(c, q), `equal m=${m}`);
    close(prepareEmdOrdered(q)(h), refOrdered(c, q), `ordered m=${m}`);
  }
  // Li et al. 2007's salary example: Q uniform over 9 values, P = {3k, 4k, 5k} → 0.375
  const u = new Array(9).fill(1 / 9);
  close(prepareEmdOrdered(u)({ codes: Int32Array.from([0, 1, 2]), counts: Float64Array.from([1, 1, 1]), start: 0, end: 3 }), 0.375, 'salary');
});

test('sparse hierarchical EMD over the present values\u2019 ancestors equals the full-tree computation', () => {
  const rnd = mulberry32(5);
  for (let it = 0; it < 400; it++) {
    const m = 2 + Math.floor(rnd() * 40);
    const H = 1 + Math.floor(rnd() * 3);
    // random tree: level L groups level L−1 nodes by dividing by a fan-out; top level is the root
    const fan = Array.from({ length: H }, () => 2 + Math.floor(rnd() * 3));
    const parentOf = (leaf: number, L: number): number => {
      if (L === H) return 0;
      let x = leaf;
      for (let i = 0; i < L; i++) x = Math.floor(x / fan[i]!);
      return x;
    };
    const genMap = Array.from({ length: H + 1 }, (_, L) => Int32Array.from({ length: m }, (_, i) => parentOf(i, L)));
    const q = randomGlobal(m, rnd),
      c = randomClass(m, rnd);
    const emd = prepareEmdHierarchical(genMap, q);
    close(emd(view(c, rnd)), refHier(c, q, parentOf, H), `hier m=${m} H=${H}`);
    close(emd(view(c, rnd)), refHier(c, q, parentOf, H), 'reuse of the prepared closure');
  }
});

test('ordered EMD on 200,000 values costs what the class holds', () => {
  const m = 200_000;
  const q = new Float64Array(m).fill(1 / m);
  const emd = prepareEmdOrdered(q);
  const h: ClassHist = { codes: Int32Array.from([5, 150_000]), counts: Float64Array.from([1, 1]), start: 0, end: 2 };
  const t0 = performance.now();
  let d = 0;
  for (let i = 0; i < 100_000; i++) d = emd(h);
  const ms = performance.now() - t0;
  const dense = new Array<number>(m).fill(0);
  dense[5] = 1;
  dense[150_000] = 1;
  close(d, refOrdered(dense, Array.from(q)), 'value');
  assert.ok(ms < 2000, `100,000 classes took ${ms.toFixed(0)} ms`);
});

test.run();
