// The gate (DESIGN.md step 6): compare the report's "after" measures with the policy's
// thresholds. Limits are inclusive: a measure equal to its limit passes (minK: k ≥ minK;
// max*: actual ≤ limit). Each failure says by how much it missed, so a user can tell a near
// miss from a policy that is far off. An empty release passes minK vacuously (no class is
// smaller than k); maxSuppressedShare is the threshold that catches it.
import { KanonError } from '../errors.js';
import type { Report } from './report.js';
import type { RiskThresholds } from './schema.js';

export interface GateFailure {
  threshold: string;
  limit: number;
  actual: number;
  /** How far past the limit (always > 0). */
  by: number;
}

export interface GateResult {
  passed: boolean;
  failures: GateFailure[];
}

export interface GateOptions {
  attacker?: 'prosecutor' | 'journalist';
}

export function evaluateGate(report: Report, thresholds: RiskThresholds, options: GateOptions = {}): GateResult {
  const m = report.after;
  const risk = m[options.attacker ?? 'prosecutor'];
  const failures: GateFailure[] = [];
  const max = (threshold: string, limit: number, actual: number) => {
    if (actual > limit) failures.push({ threshold, limit, actual, by: actual - limit });
  };
  if (thresholds.minK !== undefined && m.records > 0 && m.k < thresholds.minK) {
    failures.push({ threshold: 'minK', limit: thresholds.minK, actual: m.k, by: thresholds.minK - m.k });
  }
  if (thresholds.maxHighestRisk !== undefined) max('maxHighestRisk', thresholds.maxHighestRisk, risk.highest);
  if (thresholds.maxAverageRisk !== undefined) max('maxAverageRisk', thresholds.maxAverageRisk, risk.average);
  if (thresholds.maxRecordsAtRisk !== undefined) {
    const { risk: tau, share } = thresholds.maxRecordsAtRisk;
    const row = risk.recordsAtRisk.find((r) => r.risk === tau);
    if (!row) throw new KanonError('INTERNAL', `report has no record-risk share for ${tau} (normalizeRisk adds it)`);
    max(`maxRecordsAtRisk(>${tau})`, share, row.share);
  }
  const su = thresholds.maxSampleUniques;
  if (su !== undefined) {
    if ('count' in su) max('maxSampleUniques', su.count, m.sampleUniques);
    else max('maxSampleUniques.share', su.share, m.sampleUniquesShare);
  }
  if (thresholds.maxSuppressedShare !== undefined) max('maxSuppressedShare', thresholds.maxSuppressedShare, report.suppression.share);
  if (thresholds.maxPopulationUniquesShare !== undefined) {
    const chosen = report.populationUniqueness?.after.chosen;
    if (!report.populationUniqueness) {
      throw new KanonError('POLICY_INVALID', 'maxPopulationUniquesShare needs risk.population', { path: '/risk/population' });
    }
    // No estimate is a failure, not a pass: the gate cannot vouch for what it cannot measure.
    const actual = chosen?.share ?? 1;
    max('maxPopulationUniquesShare', thresholds.maxPopulationUniquesShare, actual);
  }
  return { passed: failures.length === 0, failures };
}

const fmt = (x: number): string => (Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(4))));

/** "minK: 3, required ≥ 5 (short by 2)" — numbers only, never a value. */
export function formatGateFailure(f: GateFailure): string {
  if (f.threshold === 'minK') return `minK: smallest class has ${fmt(f.actual)} records, required ≥ ${fmt(f.limit)} (short by ${fmt(f.by)})`;
  return `${f.threshold}: ${fmt(f.actual)}, allowed ≤ ${fmt(f.limit)} (over by ${fmt(f.by)})`;
}

/** The error the CLI throws when the gate fails (exit 4). */
export function gateError(result: GateResult): KanonError {
  const lines = result.failures.map(formatGateFailure);
  return new KanonError('RISK_THRESHOLD_EXCEEDED', `risk gate failed: ${lines.join('; ')}`, { path: '/risk/thresholds' });
}
