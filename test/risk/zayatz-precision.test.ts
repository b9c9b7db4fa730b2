// Issue 11 item 18: Zayatz's estimator computed stably. References are exact rational
// arithmetic with BigInt: from the binomials themselves on small and medium populations, and
// on Adult's class sizes with the US population (N ≈ 3.2·10⁸) from the exact product
// h(1;N,K,n)/h(1;N,1,n) = K·Π_{j<K}(N−n+1−j)/(N−j) (an identity the binomial cases confirm).
// The log-gamma form was 4.5e-7 relative off there; the bar is 1e-12.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { zayatz } from '../../src/risk/estimators/zayatz.js';
import { frequencyOfFrequencies, type FreqOfFreq } from '../../src/risk/estimators/types.js';
import { adultRows } from '../search/adult-helpers.js';

function choose(a: bigint, b: bigint): bigint {
  if (b < 0n || b > a) return 0n;
  if (b > a - b) b = a - b;
  let r = 1n;
  for (let i = 1n; i <= b; i++) r = (r * (a - b + i)) / i; // exact: r·(a−b+i)/i is C(a−b+i, i)
  return r;
}

/** num/den → double, correctly rounded enough for a 1e-15 comparison. */
function toNumber(num: bigint, den: bigint): number {
  const scale = 10n ** 40n;
  return Number((num * scale) / den) / 1e40;
}

/** Exact uniques estimate (c1 · P(pu|su) · N/n) from binomials: a rational num/den. */
function exactFromBinomials(freq: FreqOfFreq, N: number): number {
  const n = freq.reduce((a, [s, c]) => a + s * c, 0);
  const c1 = BigInt(freq.find(([s]) => s === 1)![1]);
  const bN = BigInt(N),
    bn = BigInt(n);
  // h(1;N,K,n)·C(N,n) = K·C(N−K, n−1): the common C(N,n) cancels in the ratio
  const h = (K: number) => BigInt(K) * choose(bN - BigInt(K), bn - 1n);
  let denom = 0n;
  for (const [s, c] of freq) denom += BigInt(c) * h(s);
  return toNumber(c1 * c1 * h(1) * bN, denom * bn);
}

/** The same from the product form, exact over a common denominator Π_{j<Kmax}(N−j). */
function exactFromProducts(freq: FreqOfFreq, N: number): number {
  const n = freq.reduce((a, [s, c]) => a + s * c, 0);
  const c1 = BigInt(freq.find(([s]) => s === 1)![1]);
  const bN = BigInt(N),
    bn = BigInt(n);
  const kmax = Math.max(...freq.map(([s]) => s));
  let denom = 0n;
  for (const [K, c] of freq) {
    let t = BigInt(c) * BigInt(K);
    for (let j = 1; j < K; j++) t *= bN - bn + 1n - BigInt(j);
    for (let j = K; j < kmax; j++) t *= bN - BigInt(j);
    denom += t;
  }
  let common = 1n;
  for (let j = 1; j < kmax; j++) common *= bN - BigInt(j);
  // cond = c1 / Σ c_i R(i) = c1·common / denom; uniques = c1 · cond · N / n
  return toNumber(c1 * c1 * common * bN, denom * bn);
}

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

test('Zayatz equals the exact binomial computation on small and medium populations', () => {
  const cases: [FreqOfFreq, number][] = [
    [
      [
        [1, 3],
        [2, 1],
      ],
      10,
    ],
    [
      [
        [1, 20],
        [2, 8],
        [3, 4],
        [4, 2],
        [7, 1],
      ],
      200,
    ],
    [
      [
        [1, 300],
        [2, 120],
        [3, 60],
        [5, 30],
        [9, 10],
        [20, 3],
        [41, 1],
      ],
      5000,
    ],
  ];
  for (const [freq, N] of cases) {
    const n = freq.reduce((a, [s, c]) => a + s * c, 0);
    const e = zayatz({ freq, sampleSize: n, populationSize: N });
    const want = exactFromBinomials(freq, N);
    assert.ok(rel(e.uniques!, want) < 1e-13, `N=${N}: ${e.uniques} vs ${want} (${rel(e.uniques!, want)})`);
    assert.ok(rel(exactFromProducts(freq, N), want) < 1e-15, 'the product identity');
  }
});

test('Zayatz on Adult with the US population: relative error below 1e-12 of the exact value', () => {
  const { rows } = adultRows();
  const sizes = new Map<string, number>();
  for (const r of rows) {
    const k = r.join(';');
    sizes.set(k, (sizes.get(k) ?? 0) + 1);
  }
  const freq = frequencyOfFrequencies([...sizes.values()]);
  const N = 316_128_839;
  const e = zayatz({ freq, sampleSize: rows.length, populationSize: N });
  const want = exactFromProducts(freq, N);
  assert.ok(rel(e.uniques!, want) < 1e-12, `${e.uniques} vs ${want}: ${rel(e.uniques!, want)}`);
});

test.run();
