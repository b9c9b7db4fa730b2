// Decision rule for choosing a population-uniqueness estimator: Dankar, El Emam, Neisa &
// Roffey (2012), "Estimating the re-identification risk of clinical data sets", BMC Medical
// Informatics and Decision Making 12:66. As in ARX (RiskModelPopulationUniqueness.java):
// sampling fraction f ≤ 0.1 → Pitman (Zayatz when Pitman has no solution);
// f > 0.1 → the smaller of Zayatz and SNB (Zayatz when SNB has no solution).
import { pitman } from './pitman.js';
import { snb } from './snb.js';
import { zayatz } from './zayatz.js';
import { sizeOf, type EstimatorInput, type UniquenessEstimate } from './types.js';

export interface PopulationUniqueness {
  samplingFraction: number;
  populationSize: number;
  /** The estimate the decision rule picked (null when none has a solution). */
  chosen: UniquenessEstimate | null;
  /** Every model's result, in the order pitman, zayatz, snb. */
  estimates: UniquenessEstimate[];
}

export function estimatePopulationUniqueness(input: EstimatorInput): PopulationUniqueness {
  const f = input.sampleSize / input.populationSize;
  const p = pitman(input),
    z = zayatz(input),
    s = snb(input);
  const estimates = [p, z, s];
  const ok = (e: UniquenessEstimate): boolean => e.status === 'ok';
  let chosen: UniquenessEstimate | null;
  if (sizeOf(input.freq).c1 === 0)
    chosen = z; // every model gives 0
  else if (f <= 0.1) chosen = ok(p) ? p : ok(z) ? z : null;
  else if (ok(s) && ok(z)) chosen = z.uniques! < s.uniques! ? z : s;
  else chosen = ok(z) ? z : ok(s) ? s : null;
  return { samplingFraction: f, populationSize: input.populationSize, chosen, estimates };
}
