// kanon audit — the re-identification risk of a dataset as it is, without writing data.
//
//   kanon audit data.csv --qi age,zip,sex --sensitive diagnosis --population 1000000
//   kanon audit data.csv --policy policy.json --report risk.json --report risk.html
//
// Streams the input once, dictionary-encoding only the quasi-identifier and sensitive columns
// (typed arrays), groups the records into equivalence classes on the original values, and
// builds the risk report (src/risk). With thresholds (policy `risk.thresholds`), a failing
// gate exits 4 — after the report files are written.
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { KanonError, closest } from '../errors.js';
import { loadPolicy } from '../policy/load.js';
import { bindPolicy } from '../policy/bind.js';
import { inputSource } from '../io/input.js';
import { openTable } from '../io/read.js';
import type { Format } from '../io/types.js';
import { ColumnCodes, groupRows } from '../risk/classes.js';
import {
  buildReport, evaluateGate, normalizeRisk, qiContributions, sensitiveMeasures,
  type GateResult, type Population, type Report, type RiskPolicy, type ColumnTransform,
} from '../risk/index.js';
import type { ColumnSpec, Role } from '../policy/types.js';
import type { Progress } from '../cli/progress.js';

export interface AuditOptions {
  input?: string;
  policy?: string;
  qi?: string[];
  sensitive?: string[];
  population?: Population;
  format?: Format;
  delimiter?: string;
  includeValues?: boolean;
  toolVersion: string;
}

export interface AuditResult {
  report: Report;
  gate: GateResult | undefined;
}

interface Target { name: string; index: number; spec?: ColumnSpec }

export async function auditCommand(opts: AuditOptions, io: { stdin: Readable & { isTTY?: boolean }; progress: Progress }): Promise<AuditResult> {
  if (!opts.policy && !opts.qi?.length) throw new KanonError('USAGE', 'give --policy FILE or --qi col1,col2,…');
  if (opts.policy && (opts.qi || opts.sensitive)) throw new KanonError('USAGE', 'give either --policy or --qi/--sensitive, not both');
  const policy = opts.policy ? loadPolicy(opts.policy) : undefined;
  const src = inputSource(opts.input, io.stdin);
  const hash = createHash('sha256');
  const format = opts.format ?? policy?.raw.input?.format;
  const delimiter = opts.delimiter ?? policy?.raw.input?.delimiter;
  const table = await openTable(src.open(), {
    file: src.name,
    ...(src.path ? { path: src.path } : {}),
    ...(format ? { format } : {}),
    ...(delimiter ? { delimiter } : {}),
    counter: Object.assign(io.progress.bytes, { onChunk: (b: Buffer) => hash.update(b) }),
  });

  let quasi: Target[];
  let sensitive: Target[];
  let roles: ColumnTransform[];
  if (policy) {
    const bound = bindPolicy(policy, table.header, src.name);
    quasi = bound.byRole('quasi').map((c) => ({ name: c.name, index: c.index, spec: c.spec }));
    sensitive = bound.byRole('sensitive').map((c) => ({ name: c.name, index: c.index, spec: c.spec }));
    roles = bound.columns.map((c) => ({ name: c.name, role: c.spec.role, ...(c.spec.operator ? { operator: c.spec.operator } : {}), ...(c.spec.role === 'quasi' ? { level: 0 } : {}) }));
    if (!quasi.length) throw new KanonError('POLICY_INVALID', 'the policy has no quasi-identifier to audit', { file: policy.file, path: '/columns' });
  } else {
    const find = (name: string, flag: string): Target => {
      const index = table.header.indexOf(name);
      if (index < 0) {
        const hint = closest(name, table.header);
        throw new KanonError('USAGE', `${flag} names a column the input does not have${hint ? ` (did you mean ${JSON.stringify(hint)}?)` : ''}`, { file: src.name, column: name });
      }
      return { name, index };
    };
    quasi = opts.qi!.map((n) => find(n, '--qi'));
    sensitive = (opts.sensitive ?? []).map((n) => find(n, '--sensitive'));
    const role = (name: string): Role => (opts.qi!.includes(name) ? 'quasi' : opts.sensitive?.includes(name) ? 'sensitive' : 'insensitive');
    roles = table.header.map((name) => ({ name, role: role(name), ...(role(name) === 'quasi' ? { level: 0 } : {}) }));
  }
  const risk: RiskPolicy = normalizeRisk(policy?.raw.risk);
  const population = opts.population ?? risk.population;

  // One pass: only the encoded columns are kept.
  io.progress.phase('reading');
  const qCodes = quasi.map(() => new ColumnCodes());
  const sCodes = sensitive.map(() => new ColumnCodes());
  let n = 0;
  for await (const batch of table.batches) {
    for (const row of batch.rows) {
      for (let j = 0; j < quasi.length; j++) qCodes[j]!.add(row[quasi[j]!.index]!);
      for (let j = 0; j < sensitive.length; j++) sCodes[j]!.add(row[sensitive[j]!.index]!);
    }
    n += batch.rows.length;
    io.progress.add(batch.rows.length);
  }
  io.progress.phase('measuring');
  const cols = qCodes.map((c) => ({ codes: c.view(), cardinality: c.cardinality }));
  const classes = groupRows(cols, n);
  const contributions = quasi.length > 1
    ? qiContributions(quasi.map((q) => q.name), classes.sizes, (i) => groupRows(cols.filter((_, j) => j !== i), n).sizes)
    : [];
  const sens = sensitive.map((s, j) => {
    const ordered = orderCodes(sCodes[j]!, s.spec?.order, src.name, s.name);
    return { after: sensitiveMeasures({ column: s.name, classOf: classes.classOf, codes: ordered.codes, numClasses: classes.sizes.length, numValues: sCodes[j]!.cardinality, ordered: ordered.ordered }) };
  });
  const report = buildReport({
    toolVersion: opts.toolVersion,
    policySha256: policy?.sha256 ?? '',
    inputSha256: hash.digest('hex'),
    columns: roles,
    before: classes.sizes,
    after: classes.sizes,
    suppressed: 0,
    population: population ?? null,
    recordRiskThresholds: risk.recordRiskThresholds,
    sensitive: sens,
    contributions,
    ...(opts.includeValues ? { includeValues: true, smallestClasses: smallestClasses(classes, qCodes, n) } : {}),
  });
  const gate = Object.keys(risk.thresholds).length ? evaluateGate(report, risk.thresholds, { attacker: risk.attacker }) : undefined;
  if (gate) report.gate = gate;
  return { report, gate };
}

