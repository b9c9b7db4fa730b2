// Zayatz (1991), "Estimation of the number of unique population elements using a sample",
// Proc. Survey Research Methods Section, ASA, 369–373. As implemented in ARX
// (arx-deidentifier/arx, risk/ModelZayatz.java): the probability that a sample unique is a
// population unique is
//   P(pop-unique | sample-unique) = (c1/u)·h(1; N, 1, n) / Σ_i (c_i/u)·h(1; N, i, n)
// where h(1; N, K, n) is the hypergeometric probability of drawing exactly one of K marked
// elements in n draws from N, and the sample's class sizes stand in for the population's.
// Estimated population uniques = c1 · P(pop-unique | sample-unique) / f, with f = n/N.
//
// Computed stably (issue 11 item 18): the binomials cancel. With R(K) = h(1;N,K,n)/h(1;N,1,n)
//   R(K) = K · C(N−K, n−1)/C(N−1, n−1) = K · Π_{j=1}^{K−1} (1 − (n−1)/(N−j)),
// so P(pop-unique | sample-unique) = c1 / Σ_i c_i·R(i). The product is accumulated in log space
// with log1p (each factor is within one ulp), over the sizes in ascending order (one recurrence
// step per size), and the sums are compensated (Kahan). The previous form, differences of
// log-gamma values near ln N! ≈ 5·10⁹ for the US population, kept only about 7 digits.
import { estimate, noSolution, sizeOf, type EstimatorInput, type UniquenessEstimate } from './types.js';

/** Kahan–Babuška (Neumaier) compensated sum. */
class Sum {
  private s = 0;
  private c = 0;
  add(x: number): void {
    const t = this.s + x;
    this.c += Math.abs(this.s) >= Math.abs(x) ? this.s - t + x : x - t + this.s;
    this.s = t;
  }
  get value(): number {
    return this.s + this.c;
  }
}

/** ln R(K) for each K of `sizes` (any order, ≥ 1); −Infinity when the draw is impossible. */
export function logRatios(N: number, n: number, sizes: readonly number[]): number[] {
  const asc = [...new Set(sizes)].sort((a, b) => a - b);
  const at = new Map<number, number>();
  const acc = new Sum();
  let j = 1; // next factor index: acc = Σ_{i<j} ln(1 − (n−1)/(N−i))
  let impossible = false;
  for (const K of asc) {
    for (; j < K && !impossible; j++) {
      const rest = N - n + 1 - j; // numerator of the factor (N−j−(n−1))
      if (rest <= 0) {
        impossible = true;
        break;
      }
      acc.add(Math.log1p(-(n - 1) / (N - j)));
    }
    at.set(K, impossible ? -Infinity : Math.log(K) + acc.value);
  }
  return sizes.map((K) => at.get(K)!);
}

/** h(1; N, K, n) = K · C(N−K, n−1) / C(N, n); 0 when the draw is impossible. */
export function hypergeometricOne(N: number, K: number, n: number): number {
  if (K < 1 || n < 1 || N - K < n - 1) return 0;
  // h(1; N, 1, n) = n/N, times R(K)
  return (n / N) * Math.exp(logRatios(N, n, [K])[0]!);
}

export function zayatz(input: EstimatorInput): UniquenessEstimate {
  const { freq, populationSize: N } = input;
  const { n, c1 } = sizeOf(freq);
  if (c1 === 0) return estimate('zayatz', 0, N);
  if (n === 0 || N < n) return noSolution('zayatz');
  const f = n / N;
  const logR = logRatios(
    N,
    n,
    freq.map(([size]) => size),
  );
  const denom = new Sum();
  freq.forEach(([, classes], i) => {
    denom.add(classes * Math.exp(logR[i]!));
  });
  const cond = c1 / denom.value;
  return estimate('zayatz', (c1 * cond) / f, N, { conditionalUniqueness: cond });
}
