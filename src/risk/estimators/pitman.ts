// Pitman's model for population uniqueness: Hoshino (2001), "Applying Pitman's sampling formula
// to microdata disclosure risk assessment", J. Official Statistics 17(4):499–520; Pitman (1996),
// "Some developments of the Blackwell–MacQueen urn scheme".
// The sample partition follows the Pitman sampling formula with parameters (θ, α),
// 0 < α < 1, θ > −α. Its log-likelihood (u classes, n records, c_j classes of size j) is
//   L = Σ_{i=1}^{u−1} ln(θ+iα) − Σ_{i=1}^{n−1} ln(θ+i) + Σ_j c_j Σ_{i=1}^{j−1} ln(i−α),
// and the MLE solves ∂L/∂θ = 0, ∂L/∂α = 0 (solved here by Newton's method, as in ARX's
// ModelPitman.java, from the same moment-based starting point). The expected number of
// population uniques is then ≈ Γ(θ+1)/Γ(θ+α) · N^α (Hoshino 2001, eq. for E[S_1]).
// The MLE does not always exist (e.g. when every class is a unique, α → 1): then
// "no-solution" is reported, never a made-up number.
import { digamma, logGamma, trigamma } from './special.js';
import { estimate, noSolution, sizeOf, type EstimatorInput, type UniquenessEstimate } from './types.js';

const MAX_ITER = 200;
const TOL = 1e-10;

export interface PitmanScore {
  f1: number;
  f2: number;
  j11: number;
  j12: number;
  j22: number;
}

/** Score (∂L/∂θ, ∂L/∂α) and its Jacobian at (θ, α). */
export function pitmanScore(input: EstimatorInput, t: number, a: number): PitmanScore {
  const { n, u } = sizeOf(input.freq);
  let s1 = 0,
    s2 = 0,
    q1 = 0,
    q2 = 0,
    q3 = 0;
  for (let i = 1; i < u; i++) {
    const v = t + i * a;
    s1 += 1 / v;
    s2 += i / v;
    const w = 1 / (v * v);
    q1 += w;
    q2 += i * w;
    q3 += i * i * w;
  }
  let o4 = 0,
    d4 = 0;
  const psi1a = digamma(1 - a),
    tri1a = trigamma(1 - a);
  for (const [size, classes] of input.freq) {
    if (size === 1) continue;
    o4 += classes * (digamma(size - a) - psi1a);
    d4 += classes * (trigamma(size - a) - tri1a);
  }
  return {
    f1: s1 - (digamma(t + n) - digamma(t + 1)),
    f2: s2 - o4,
    j11: -q1 + trigamma(t + 1) - trigamma(t + n),
    j12: -q2,
    j22: -q3 + d4,
  };
}

export function pitman(input: EstimatorInput): UniquenessEstimate {
  const N = input.populationSize;
  const { n, u, c1, c2: c2raw } = sizeOf(input.freq);
  if (c1 === 0) return estimate('pitman', 0, N);
  if (u < 2 || n < 2) return noSolution('pitman');
  // Starting point: ARX ModelPitman.java (moment-type guess after Hoshino 2001).
  const c2 = c2raw !== 0 ? c2raw : 1;
  const c = (c1 * (c1 - 1)) / c2;
  let t = (n * u * c - c1 * (n - 1) * (2 * u + c)) / (2 * c1 * u + c1 * c - n * c);
  let a = (t * (c1 - n) + (n - 1) * c1) / (n * u);
  if (!(a > 0 && a < 1 && t > -a)) {
    a = 0.5;
    t = 1;
  }
  for (let iter = 0; iter < MAX_ITER; iter++) {
    const s = pitmanScore(input, t, a);
    if (!Number.isFinite(s.f1) || !Number.isFinite(s.f2)) return noSolution('pitman');
    if (Math.abs(s.f1) < TOL && Math.abs(s.f2) < TOL) {
      const uniques = Math.exp(logGamma(t + 1) - logGamma(t + a) + a * Math.log(N));
      return estimate('pitman', uniques, N, { theta: t, alpha: a, iterations: iter });
    }
    const det = s.j11 * s.j22 - s.j12 * s.j12;
    if (det === 0 || !Number.isFinite(det)) return noSolution('pitman');
    let dt = (s.j22 * s.f1 - s.j12 * s.f2) / det;
    let da = (s.j11 * s.f2 - s.j12 * s.f1) / det;
    // Damped step: stay inside the parameter space 0 < α < 1, θ > −α.
    let h = 0;
    while (!(a - da > 0 && a - da < 1 && t - dt > -(a - da)) && h < 60) {
      dt /= 2;
      da /= 2;
      h++;
    }
    if (h === 60) return noSolution('pitman');
    t -= dt;
    a -= da;
  }
  return noSolution('pitman');
}
