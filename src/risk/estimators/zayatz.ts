// Zayatz (1991), "Estimation of the number of unique population elements using a sample",
// Proc. Survey Research Methods Section, ASA, 369–373. As implemented in ARX
// (arx-deidentifier/arx, risk/ModelZayatz.java): the probability that a sample unique is a
// population unique is
//   P(pop-unique | sample-unique) = (c1/u)·h(1; N, 1, n) / Σ_i (c_i/u)·h(1; N, i, n)
// where h(1; N, K, n) is the hypergeometric probability of drawing exactly one of K marked
// elements in n draws from N, and the sample's class sizes stand in for the population's.
// Estimated population uniques = c1 · P(pop-unique | sample-unique) / f, with f = n/N.
import { logGamma } from './special.js';
import { estimate, noSolution, sizeOf, type EstimatorInput, type UniquenessEstimate } from './types.js';

/** ln C(a, b) */
function logChoose(a: number, b: number): number {
  return logGamma(a + 1) - logGamma(b + 1) - logGamma(a - b + 1);
}

/** h(1; N, K, n) = K · C(N−K, n−1) / C(N, n); 0 when the draw is impossible. */
export function hypergeometricOne(N: number, K: number, n: number): number {
  if (K < 1 || n < 1 || N - K < n - 1) return 0;
  return K * Math.exp(logChoose(N - K, n - 1) - logChoose(N, n));
}

export function zayatz(input: EstimatorInput): UniquenessEstimate {
  const { freq, populationSize: N } = input;
  const { n, u, c1 } = sizeOf(freq);
  if (c1 === 0) return estimate('zayatz', 0, N);
  if (n === 0 || N < n) return noSolution('zayatz');
  const f = n / N;
  let denom = 0;
  for (const [size, classes] of freq) denom += (classes / u) * hypergeometricOne(N, size, n);
  const cond = ((c1 / u) * hypergeometricOne(N, 1, n)) / denom;
  return estimate('zayatz', (c1 * cond) / f, N, { conditionalUniqueness: cond });
}