/** Codes in the attribute's order for ordered-distance t ("numeric", "lexical" or a list). */
function orderCodes(col: ColumnCodes, order: unknown, file: string, column: string): { codes: Int32Array; ordered: boolean } {
  if (order === undefined) return { codes: col.view(), ordered: false };
  const values = [...col.dict.keys()];
  let sorted: string[];
  if (order === 'numeric') {
    if (values.some((v) => Number.isNaN(Number(v)) || v.trim() === '')) {
      throw new KanonError('INPUT_VALUE', 'a value of this column is not a number, so "order": "numeric" cannot sort it', { file, column });
    }
    sorted = values.sort((a, b) => Number(a) - Number(b));
  } else if (order === 'lexical') {
    sorted = values.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  } else {
    const rank = new Map((order as string[]).map((v, i) => [v, i]));
    if (values.some((v) => !rank.has(v))) throw new KanonError('INPUT_VALUE', 'a value of this column is not in its "order" list', { file, column });
    sorted = values.sort((a, b) => rank.get(a)! - rank.get(b)!);
  }
  const remap = new Int32Array(values.length);
  sorted.forEach((v, i) => { remap[col.dict.get(v)!] = i; });
  const src = col.view();
  const codes = new Int32Array(src.length);
  for (let r = 0; r < src.length; r++) codes[r] = remap[src[r]!]!;
  return { codes, ordered: true };
}

/** The five smallest classes with their QI values (only for --report-values). */
function smallestClasses(classes: { classOf: Int32Array; sizes: Int32Array }, qCodes: ColumnCodes[], n: number): { size: number; labels: string[] }[] {
  const ids = [...classes.sizes.keys()].sort((a, b) => classes.sizes[a]! - classes.sizes[b]! || a - b).slice(0, 5);
  const firstRow = new Map<number, number>();
  for (let r = 0; r < n && firstRow.size < ids.length; r++) if (ids.includes(classes.classOf[r]!) && !firstRow.has(classes.classOf[r]!)) firstRow.set(classes.classOf[r]!, r);
  const names = qCodes.map((c) => [...c.dict.keys()]);
  return ids.map((id) => ({ size: classes.sizes[id]!, labels: qCodes.map((c, j) => names[j]![c.view()[firstRow.get(id)!]!]!) }));
}
