// A small report for the renderer and gate tests. Canary strings sit where cell values could
// leak (the smallest classes' labels); column names and level labels are not values.
import { buildReport, type ReportInput } from '../../src/risk/report.js';
import type { ReportContext } from '../../src/plan/plan.js';
import type { PrivacyConfig } from '../../src/privacy/types.js';

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
      { name: 'age', role: 'quasi', level: 2, maxLevel: 4 },
      { name: 'zip', role: 'quasi', level: 1, maxLevel: 5 },
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
    smallestClasses: [
      { size: 3, labels: [CANARIES[1]!, CANARIES[0]!] },
      { size: 5, labels: [CANARIES[2]!, 'x'] },
    ],
    ...over,
  };
}

export const sampleReport = (over: Partial<ReportInput> = {}) => buildReport(sampleInput(over));

// A real report: a policy on a fixture through the plan pass, search and riskReport (as `kanon
// run` does), with the optional sections of src/risk/distributions.ts and warnings.ts attached
// the way the CLI wiring should (attachDetails). For the HTML/Chromium and render tests.
import { createReadStream } from 'node:fs';
import { Writable } from 'node:stream';
import { loadPolicy } from '../../src/policy/load.js';
import { bindPolicy } from '../../src/policy/bind.js';
import { openTable } from '../../src/io/read.js';
import { encodePass, policyColumns, riskReport, runSearch } from '../../src/plan/plan.js';
import { normalizeConfig } from '../../src/policy/normalize.js';
import { groupClasses } from '../../src/search/index.js';
import { normalizeRisk, type Distance, type GateResult, type Report } from '../../src/risk/index.js';
import { attachDetails } from '../../src/risk/distributions.js';
import { columnWarnings } from '../../src/risk/warnings.js';
import { basename } from 'node:path';
import { createProgress } from '../../src/cli/progress.js';

export async function policyReport(
  input: string,
  policyFile: string,
  opts: { includeValues?: boolean; sampleRows?: number } = {},
): Promise<{ report: Report; gate: GateResult | undefined }> {
  const policy = loadPolicy(policyFile);
  const progress = createProgress({ enabled: false, stderr: new Writable({ write: (_c, _e, cb) => cb() }) });
  const delimiter = policy.raw.input?.delimiter;
  const table = await openTable(createReadStream(input), { file: input, path: input, ...(delimiter ? { delimiter } : {}) });
  const bound = bindPolicy(policy, table.header, input);
  const config = normalizeConfig(policy, { input }, 'run');
  const cols = policyColumns(bound, config);
  const privacy = config.privacy!;
  const enc = await encodePass(table, input, cols, progress);
  const found = runSearch(enc, privacy);
  const columns = bound.columns.map((c) => ({ name: c.name, role: c.spec.role, ...(c.spec.operator ? { operator: c.spec.operator } : {}) }));
  const { report, gate } = riskReport(
    enc,
    found,
    {
      toolVersion: '0.0.0-test',
      policySha256: policy.sha256,
      inputSha256: 'c'.repeat(64),
      columns,
      risk: normalizeRisk(policy.raw.risk),
      population: null,
      includeValues: !!opts.includeValues,
    },
    () => false,
  );
  const after = groupClasses(enc, found.levels, found.suppressedCount ? found.suppressed : undefined);
  attachDetails(report, enc, {
    dataset: input,
    levels: found.levels,
    suppressed: found.suppressed,
    star: found.starSuppressed,
    k: privacy.k,
    includeValues: !!opts.includeValues,
    after,
  });
  return { report, gate };
}

/** The report `kanon run` makes for a policy without quasi-identifiers (one class of all
 *  released records, run.ts), with warnings from the column names and a sample of 1,000 rows. */
export async function noQuasiReport(input: string, policyFile: string): Promise<Report> {
  const policy = loadPolicy(policyFile);
  const delimiter = policy.raw.input?.delimiter;
  const table = await openTable(createReadStream(input), { file: input, path: input, ...(delimiter ? { delimiter } : {}) });
  const bound = bindPolicy(policy, table.header, input);
  const sample: string[][] = [];
  let n = 0;
  for await (const batch of table.batches) {
    for (const row of batch.rows) if (sample.length < 1000) sample.push([...row]);
    n += batch.rows.length;
  }
  const risk = normalizeRisk(policy.raw.risk);
  const report = buildReport({
    toolVersion: '0.0.0-test',
    policySha256: policy.sha256,
    inputSha256: 'c'.repeat(64),
    columns: bound.columns.map((c) => ({ name: c.name, role: c.spec.role, ...(c.spec.operator ? { operator: c.spec.operator } : {}) })),
    before: n ? [n] : [],
    after: n ? [n] : [],
    suppressed: 0,
    population: risk.population,
    recordRiskThresholds: risk.recordRiskThresholds,
  });
  report.dataset = { name: basename(input) };
  report.warnings = columnWarnings(report.columns, { sample: { header: table.header, rows: sample } });
  return report;
}

/** A bare context for riskReport (src/plan/plan.ts) in tests of its figures: no hashes, columns,
 *  population or thresholds unless `over` gives them. */
export function planReportContext(over: Partial<ReportContext> = {}): ReportContext {
  return { toolVersion: 't', policySha256: '', inputSha256: '', columns: [], risk: normalizeRisk(undefined), population: null, includeValues: false, ...over };
}

/** riskReport's sensitive-order callback for a normalized privacy: each t-closeness column's measure. */
export const tMeasureOf =
  (p: Pick<PrivacyConfig, 'tCloseness'>) =>
  (name: string): Distance | false =>
    p.tCloseness.find((t) => t.column === name)?.measure ?? false;
