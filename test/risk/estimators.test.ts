import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { zayatz } from '../../src/risk/estimators/zayatz.js';
import { pitman } from '../../src/risk/estimators/pitman.js';
import { shlosserK, snb } from '../../src/risk/estimators/snb.js';
import { estimatePopulationUniqueness } from '../../src/risk/estimators/dankar.js';
import { frequencyOfFrequencies } from '../../src/risk/estimators/types.js';

const close = (a: number, b: number, eps = 1e-9) => assert.ok(Math.abs(a - b) <= eps * Math.max(1, Math.abs(b)), `${a} ≠ ${b}`);

// 30 uniques, 10 pairs, 5 triples, 2 classes of 5, 1 of 10: n = 85 records, u = 48 classes
const FREQ = [
  [1, 30],
  [2, 10],
  [3, 5],
  [5, 2],
  [10, 1],
] as const;
const N85 = 85;

/** ln Γ by shifting to x ≥ 30 and Stirling's series (independent of the code under test). */
function lgammaRef(x: number): number {
  let acc = 0;
  while (x < 30) {
    acc -= Math.log(x);
    x += 1;
  }
  return acc + (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * x) - 1 / (360 * x ** 3) + 1 / (1260 * x ** 5);
}

test('frequency of frequencies from class sizes', () => {
  assert.equal(frequencyOfFrequencies([3, 1, 1, 0, 3, 2]), [
    [1, 2],
    [2, 1],
    [3, 2],
  ]);
});

test('Zayatz on a table small enough to do by hand', () => {
  // N = 10, n = 5 (f = 1/2); 3 uniques and 1 pair, u = 4.
  // h(1; 10, 1, 5) = 5/10; h(1; 10, 2, 5) = 2·C(8,4)/C(10,5) = 2·70/252 = 5/9
  // P(pop-unique | sample-unique) = (3/4 · 1/2) / (3/4 · 1/2 + 1/4 · 5/9) = (3/8) / (37/72) = 27/37
  // uniques = 3 · 27/37 / (1/2) = 162/37
  const e = zayatz({
    freq: [
      [1, 3],
      [2, 1],
    ],
    sampleSize: 5,
    populationSize: 10,
  });
  assert.is(e.status, 'ok');
  close(e.uniques!, 162 / 37);
  close(e.share!, 162 / 370);
});

test('Zayatz with the whole population: every sample unique is a population unique', () => {
  const e = zayatz({
    freq: [
      [1, 4],
      [3, 2],
    ],
    sampleSize: 10,
    populationSize: 10,
  });
  close(e.uniques!, 4);
});

test('Shlosser estimate of non-empty population classes, by hand', () => {
  // q = 1/2, f1 = 3, f2 = 1, d = 4
  // Σ i q²(1−q²)^(i−1) f_i = 0.75 + 0.375 = 1.125; Σ (1−q)^i((1+q)^i−1) f_i = 0.75 + 0.3125 = 1.0625
  // Σ (1−q)^i f_i = 1.75; Σ i q (1−q)^(i−1) f_i = 2
  close(
    shlosserK(
      [
        [1, 3],
        [2, 1],
      ],
      0.5,
    ),
    4 + 3 * (1.125 / 1.0625) * (1.75 / 2) ** 2,
  );
});

test('SNB: fitted α, β reproduce the observed uniques and pairs (series summed directly)', () => {
  const N = 170,
    f = N85 / N;
  const e = snb({ freq: FREQ, sampleSize: N85, populationSize: N });
  assert.is(e.status, 'ok');
  const { alpha, beta, K } = e.params as { alpha: number; beta: number; K: number };
  close(K, shlosserK(FREQ, f));
  // E[c_s] = K Σ_j P(F=j) · C(j,s) f^s (1−f)^(j−s), P(F=1) = β^α, P(F=j+1)/P(F=j) = (j+α−1)/j·(1−β)
  let p = beta ** alpha,
    e1 = 0,
    e2 = 0;
  for (let j = 1; j < 20000; j++) {
    e1 += p * j * f * (1 - f) ** (j - 1);
    if (j >= 2) e2 += p * ((j * (j - 1)) / 2) * f * f * (1 - f) ** (j - 2);
    p *= ((j + alpha - 1) / j) * (1 - beta);
  }
  close(K * e1, 30, 1e-7);
  close(K * e2, 10, 1e-7);
  close(e.uniques!, K * beta ** alpha);
});

test('SNB without classes of size 2 has no solution', () => {
  assert.is(
    snb({
      freq: [
        [1, 5],
        [3, 1],
      ],
      sampleSize: 8,
      populationSize: 80,
    }).status,
    'no-solution',
  );
});

test('Pitman: fitted θ, α solve the likelihood equations (sums spelled out)', () => {
  const N = 1700;
  const e = pitman({ freq: FREQ, sampleSize: N85, populationSize: N });
  assert.is(e.status, 'ok');
  const { theta: t, alpha: a } = e.params as { theta: number; alpha: number };
  assert.ok(a > 0 && a < 1 && t > -a);
  let lhs1 = 0,
    rhs1 = 0,
    lhs2 = 0,
    rhs2 = 0;
  for (let i = 1; i < 48; i++) {
    lhs1 += 1 / (t + i * a);
    lhs2 += i / (t + i * a);
  }
  for (let i = 1; i < N85; i++) rhs1 += 1 / (t + i);
  for (const [size, classes] of FREQ) for (let i = 1; i < size; i++) rhs2 += classes / (i - a);
  close(lhs1, rhs1, 1e-8);
  close(lhs2, rhs2, 1e-8);
  // Hoshino (2001): E[population uniques] ≈ Γ(θ+1)/Γ(θ+α) · N^α
  close(e.uniques!, Math.exp(lgammaRef(t + 1) - lgammaRef(t + a)) * N ** a, 1e-8);
  close(e.share!, e.uniques! / N);
});

test('Pitman has no solution when every record is a unique', () => {
  const e = pitman({ freq: [[1, 20]], sampleSize: 20, populationSize: 1000 });
  assert.is(e.status, 'no-solution');
  assert.is(e.uniques, null);
});

test('no sample uniques: every model estimates 0 population uniques', () => {
  const r = estimatePopulationUniqueness({
    freq: [
      [2, 3],
      [4, 1],
    ],
    sampleSize: 10,
    populationSize: 1000,
  });
  assert.equal(
    r.estimates.map((e) => e.uniques),
    [0, 0, 0],
  );
  assert.is(r.chosen!.uniques, 0);
});

test('Dankar et al. 2012 rule: f ≤ 0.1 → Pitman, else the smaller of Zayatz and SNB', () => {
  const small = estimatePopulationUniqueness({ freq: FREQ, sampleSize: N85, populationSize: 850 });
  close(small.samplingFraction, 0.1);
  assert.is(small.chosen!.model, 'pitman');
  const big = estimatePopulationUniqueness({ freq: FREQ, sampleSize: N85, populationSize: 170 });
  const [, z, s] = big.estimates;
  assert.is(big.chosen!.uniques, Math.min(z!.uniques!, s!.uniques!));
  // Pitman without a solution falls back to Zayatz
  const fallback = estimatePopulationUniqueness({ freq: [[1, 20]], sampleSize: 20, populationSize: 1000 });
  assert.is(fallback.chosen!.model, 'zayatz');
});

test.run();
