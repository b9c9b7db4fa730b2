// The plan pass and what follows it (DESIGN.md steps 3–6), shared by `run` and `audit`:
// encode the quasi-identifier and sensitive columns of a bound table, search the lattice,
// group the classes before and after, and build the risk report the gate reads.
import type { Table } from '../io/types.js';
import type { BoundColumn, BoundPolicy } from '../policy/types.js';
import type { Hierarchy } from '../hierarchy/types.js';
import { loadHierarchy, type HierarchySpec } from '../hierarchy/load.js';
import { createEncoder, groupClasses, rowLabeler, search, sizesWithout, suppressionAt, type EncodedTable, type SearchResult, type SensitiveOrder } from '../search/index.js';
import { normalizePrivacy, type RawPrivacy } from '../privacy/normalize.js';
import type { PrivacyConfig } from '../privacy/types.js';
import {
  buildReport, evaluateGate, qiContributions, sensitiveMeasures,
  type ColumnTransform, type GateResult, type LevelExplanation, type Population, type Report, type RiskPolicy,
} from '../risk/index.js';
import type { Progress } from '../cli/progress.js';
import { populationSizes } from './population.js';
import { mondrian, type LocalRecoding } from '../recoding/mondrian.js';

/** Level 0 only: the data as it is (audit). */
export const identityHierarchy: Hierarchy = { levels: 1, lookup: (v) => [v] };

export interface EncodeColumns {
  quasi: { col: BoundColumn | { name: string; index: number }; hierarchy: Hierarchy }[];
  sensitive: { col: BoundColumn | { name: string; index: number }; hierarchy?: Hierarchy; order?: SensitiveOrder }[];
}

/** Pass 1: stream the table once; only the encoded QI and sensitive columns are kept. */
export async function encodePass(table: Table, file: string, cols: EncodeColumns, progress: Progress): Promise<EncodedTable> {
  const enc = createEncoder({
    file,
    quasi: cols.quasi.map((q) => ({ name: q.col.name, hierarchy: q.hierarchy })),
    sensitive: cols.sensitive.map((s) => ({ name: s.col.name, ...(s.hierarchy ? { hierarchy: s.hierarchy } : {}), ...(s.order ? { order: s.order } : {}) })),
  });
  const qi = cols.quasi.map((q) => q.col.index);
  const si = cols.sensitive.map((s) => s.col.index);
  const qv = new Array<string>(qi.length);
  const sv = new Array<string>(si.length);
  progress.phase('planning');
  for await (const batch of table.batches) {
    const { rows, lines } = batch;
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r]!;
      for (let j = 0; j < qi.length; j++) qv[j] = row[qi[j]!]!;
      for (let j = 0; j < si.length; j++) sv[j] = row[si[j]!]!;
      enc.add(qv, sv, lines[r]!);
    }
    progress.add(rows.length);
  }
  return enc.finish();
}

/** The policy's quasi/sensitive columns with their hierarchies loaded (paths relative to the policy). */
export function policyColumns(bound: BoundPolicy): EncodeColumns {
  const load = (c: BoundColumn): Hierarchy =>
    loadHierarchy(c.spec.hierarchy as HierarchySpec, { baseDir: bound.policy.dir, configPath: `${c.configPath}/hierarchy` });
  return {
    quasi: bound.byRole('quasi').map((col) => ({ col, hierarchy: load(col) })),
    sensitive: bound.byRole('sensitive').map((col) => ({
      col,
      ...(col.spec.hierarchy !== undefined ? { hierarchy: load(col) } : {}),
      ...(col.spec.order !== undefined ? { order: col.spec.order as SensitiveOrder } : {}),
    })),
  };
}

export function privacyConfig(bound: BoundPolicy): PrivacyConfig {
  const sens = bound.byRole('sensitive');
  return normalizePrivacy(bound.policy.raw.privacy as RawPrivacy | undefined, sens.map((c) => c.name), sens.filter((c) => c.spec.hierarchy !== undefined).map((c) => c.name));
}

