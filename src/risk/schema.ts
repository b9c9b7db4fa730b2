// JSON Schema for the policy's `risk` section, and its normalization. Example:
//   "risk": {
//     "population": { "size": 1000000 },            // or { "fraction": 0.01 }
//     "attacker": "prosecutor",                       // or "journalist"; gate measures
//     "recordRiskThresholds": [0.2, 0.1],
//     "thresholds": { "minK": 5, "maxHighestRisk": 0.2, "maxAverageRisk": 0.05,
//                     "maxRecordsAtRisk": { "risk": 0.2, "share": 0.05 },
//                     "maxSampleUniques": 0, "maxSuppressedShare": 0.1,
//                     "maxPopulationUniquesShare": 0.01 }
//   }
import type { JsonSchema } from '../operators/types.js';
import { DEFAULT_RECORD_RISK_THRESHOLDS } from './measures.js';

const probability = { type: 'number', minimum: 0, maximum: 1 };
const openProbability = { type: 'number', exclusiveMinimum: 0, maximum: 1 };

export const riskSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  description: 'Re-identification risk: population, record-risk thresholds for the report, and the gate.',
  properties: {
    population: {
      description: 'The population the data set was drawn from: its size N, or the sampling fraction n/N.',
      oneOf: [
        { type: 'object', additionalProperties: false, required: ['size'], properties: { size: { type: 'integer', minimum: 1 } } },
        { type: 'object', additionalProperties: false, required: ['fraction'], properties: { fraction: openProbability } },
      ],
    },
    populationTable: {
      type: 'string',
      minLength: 1,
      description:
        "A file (relative to the policy) with the population's records (at least the quasi-identifier columns): journalist and marketer risk use its class sizes.",
    },
    attacker: { enum: ['prosecutor', 'journalist'], description: 'Attacker model the gate checks (default "prosecutor").' },
    recordRiskThresholds: {
      type: 'array',
      items: openProbability,
      minItems: 1,
      uniqueItems: true,
      description: 'Report the share of records whose risk 1/classSize is strictly greater than each value (default [0.2]).',
    },
    thresholds: {
      type: 'object',
      additionalProperties: false,
      description: 'The gate: the export is refused (exit 4) when a measure after de-identification breaks one.',
      properties: {
        minK: { type: 'integer', minimum: 1, description: 'Smallest equivalence class must have at least this many records.' },
        maxHighestRisk: { ...probability, description: 'Highest record risk (1/k) at most this.' },
        maxAverageRisk: { ...probability, description: 'Average record risk (classes/records) at most this.' },
        maxRecordsAtRisk: {
          type: 'object',
          additionalProperties: false,
          required: ['risk', 'share'],
          description: 'At most `share` of the records may have a risk strictly greater than `risk`.',
          properties: { risk: openProbability, share: probability },
        },
        maxSampleUniques: {
          description: 'Sample uniques allowed: a count, or { "share": s } of the released records.',
          oneOf: [
            { type: 'integer', minimum: 0 },
            { type: 'object', additionalProperties: false, required: ['share'], properties: { share: probability } },
          ],
        },
        maxSuppressedShare: { ...probability, description: 'Suppressed records / input records at most this.' },
        maxPopulationUniquesShare: {
          ...probability,
          description: 'Estimated population uniques / N at most this (needs "population"; Dankar et al. 2012 rule).',
        },
      },
    },
  },
};

export type Population = { size: number } | { fraction: number };

export interface RiskThresholds {
  minK?: number;
  maxHighestRisk?: number;
  maxAverageRisk?: number;
  maxRecordsAtRisk?: { risk: number; share: number };
  maxSampleUniques?: { count: number } | { share: number };
  maxSuppressedShare?: number;
  maxPopulationUniquesShare?: number;
}

/** What runs (normalized), as opposed to what the user wrote. */
export interface RiskPolicy {
  population: Population | null;
  attacker: 'prosecutor' | 'journalist';
  /** Sorted ascending, always containing maxRecordsAtRisk.risk so the gate can read it. */
  recordRiskThresholds: number[];
  thresholds: RiskThresholds;
}

interface RawRisk {
  population?: Population;
  attacker?: 'prosecutor' | 'journalist';
  recordRiskThresholds?: number[];
  thresholds?: Omit<RiskThresholds, 'maxSampleUniques'> & { maxSampleUniques?: number | { share: number } };
}

/** Normalizes a `risk` section that has passed the schema (undefined → defaults). */
export function normalizeRisk(raw: unknown): RiskPolicy {
  const r = (raw ?? {}) as RawRisk;
  const t = r.thresholds ?? {};
  const thresholds: RiskThresholds = {};
  if (t.minK !== undefined) thresholds.minK = t.minK;
  if (t.maxHighestRisk !== undefined) thresholds.maxHighestRisk = t.maxHighestRisk;
  if (t.maxAverageRisk !== undefined) thresholds.maxAverageRisk = t.maxAverageRisk;
  if (t.maxRecordsAtRisk !== undefined) thresholds.maxRecordsAtRisk = { ...t.maxRecordsAtRisk };
  if (t.maxSampleUniques !== undefined) {
    thresholds.maxSampleUniques = typeof t.maxSampleUniques === 'number' ? { count: t.maxSampleUniques } : { share: t.maxSampleUniques.share };
  }
  if (t.maxSuppressedShare !== undefined) thresholds.maxSuppressedShare = t.maxSuppressedShare;
  if (t.maxPopulationUniquesShare !== undefined) thresholds.maxPopulationUniquesShare = t.maxPopulationUniquesShare;
  const taus = new Set(r.recordRiskThresholds ?? DEFAULT_RECORD_RISK_THRESHOLDS);
  if (thresholds.maxRecordsAtRisk) taus.add(thresholds.maxRecordsAtRisk.risk);
  return {
    population: r.population ? { ...r.population } : null,
    attacker: r.attacker ?? 'prosecutor',
    recordRiskThresholds: [...taus].sort((a, b) => a - b),
    thresholds,
  };
}

/** N for a sample of n records. */
export function populationSize(population: Population, n: number): number {
  return 'size' in population ? population.size : Math.round(n / population.fraction);
}
