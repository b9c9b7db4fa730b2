// Shared input/output of the population-uniqueness estimators. They all work on the
// "frequency of frequencies" of the sample: how many equivalence classes have 1, 2, … records.

/** [class size, number of classes of that size] pairs, sizes ascending, both > 0. */
export type FreqOfFreq = ReadonlyArray<readonly [size: number, classes: number]>;

export interface EstimatorInput {
  freq: FreqOfFreq;
  /** n: records in the sample (Σ size·classes). */
  sampleSize: number;
  /** N: records in the population (≥ n). */
  populationSize: number;
}

export type EstimatorModel = 'pitman' | 'zayatz' | 'snb';

/** "ok": an estimate; "no-solution": the model's equations have no admissible solution or the
 *  solver did not converge (Pitman's MLE does not exist for some tables; SNB is numeric). */
export type EstimateStatus = 'ok' | 'no-solution';

export interface UniquenessEstimate {
  model: EstimatorModel;
  status: EstimateStatus;
  /** Estimated number of population uniques (null when status is "no-solution"). */
  uniques: number | null;
  /** uniques / N. */
  share: number | null;
  /** Fitted parameters, for the report's appendix and for tests. */
  params?: Record<string, number>;
}

export function sizeOf(freq: FreqOfFreq): { n: number; u: number; c1: number; c2: number } {
  let n = 0,
    u = 0,
    c1 = 0,
    c2 = 0;
  for (const [s, c] of freq) {
    n += s * c;
    u += c;
    if (s === 1) c1 = c;
    if (s === 2) c2 = c;
  }
  return { n, u, c1, c2 };
}

/** Builds the frequency-of-frequencies table from class sizes (zeros ignored). */
export function frequencyOfFrequencies(sizes: ArrayLike<number>): FreqOfFreq {
  const m = new Map<number, number>();
  for (let i = 0; i < sizes.length; i++) {
    const s = sizes[i]!;
    if (s > 0) m.set(s, (m.get(s) ?? 0) + 1);
  }
  return [...m.entries()].sort((a, b) => a[0] - b[0]);
}

export function estimate(model: EstimatorModel, uniques: number, N: number, params?: Record<string, number>): UniquenessEstimate {
  if (!Number.isFinite(uniques) || uniques < 0 || uniques > N) return noSolution(model, params);
  return { model, status: 'ok', uniques, share: uniques / N, ...(params ? { params } : {}) };
}

export function noSolution(model: EstimatorModel, params?: Record<string, number>): UniquenessEstimate {
  return { model, status: 'no-solution', uniques: null, share: null, ...(params ? { params } : {}) };
}
