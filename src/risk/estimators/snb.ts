// Slide negative binomial (SNB) model: Chen & Keller-McNulty (1998), "Estimation of
// identification disclosure risk in microdata", J. Official Statistics 14(1):79–95.
// Population class sizes F ≥ 1 follow a negative binomial shifted by one,
//   P(F = j) = C(j+α−2, j−1) β^α (1−β)^{j−1},  j = 1, 2, …   (α > 0, 0 < β < 1),
// the sample is a Bernoulli(f) draw from each class, and K is the number of non-empty
// population classes. With d = (1−f)(1−β), the expected numbers of sample classes of size
// 1 and 2 are (derived by summing the binomial-thinned series; they agree with ARX's
// ModelSNB.java for E1):
//   E1 = K f β^α (1−d)^{−α} [1 + α d/(1−d)]
//   E2 = K f² β^α (1−β) (α/2) (1−d)^{−(α+2)} [2 − (1−α) d]
// (ARX multiplies by (1−d)^{α+2} in E2 instead of dividing; its Jacobian divides — we follow
// the derivation.) α, β solve E1 = c1, E2 = c2 (Newton's method, numeric Jacobian, in
// log α / logit β so the iterates stay admissible). Population uniques = K·P(F=1) = K β^α.
// K is estimated with Shlosser's estimator in the form D_Sh3 of Haas, Naughton, Seshadri &
// Stokes (1995), "Sampling-based estimation of the number of distinct values of an attribute"
// (as ARX does; ARX misplaces a parenthesis in the second sum, corrected here).
import { estimate, noSolution, sizeOf, type EstimatorInput, type FreqOfFreq, type UniquenessEstimate } from './types.js';

/** Shlosser's estimate (Haas et al. 1995, D_Sh3) of the number of non-empty population classes. */
export function shlosserK(freq: FreqOfFreq, f: number): number {
  let a = 0,
    b = 0,
    c = 0,
    d = 0,
    u = 0,
    c1 = 0;
  for (const [i, fi] of freq) {
    u += fi;
    if (i === 1) c1 = fi;
    a += i * f * f * Math.pow(1 - f * f, i - 1) * fi;
    b += Math.pow(1 - f, i) * (Math.pow(1 + f, i) - 1) * fi;
    c += Math.pow(1 - f, i) * fi;
    d += i * f * Math.pow(1 - f, i - 1) * fi;
  }
  return u + c1 * (a / b) * (c / d) * (c / d);
}

/** Expected sample classes of size 1 and 2 under the SNB model. */
export function snbExpected(K: number, f: number, alpha: number, beta: number): [number, number] {
  const d = (1 - f) * (1 - beta);
  const ba = Math.pow(beta, alpha);
  const e1 = K * f * ba * Math.pow(1 - d, -alpha) * (1 + (alpha * d) / (1 - d));
  const e2 = K * f * f * ba * (1 - beta) * (alpha / 2) * Math.pow(1 - d, -(alpha + 2)) * (2 - (1 - alpha) * d);
  return [e1, e2];
}

const STARTS: ReadonlyArray<readonly [number, number]> = [
  [0, 0],
  [-2, 0],
  [2, 0],
  [0, -3],
  [0, 3],
  [-2, -3],
  [2, 3],
];

export function snb(input: EstimatorInput): UniquenessEstimate {
  const N = input.populationSize;
  const { n, c1, c2 } = sizeOf(input.freq);
  if (c1 === 0) return estimate('snb', 0, N);
  if (c2 === 0 || n === 0 || N < n) return noSolution('snb');
  const f = n / N;
  if (f >= 1) return estimate('snb', c1, N);
  const K = shlosserK(input.freq, f);
  const resid = (x: number, y: number): [number, number] => {
    const [e1, e2] = snbExpected(K, f, Math.exp(x), 1 / (1 + Math.exp(-y)));
    return [Math.log(e1 / c1), Math.log(e2 / c2)];
  };
  for (const [x0, y0] of STARTS) {
    let x = x0,
      y = y0;
    for (let iter = 0; iter < 200; iter++) {
      const [r1, r2] = resid(x, y);
      if (!Number.isFinite(r1) || !Number.isFinite(r2)) break;
      if (Math.abs(r1) < 1e-12 && Math.abs(r2) < 1e-12) {
        const alpha = Math.exp(x),
          beta = 1 / (1 + Math.exp(-y));
        return estimate('snb', K * Math.pow(beta, alpha), N, { alpha, beta, K, iterations: iter });
      }
      const h = 1e-6;
      const [a1, a2] = resid(x + h, y),
        [b1, b2] = resid(x - h, y);
      const [c1p, c2p] = resid(x, y + h),
        [d1, d2] = resid(x, y - h);
      const j11 = (a1 - b1) / (2 * h),
        j21 = (a2 - b2) / (2 * h);
      const j12 = (c1p - d1) / (2 * h),
        j22 = (c2p - d2) / (2 * h);
      const det = j11 * j22 - j12 * j21;
      if (!Number.isFinite(det) || det === 0) break;
      let dx = (j22 * r1 - j12 * r2) / det,
        dy = (j11 * r2 - j21 * r1) / det;
      // Backtrack until the residual norm decreases (keeps Newton from diverging).
      const norm = r1 * r1 + r2 * r2;
      let k = 0;
      for (; k < 40; k++) {
        const [s1, s2] = resid(x - dx, y - dy);
        if (Number.isFinite(s1) && Number.isFinite(s2) && s1 * s1 + s2 * s2 < norm) break;
        dx /= 2;
        dy /= 2;
      }
      if (k === 40) break;
      x -= dx;
      y -= dy;
      if (Math.abs(x) > 50 || Math.abs(y) > 50) break;
    }
  }
  return noSolution('snb', { K });
}