export interface ReportContext {
  toolVersion: string;
  policySha256: string;
  inputSha256: string;
  keyFingerprint?: string | null;
  /** Every input column with its role (identifiers: operator). */
  columns: ColumnTransform[];
  risk: RiskPolicy;
  population: Population | null;
  /** The population table encoded with the same hierarchies (journalist/marketer risk). */
  populationTable?: EncodedTable;
  includeValues: boolean;
}

export interface Outcome {
  levels: number[];
  /** Per row, 1 = suppressed. */
  suppressed: Uint8Array;
  suppressedCount: number;
  /** Suppressed rows are written with every QI "*" (they then form one released class). */
  starSuppressed: boolean;
  loss?: { metric: string; value: number };
  /** Search result, when there was a search. */
  search?: SearchResult;
  explanations?: LevelExplanation[];
  /** Local recoding (privacy.recoding "local"): classes, labels and loss are its partitions'. */
  local?: LocalRecoding;
}

/** The risk report of releasing `outcome` (and the gate, when the policy sets thresholds). */
export function riskReport(enc: EncodedTable, outcome: Outcome, ctx: ReportContext, sensitiveOrdered: (name: string) => boolean): { report: Report; gate: GateResult | undefined } {
  const zeros = enc.quasi.map(() => 0);
  const before = groupClasses(enc, zeros);
  const after = outcome.local ?? groupClasses(enc, outcome.levels, outcome.suppressedCount ? outcome.suppressed : undefined);
  // With "star" output the suppressed rows are written too, as one class of all-"*" rows:
  // the report must describe the bytes written, so that class counts.
  const star = outcome.starSuppressed && outcome.suppressedCount > 0;
  const afterSizes = star ? Int32Array.from([...after.sizes, outcome.suppressedCount]) : after.sizes;
  const contributions = enc.quasi.length > 1
    ? qiContributions(enc.quasi.map((q) => q.name), after.sizes, (j) => (outcome.local ? outcome.local.sizesWithout(j) : sizesWithout(enc, outcome.levels, after, j)))
    : [];
  const sensitive = enc.sensitive.map((s) => {
    const ordered = sensitiveOrdered(s.name);
    const m = (cls: { classOf: Int32Array; sizes: Int32Array }) =>
      sensitiveMeasures({ column: s.name, classOf: cls.classOf, codes: s.codes, numClasses: cls.sizes.length, numValues: s.values.length, ordered });
    return { before: m(before), after: m(after) };
  });
  const level = new Map(outcome.local ? [] : enc.quasi.map((q, j) => [q.name, { level: outcome.levels[j]!, maxLevel: q.levels - 1 }]));
  const columns = ctx.columns.map((c) => (c.role === 'quasi' && level.has(c.name) ? { ...c, ...level.get(c.name)! } : c));
  const pop = ctx.populationTable;
  const popAfter = pop ? populationSizes(pop, enc, outcome.levels, after) : undefined;
  const report = buildReport({
    toolVersion: ctx.toolVersion,
    policySha256: ctx.policySha256,
    inputSha256: ctx.inputSha256,
    keyFingerprint: ctx.keyFingerprint ?? null,
    columns,
    before: before.sizes,
    after: afterSizes,
    suppressed: star ? 0 : outcome.suppressedCount,
    population: ctx.population ?? (pop ? { size: pop.rows } : null),
    ...(pop ? {
      populationSizesBefore: populationSizes(pop, enc, zeros, before),
      // the all-"*" class of star output matches every population record
      populationSizesAfter: star ? Int32Array.from([...popAfter!, pop.rows]) : popAfter!,
    } : {}),
    recordRiskThresholds: ctx.risk.recordRiskThresholds,
    loss: outcome.loss ? { ...outcome.loss, perColumn: outcome.local?.perColumnLoss ?? perColumnLoss(enc, outcome) } : null,
    sensitive,
    ...(outcome.explanations ? { explanations: outcome.explanations } : {}),
    contributions,
    ...(ctx.includeValues ? { includeValues: true, smallestClasses: smallestClasses(enc, outcome.levels, after, outcome.local?.label) } : {}),
  });
  return { report, gate: attachGate(report, ctx.risk) };
}

