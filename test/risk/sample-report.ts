// A small report for the renderer and gate tests. Canary strings sit where cell values could
// leak (the smallest classes' labels); column names and level labels are not values.
import { buildReport, type ReportInput } from '../../src/risk/report.js';

export const CANARIES = ['CANARY_zip_90210x', 'CANARY_age_777x', 'CANARY_diag_Qz'];
const SHA = 'a'.repeat(64);

export function sampleInput(over: Partial<ReportInput> = {}): ReportInput {
  return {
    toolVersion: '0.1.0',
    policySha256: SHA,
    inputSha256: 'b'.repeat(64),
    keyFingerprint: 'k1:1234abcd',
    columns: [
      { name: 'name', role: 'identifier', operator: 'hmac' },
      { name: 'age', role: 'quasi', level: 2, maxLevel: 4, levelLabel: '10-year bands' },
      { name: 'zip', role: 'quasi', level: 1, maxLevel: 5, levelLabel: '4 digits' },
      { name: 'diagnosis', role: 'sensitive' },
    ],
    // before: 6 uniques, 2 pairs, 1 class of 6 → 16 records
    before: Int32Array.from([1, 1, 1, 1, 1, 1, 2, 2, 6]),
    // after: 2 records suppressed; classes 3, 5, 6 → 14 records
    after: Int32Array.from([3, 5, 6]),
    suppressed: 2,
    recordRiskThresholds: [0.2, 0.3],
    loss: { metric: 'loss', value: 0.42, perColumn: { age: 0.5, zip: 0.2 } },
    sensitive: [{ after: { column: 'diagnosis', distinctL: 2, entropyL: 1.9, t: 0.15, distance: 'equal' } }],
    explanations: [
      { column: 'age', level: 2, lower: { level: 1, satisfiable: true, violatingRecords: 7, suppressed: 7 } },
      { column: 'zip', level: 1, lower: { level: 0, satisfiable: false } },
    ],
    contributions: [
      { column: 'zip', uniques: 6, uniquesWithout: 1, uniquesRemoved: 5, share: 5 / 6 },
      { column: 'age', uniques: 6, uniquesWithout: 4, uniquesRemoved: 2, share: 2 / 6 },
    ],
    smallestClasses: [{ size: 3, labels: [CANARIES[1]!, CANARIES[0]!] }, { size: 5, labels: [CANARIES[2]!, 'x'] }],
    ...over,
  };
}

export const sampleReport = (over: Partial<ReportInput> = {}) => buildReport(sampleInput(over));
