// kanon audit — the re-identification risk of a dataset as it is, without writing data.
//
//   kanon audit data.csv --qi age,zip,sex --sensitive diagnosis --population 1000000
//   kanon audit data.csv --policy policy.json --report risk.json --report risk.html
//
// Streams the input once, dictionary-encoding only the quasi-identifier and sensitive columns
// (typed arrays, the plan pass's encoder at level 0), groups the records into equivalence classes on the original values, and
// builds the risk report (src/risk). With thresholds (policy `risk.thresholds`), a failing
// gate exits 4 — after the report files are written.
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { KanonError, closest } from '../errors.js';
import { loadPolicy } from '../policy/load.js';
import { bindPolicy, headerHint } from '../policy/bind.js';
import { inputSource } from '../io/input.js';
import { openTable } from '../io/read.js';
import type { Format } from '../io/types.js';
import { createEncoder } from '../search/index.js';
import type { SensitiveOrder } from '../search/index.js';
import { planPass, planPassOptions } from '../engine/frequencies.js';
import type { Engine } from '../engine/duckdb.js';
import { UNLIMITED } from '../resources.js';
import { enforceGate, identityHierarchy, riskReport, tableOptions } from '../plan/plan.js';
import type { Budget } from '../resources.js';
import { policyPopulationTable, readPopulation } from '../plan/population.js';
import { normalizeRisk, type GateResult, type Population, type Report, type RiskPolicy, type ColumnTransform } from '../risk/index.js';
import type { ColumnSpec, Role } from '../policy/types.js';
import type { Progress } from '../plan/plan.js';

export interface AuditOptions {
  input?: string;
  policy?: string;
  qi?: string[];
  sensitive?: string[];
  population?: Population;
  /** A population table (CSV/NDJSON/JSON with the QI columns) for journalist/marketer risk. */
  populationTable?: string;
  format?: Format;
  delimiter?: string;
  includeValues?: boolean;
  toolVersion: string;
  maxMemory?: number;
  /** --engine (issue 16): the plan-pass engine. */
  engine?: Engine;
}

export interface AuditResult {
  report: Report;
  gate: GateResult | undefined;
}

interface Target {
  name: string;
  index: number;
  spec?: ColumnSpec;
}

export interface AuditIO {
  stdin: Readable & { isTTY?: boolean };
  progress: Progress;
  budget?: Budget;
  /** Called with the report before a failing gate is thrown (report files, summary). */
  onReport?: (report: Report, gate: GateResult | undefined) => void;
}

export async function auditCommand(opts: AuditOptions, io: AuditIO): Promise<AuditResult> {
  if (!opts.policy && !opts.qi?.length) throw new KanonError('USAGE', 'give --policy FILE or --qi col1,col2,…');
  if (opts.policy && (opts.qi || opts.sensitive)) throw new KanonError('USAGE', 'give either --policy or --qi/--sensitive, not both');
  const policy = opts.policy ? loadPolicy(opts.policy) : undefined;
  const src = inputSource(opts.input, io.stdin);
  const hash = createHash('sha256');
  const format = opts.format ?? policy?.raw.input?.format;
  const delimiter = opts.delimiter ?? policy?.raw.input?.delimiter;
  const table = await openTable(src.open(), {
    ...tableOptions(
      src,
      { read: { ...(format ? { format } : {}), ...(delimiter ? { delimiter } : {}), ...(opts.engine ? { engine: opts.engine } : {}) } },
      { hash, bytes: io.progress.bytes },
    ),
    // The node engine reads CSV by pieces (src/plan/plan.ts encodePieces).
    ...(opts.engine !== 'duckdb' ? { split: true } : {}),
  });

  let quasi: Target[];
  let sensitive: Target[];
  let roles: ColumnTransform[];
  if (policy) {
    const bound = bindPolicy(policy, table.header, src.name);
    quasi = bound.byRole('quasi').map((c) => ({ name: c.name, index: c.index, spec: c.spec }));
    sensitive = bound.byRole('sensitive').map((c) => ({ name: c.name, index: c.index, spec: c.spec }));
    roles = bound.columns.map((c) => ({
      name: c.name,
      role: c.spec.role,
      ...(c.spec.operator ? { operator: c.spec.operator } : {}),
      ...(c.spec.role === 'quasi' ? { level: 0 } : {}),
    }));
    if (!quasi.length) throw new KanonError('POLICY_INVALID', 'the policy has no quasi-identifier to audit', { file: policy.file, path: '/columns' });
  } else {
    const find = (name: string, flag: string): Target => {
      const index = table.header.indexOf(name);
      if (index < 0) {
        // Header names are data until matched: a close one is shown as a short prefix only.
        const hint = closest(name, table.header);
        throw new KanonError(
          'USAGE',
          `${flag} names a column the input does not have${hint ? ` (input column ${table.header.indexOf(hint) + 1}, ${JSON.stringify(headerHint(hint))}, is close)` : ''}`,
          { file: src.name, column: name },
        );
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

  // One pass: only the encoded columns are kept (the plan pass's encoder, at level 0 only).
  const { enc, sha256 } = await planPass(
    table,
    {
      quasi: quasi.map((q) => ({ col: q, hierarchy: identityHierarchy })),
      sensitive: sensitive.map((s) => ({ col: s, ...(s.spec?.order !== undefined ? { order: s.spec.order as SensitiveOrder } : {}) })),
    },
    { phase: () => io.progress.phase('reading'), add: (n) => io.progress.add(n) },
    io.budget ?? UNLIMITED,
    undefined,
    planPassOptions(opts.engine, src, io.progress.bytes),
  );
  io.progress.phase('measuring');
  const popFile = opts.populationTable ?? (policy ? policyPopulationTable(policy) : undefined);
  const populationTable = popFile
    ? await readPopulation(
        popFile,
        quasi.map((q) => ({ name: q.name, hierarchy: identityHierarchy })),
      )
    : undefined;
  const none = new Uint8Array(enc.rows);
  const { report, gate } = riskReport(
    enc,
    { levels: quasi.map(() => 0), suppressed: none, suppressedCount: 0, starSuppressed: false },
    {
      toolVersion: opts.toolVersion,
      policySha256: policy?.sha256 ?? '',
      inputSha256: sha256 ?? hash.digest('hex'),
      columns: roles,
      risk,
      population: population ?? null,
      ...(populationTable ? { populationTable } : {}),
      includeValues: !!opts.includeValues,
      ...(io.budget ? { budget: io.budget } : {}),
      dataset: src.name,
      asIs: true,
    },
    (name) => sensitive.some((s) => s.name === name && s.spec?.order !== undefined),
  );
  io.onReport?.(report, gate);
  enforceGate(gate);
  return { report, gate };
}