/** Checks the policy's thresholds (if any) on the report and records the result in it. */
export function attachGate(report: Report, risk: RiskPolicy): GateResult | undefined {
  const gate = Object.keys(risk.thresholds).length ? evaluateGate(report, risk.thresholds, { attacker: risk.attacker }) : undefined;
  if (gate) report.gate = gate;
  return gate;
}

/** Per quasi-identifier information loss, ARX's per-attribute "Loss" whatever the search's
 *  metric: the average over records of (leaves covered − 1)/(leaves − 1), a suppressed record
 *  counting 1 (Iyengar 2002; ARX MetricMDNMLoss). 0 = original values, 1 = all "*". */
export function perColumnLoss(enc: EncodedTable, outcome: Pick<Outcome, 'levels' | 'suppressed' | 'suppressedCount'>): Record<string, number> {
  const out: Record<string, number> = {};
  enc.quasi.forEach((q, j) => {
    const L = outcome.levels[j]!;
    const map = q.genMap[L]!;
    const leaves = q.leafCount[L]!;
    let s = 0;
    if (q.totalLeaves > 1) {
      for (let r = 0; r < enc.rows; r++) {
        s += outcome.suppressedCount && outcome.suppressed[r] ? 1 : (leaves[map[q.codes[r]!]!]! - 1) / (q.totalLeaves - 1);
      }
    }
    out[q.name] = enc.rows === 0 ? 0 : s / enc.rows;
  });
  return out;
}

/** Why each QI ended at its level: what one level lower would have cost (Report.explanations). */
export function explain(enc: EncodedTable, levels: number[], privacy: PrivacyConfig): LevelExplanation[] {
  const cap = Math.floor(privacy.suppressionLimit * enc.rows);
  return enc.quasi.map((q, j) => {
    if (levels[j] === 0) return { column: q.name, level: 0, lower: null };
    const lv = [...levels];
    lv[j] = levels[j]! - 1;
    const s = suppressionAt(enc, lv, privacy);
    return { column: q.name, level: levels[j]!, lower: { level: lv[j]!, satisfiable: s.suppressedCount <= cap, violatingRecords: s.suppressedCount, suppressed: s.suppressedCount } };
  });
}

export function runSearch(enc: EncodedTable, privacy: PrivacyConfig): Outcome & { search: SearchResult } {
  const result = search(enc, privacy);
  return {
    levels: result.levels,
    suppressed: result.suppressed,
    suppressedCount: result.suppressedCount,
    starSuppressed: privacy.suppressedOutput === 'star',
    loss: { metric: privacy.metric, value: result.loss },
    search: result,
    ...(result.found ? { explanations: explain(enc, result.levels, privacy) } : {}),
  };
}

/** Local recoding (Mondrian, src/recoding) in place of the search: levels stay 0, `local` holds
 *  the classes, labels and loss; found = false means the models cannot be met. */
export function runLocal(enc: EncodedTable, privacy: PrivacyConfig): Outcome & { local: LocalRecoding } {
  const local = mondrian(enc, privacy);
  return { levels: enc.quasi.map(() => 0), suppressed: local.suppressed, suppressedCount: local.suppressedCount, starSuppressed: privacy.suppressedOutput === 'star', loss: { metric: 'loss', value: local.loss }, local };
}

/** The five smallest released classes with their generalized labels (only for --report-values). */
export function smallestClasses(enc: EncodedTable, levels: number[], cls: { classOf: Int32Array; sizes: Int32Array }, labeler?: (j: number, row: number) => string): { size: number; labels: string[] }[] {
  const ids = [...cls.sizes.keys()].sort((a, b) => cls.sizes[a]! - cls.sizes[b]! || a - b).slice(0, 5);
  const want = new Set(ids);
  const first = new Map<number, number>();
  for (let r = 0; r < enc.rows && first.size < want.size; r++) {
    const c = cls.classOf[r]!;
    if (want.has(c) && !first.has(c)) first.set(c, r);
  }
  const label = labeler ?? rowLabeler(enc, levels);
  return ids.map((id) => ({ size: cls.sizes[id]!, labels: enc.quasi.map((_, j) => label(j, first.get(id)!)) }));
}
