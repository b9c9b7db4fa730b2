// The risk report: one versioned, documented JSON structure (see REPORT.md and
// report.schema.json) built from plain inputs — class sizes before and after, the chosen
// transformation per column, loss numbers and explanations the search computed. It holds no
// cell value unless `includeValues` is set (then only the generalized QI labels of the
// smallest classes, for --report-values). Deterministic: no clock is read here.
import type { Role } from '../policy/types.js';
import { estimatePopulationUniqueness, type PopulationUniqueness } from './estimators/dankar.js';
import { frequencyOfFrequencies } from './estimators/types.js';
import { computeMeasures, type RiskMeasures } from './measures.js';
import { populationSize, type Population } from './schema.js';
import type { SensitiveMeasures } from './sensitive.js';
import type { QiContribution } from './contribution.js';
import type { QiDistribution, WeakDiversity } from './distributions.js';
import type { ColumnWarning } from './warnings.js';
import type { SearchQuality } from '../search/result.js';

export const REPORT_VERSION = 1;

/** A column's role: the policy's one Role type (src/policy/types.ts). */
export type ColumnRole = Role;

export interface ColumnTransform {
  name: string;
  role: ColumnRole;
  /** Identifiers: the operator name (drop, mask, hmac, …). */
  operator?: string;
  /** Quasi-identifiers: generalization level chosen (0 = original). */
  level?: number;
  /** Quasi-identifiers: the hierarchy's name for that level (e.g. "5-year bands"), never a value. */
  maxLevel?: number;
  /** Quasi-identifiers under local recoding (privacy.recoding "local", src/recoding): no level;
   *  each group of similar records is generalized as far as it needs. */
  recoding?: 'local';
}

/** Why a QI ended at its level: what the next lower level would have cost. */
export interface LevelExplanation {
  column: string;
  level: number;
  /** null when the column is already at level 0. */
  lower: null | {
    level: number;
    satisfiable: boolean;
    /** Records in classes that break a privacy model at that level. */
    violatingRecords?: number;
    /** Records that would have to be suppressed at that level. */
    suppressed?: number;
    /** Information loss at that level (same metric as `loss`). */
    loss?: number;
  };
}

export interface SmallClass {
  size: number;
  /** Generalized QI labels in QI order. Only present with includeValues. */
  labels: string[];
}

export interface ReportInput {
  toolVersion: string;
  policySha256: string;
  inputSha256: string;
  keyFingerprint?: string | null;
  /** Only when the caller wants one (breaks byte-identical reports). */
  generatedAt?: string;
  columns: ColumnTransform[];
  /** Class sizes on the original QIs (nothing suppressed). */
  before: ArrayLike<number>;
  /** Class sizes of the released records; suppressed records are not in them. */
  after: ArrayLike<number>;
  suppressed: number;
  population?: Population | null;
  /** Population class sizes aligned with before/after (journalist/marketer risk). */
  populationSizesBefore?: ArrayLike<number>;
  populationSizesAfter?: ArrayLike<number>;
  recordRiskThresholds?: readonly number[];
  loss?: { metric: string; value: number; perColumn?: Record<string, number> } | null;
  sensitive?: { before?: SensitiveMeasures; after: SensitiveMeasures }[];
  explanations?: LevelExplanation[];
  contributions?: QiContribution[];
  /** How many risk drivers to list (default 3). */
  topDrivers?: number;
  smallestClasses?: SmallClass[];
  includeValues?: boolean;
}

export interface Report {
  reportVersion: 1;
  tool: { name: 'kanon'; version: string };
  generatedAt?: string;
  fingerprints: { policySha256: string; inputSha256: string; keyFingerprint: string | null };
  population: { size: number; samplingFraction: number } | null;
  columns: ColumnTransform[];
  suppression: { records: number; share: number };
  loss: { metric: string; value: number; perColumn?: Record<string, number> } | null;
  before: RiskMeasures;
  after: RiskMeasures;
  populationUniqueness: { before: PopulationUniqueness; after: PopulationUniqueness } | null;
  sensitive: { column: string; before: SensitiveMeasures | null; after: SensitiveMeasures }[];
  explanations: LevelExplanation[];
  riskDrivers: QiContribution[];
  smallestClasses?: SmallClass[];
  /** Optional sections set by the caller after buildReport (attachDetails in distributions.ts;
   *  columnWarnings in warnings.ts): the input's name, per-QI distributions before/after,
   *  sensitive columns' classes with l = 1, insensitive columns that look identifying. */
  dataset?: { name: string };
  distributions?: QiDistribution[];
  diversity?: WeakDiversity[];
  warnings?: ColumnWarning[];
  /** The search's quality statement (searchQuality in src/search/result.ts), when there was a search. */
  search?: SearchQuality;
  /** Set by the caller after evaluateGate (the gate reads the report, so it comes last). */
  gate?: { passed: boolean; failures: { threshold: string; limit: number; actual: number; by: number }[] };
}

export function buildReport(input: ReportInput): Report {
  const taus = input.recordRiskThresholds;
  const before = computeMeasures(input.before, {
    ...(taus ? { recordRiskThresholds: taus } : {}),
    ...(input.populationSizesBefore ? { populationSizes: input.populationSizesBefore } : {}),
  });
  const after = computeMeasures(input.after, {
    suppressed: input.suppressed,
    ...(taus ? { recordRiskThresholds: taus } : {}),
    ...(input.populationSizesAfter ? { populationSizes: input.populationSizesAfter } : {}),
  });
  const total = before.records;
  let population: Report['population'] = null;
  let populationUniqueness: Report['populationUniqueness'] = null;
  if (input.population && total > 0) {
    const N = Math.max(populationSize(input.population, total), total);
    population = { size: N, samplingFraction: total / N };
    // After suppression the released sample is smaller; the population stays the same.
    populationUniqueness = {
      before: estimatePopulationUniqueness({ freq: frequencyOfFrequencies(input.before), sampleSize: total, populationSize: N }),
      after: estimatePopulationUniqueness({ freq: frequencyOfFrequencies(input.after), sampleSize: after.records, populationSize: N }),
    };
  }
  const report: Report = {
    reportVersion: REPORT_VERSION,
    tool: { name: 'kanon', version: input.toolVersion },
    ...(input.generatedAt !== undefined ? { generatedAt: input.generatedAt } : {}),
    fingerprints: {
      policySha256: input.policySha256,
      inputSha256: input.inputSha256,
      keyFingerprint: input.keyFingerprint ?? null,
    },
    population,
    columns: input.columns.map((c) => ({ ...c })),
    suppression: { records: input.suppressed, share: total === 0 ? 0 : input.suppressed / total },
    loss: input.loss ?? null,
    before,
    after,
    populationUniqueness,
    sensitive: (input.sensitive ?? []).map((s) => ({ column: s.after.column, before: s.before ?? null, after: s.after })),
    explanations: input.explanations ?? [],
    riskDrivers: (input.contributions ?? []).filter((c) => c.uniquesRemoved > 0).slice(0, input.topDrivers ?? 3),
  };
  if (input.includeValues && input.smallestClasses) {
    report.smallestClasses = input.smallestClasses.map((c) => ({ size: c.size, labels: [...c.labels] }));
  }
  return report;
}
