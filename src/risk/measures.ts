// Re-identification risk measures from equivalence-class sizes (suppressed records are
// excluded and counted separately). Definitions follow El Emam (2013), "Guide to the
// De-Identification of Personal Health Information", ch. 5–6, and ARX
// (risk/RiskModelSampleSummary.java):
// - a record's prosecutor risk is 1/f_j, f_j the size of its class in the released sample;
// - highest risk = 1/min f_j; average risk = (1/n) Σ_records 1/f_j = J/n (J classes, n records);
// - records at risk for a threshold τ are those with risk STRICTLY greater than τ
//   (1/f_j > τ), as ARX's rA and El Emam's "proportion of records above the threshold";
// - journalist risk uses population class sizes F_j when a population table is given
//   (highest 1/min F_j; average max(J/Σ F_j, (1/n) Σ f_j/F_j), ARX), else equals prosecutor;
// - marketer risk = (1/n) Σ_j f_j/F_j (El Emam 2013; Dankar & El Emam 2010), which is J/n
//   when the sample is the population.
import { classSizeHistogram, type HistogramBucket } from './histogram.js';

export const DEFAULT_RECORD_RISK_THRESHOLDS: readonly number[] = [0.2];

export interface RecordsAtRisk {
  /** τ: a record counts when its risk is > τ. */
  risk: number;
  records: number;
  share: number;
}

export interface AttackerRisk {
  highest: number;
  average: number;
  recordsAtHighest: number;
  recordsAtRisk: RecordsAtRisk[];
}

export interface RiskMeasures {
  records: number;
  suppressed: number;
  classes: number;
  /** Smallest class size (0 when no records are left). */
  k: number;
  sampleUniques: number;
  sampleUniquesShare: number;
  histogram: HistogramBucket[];
  prosecutor: AttackerRisk;
  journalist: AttackerRisk & { source: 'population-table' | 'sample' };
  marketer: { average: number };
}

export interface MeasureOptions {
  /** Records removed by suppression (not in `sizes`). */
  suppressed?: number;
  recordRiskThresholds?: readonly number[];
  /** F_j per class, aligned with `sizes` (F_j ≥ f_j), when a population table is known. */
  populationSizes?: ArrayLike<number>;
}

function attacker(sizes: ArrayLike<number>, risk: (j: number) => number, n: number, thresholds: readonly number[]): AttackerRisk {
  let highest = 0,
    recordsAtHighest = 0,
    sumRisk = 0;
  const atRisk = thresholds.map(() => 0);
  for (let j = 0; j < sizes.length; j++) {
    const f = sizes[j]!;
    if (f <= 0) continue;
    const r = risk(j);
    sumRisk += f * r;
    if (r > highest) {
      highest = r;
      recordsAtHighest = f;
    } else if (r === highest) recordsAtHighest += f;
    for (let t = 0; t < thresholds.length; t++) if (r > thresholds[t]!) atRisk[t]! += f;
  }
  return {
    highest,
    average: n === 0 ? 0 : sumRisk / n,
    recordsAtHighest,
    recordsAtRisk: thresholds.map((risk, t) => ({ risk, records: atRisk[t]!, share: n === 0 ? 0 : atRisk[t]! / n })),
  };
}

export function computeMeasures(sizes: ArrayLike<number>, options: MeasureOptions = {}): RiskMeasures {
  const thresholds = options.recordRiskThresholds ?? DEFAULT_RECORD_RISK_THRESHOLDS;
  let n = 0,
    J = 0,
    k = 0,
    uniques = 0;
  for (let j = 0; j < sizes.length; j++) {
    const f = sizes[j]!;
    if (f <= 0) continue;
    n += f;
    J++;
    if (k === 0 || f < k) k = f;
    if (f === 1) uniques++;
  }
  // Average prosecutor risk is exactly J/n; set it so rounding in Σ f·(1/f) never shows.
  const prosecutor = { ...attacker(sizes, (j) => 1 / sizes[j]!, n, thresholds), average: n === 0 ? 0 : J / n };
  const pop = options.populationSizes;
  let journalist: RiskMeasures['journalist'] = { ...prosecutor, source: 'sample' };
  let marketer = n === 0 ? 0 : J / n;
  if (pop !== undefined) {
    const a = attacker(sizes, (j) => 1 / Math.max(pop[j]!, sizes[j]!), n, thresholds);
    let sumF = 0;
    for (let j = 0; j < sizes.length; j++) if (sizes[j]! > 0) sumF += Math.max(pop[j]!, sizes[j]!);
    // a.average is (1/n) Σ f_j/F_j: the marketer risk; journalist average per ARX is the max
    // of that and J/ΣF_j.
    marketer = a.average;
    journalist = { ...a, average: Math.max(sumF === 0 ? 0 : J / sumF, a.average), source: 'population-table' };
  }
  return {
    records: n,
    suppressed: options.suppressed ?? 0,
    classes: J,
    k,
    sampleUniques: uniques,
    sampleUniquesShare: n === 0 ? 0 : uniques / n,
    histogram: classSizeHistogram(sizes),
    prosecutor,
    journalist,
    marketer: { average: marketer },
  };
}
