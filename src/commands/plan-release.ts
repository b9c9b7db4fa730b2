// kanon plan — search once on a reference batch and freeze the result as a plan file, to be
// applied unchanged to later batches with `kanon run --plan` (issue 15).
//
//   kanon plan reference.csv -p policy.json --plan-out plan.json -r reference.md
//   kanon run  today.csv     -p policy.json --plan plan.json -o release.csv -r release.md
//
//   kanon plan --frequencies counts.csv -p policy.json --plan-out plan.json
//
// With --frequencies the plan pass reads a frequency set instead of the rows (one GROUP BY's
// result: the quasi-identifier and sensitive columns and a count; src/plan/frequencies.ts):
// same search, report and plan, whose reference is then the frequency file (its sha256) and
// the records it counts.
// The plan pass is `run`'s (encodePass, runSearch, riskReport from ./plan.ts); the reference
// batch must pass the policy's gate, else no plan is written (exit 4, reports still written).
// The plan file holds digests, levels and counts, never a cell value (src/planfile/types.ts).
import { createHash } from 'node:crypto';
import type { Readable, Writable } from 'node:stream';
import { KanonError } from '../errors.js';
import { loadPolicy } from '../policy/load.js';
import { bindPolicy } from '../policy/bind.js';
import { inputSource } from '../io/input.js';
import { openTable } from '../io/read.js';
import { checkNotSameFile, openOutput } from '../io/output.js';
import type { Format } from '../io/types.js';
import type { KeyRing } from '../operators/types.js';
import type { GateResult, Report } from '../risk/index.js';
import { planPass, planPassOptions } from '../engine/frequencies.js';
import type { Engine } from '../engine/duckdb.js';
import { UNLIMITED } from '../resources.js';
import { enforceGate, policyColumns, riskReport, runSearch, searchPrivacy, tableOptions, type Progress } from '../plan/plan.js';
import { readPopulation } from '../plan/population.js';
import { normalizeConfig, type RunConfig } from '../policy/normalize.js';
import type { Budget } from '../resources.js';
import { columnsOf, fingerprint } from './run.js';
import { buildPlan } from '../planfile/build.js';
import { hierarchyDigests } from '../planfile/digest.js';
import { renderPlan } from '../planfile/load.js';
import { sha256 } from '../planfile/canonical.js';
import type { HierarchyDigest, PlanFile } from '../planfile/types.js';
import type { BoundPolicy, Policy } from '../policy/types.js';
import type { EncodedTable } from '../search/index.js';
import { readFrequencyFile } from '../plan/frequencies.js';

export interface PlanReleaseOptions {
  input?: string;
  policy: string;
  /** Where the plan goes ("-" or undefined: stdout). */
  planOut?: string;
  format?: Format;
  delimiter?: string;
  reportValues?: boolean;
  toolVersion?: string;
  /** Written into the plan as is (a clock would break byte-identical plans). */
  createdAt?: string;
  /** Plan from this frequency file instead of the rows (input must then be absent). */
  frequencies?: string;
  /** The frequency file's count column (default "count"). */
  countColumn?: string;
  /** --engine (issue 16): the plan-pass engine. */
  engine?: Engine;
}

export interface PlanReleaseIO {
  stdin: Readable & { isTTY?: boolean };
  keys: KeyRing;
  progress: Progress;
  onReport?: (report: Report, gate: GateResult | undefined) => void;
  budget?: Budget;
}

export interface PlanReleaseSummary {
  plan: PlanFile;
  /** sha256 of the plan file's bytes. */
  sha256: string;
  output: string;
}

export async function planReleaseCommand(opts: PlanReleaseOptions, io: PlanReleaseIO): Promise<PlanReleaseSummary> {
  const policy = loadPolicy(opts.policy);
  if (!policy.columns.some((c) => c.spec.role === 'quasi')) {
    throw new KanonError('USAGE', 'kanon plan needs a policy with quasi-identifiers (there is nothing to plan)', { file: policy.file, path: '/columns' });
  }
  if (opts.frequencies !== undefined && opts.input !== undefined) {
    throw new KanonError('USAGE', 'give the reference batch or --frequencies, not both');
  }
  if (opts.countColumn !== undefined && opts.frequencies === undefined) throw new KanonError('USAGE', '--count-column needs --frequencies');
  checkNotSameFile(opts.input ?? opts.frequencies, opts.planOut);
  const hierarchies = hierarchyDigests(policy);
  // Opened first so an unwritable target fails before the search; removed on any failure.
  const out = openOutput(opts.planOut);
  try {
    const plan = await makePlan(policy, hierarchies, opts, io);
    const text = renderPlan(plan);
    await new Promise<void>((res, rej) => (out.stream as Writable).write(text, (e) => (e ? rej(e) : res())));
    await out.commit();
    return { plan, sha256: sha256(text), output: opts.planOut && opts.planOut !== '-' ? opts.planOut : '<stdout>' };
  } catch (e) {
    out.abort();
    if (e instanceof KanonError) throw e;
    throw new KanonError('OUTPUT_WRITE', 'cannot write the plan file', { ...(opts.planOut ? { file: opts.planOut } : {}) });
  }
}

async function makePlan(policy: Policy, hierarchies: HierarchyDigest[], opts: PlanReleaseOptions, io: PlanReleaseIO): Promise<PlanFile> {
  // The same configuration, checks and plan pass as `kanon run` (src/plan/plan.ts).
  const config: RunConfig = normalizeConfig(
    policy,
    {
      ...(opts.input !== undefined ? { input: opts.input } : {}),
      ...(opts.format !== undefined ? { format: opts.format } : {}),
      ...(opts.delimiter !== undefined ? { delimiter: opts.delimiter } : {}),
      ...(opts.engine !== undefined ? { engine: opts.engine } : {}),
      reportValues: !!opts.reportValues,
    },
    'run',
    { keys: io.keys },
  );
  const { enc, bound, inputSha256, name } = await planInput(policy, config, opts, io);
  const cols = policyColumns(bound, config);
  const privacy = config.privacy!;
  io.progress.phase('searching');
  const found = runSearch(enc, searchPrivacy(privacy, config.risk), io.budget);
  if (!found.search.found) {
    throw new KanonError(
      'PRIVACY_UNSATISFIABLE',
      'no generalization satisfies the privacy models within the suppression limit (raise suppressionLimit, add hierarchy levels, or lower k/l/t)',
      { file: policy.file, path: '/privacy' },
    );
  }
  const risk = config.risk;
  const popFile = config.populationTable;
  const populationTable =
    popFile === undefined
      ? undefined
      : await readPopulation(
          popFile,
          cols.quasi.map((q) => ({ name: q.col.name, hierarchy: q.hierarchy })),
        );
  const keyFingerprint = fingerprint(bound, io.keys);
  const { report, gate } = riskReport(
    enc,
    found,
    {
      toolVersion: opts.toolVersion ?? '',
      policySha256: policy.sha256,
      inputSha256,
      keyFingerprint,
      columns: columnsOf(bound),
      risk,
      population: risk.population,
      ...(populationTable ? { populationTable } : {}),
      includeValues: !!opts.reportValues,
      ...(io.budget ? { budget: io.budget } : {}),
      dataset: name,
      k: privacy.k,
    },
    (name) => privacy.tCloseness.find((t) => t.column === name)?.measure ?? bound.columns.some((c) => c.name === name && c.spec.order !== undefined),
  );
  io.onReport?.(report, gate);
  enforceGate(gate);
  return buildPlan({
    toolVersion: opts.toolVersion ?? '',
    ...(opts.createdAt !== undefined ? { createdAt: opts.createdAt } : {}),
    policySha256: policy.sha256,
    hierarchies,
    enc,
    levels: found.levels,
    privacy,
    search: found.search,
    keyFingerprint,
    report,
  });
}

/** The plan pass's encoded table: from the rows (encodePass, as kanon run), or from a
 *  frequency file (the same columns, weighted by its counts). */
async function planInput(
  policy: Policy,
  config: RunConfig,
  opts: PlanReleaseOptions,
  io: PlanReleaseIO,
): Promise<{ enc: EncodedTable; bound: BoundPolicy; inputSha256: string; name: string }> {
  if (opts.frequencies !== undefined) {
    return readFrequencyFile(opts.frequencies, io.stdin, policy, config, {
      ...(opts.countColumn !== undefined ? { countColumn: opts.countColumn } : {}),
      ...(opts.format !== undefined ? { format: opts.format } : {}),
      ...(opts.delimiter !== undefined ? { delimiter: opts.delimiter } : {}),
      progress: io.progress,
      ...(io.budget ? { budget: io.budget } : {}),
    });
  }
  const src = inputSource(opts.input, io.stdin);
  const hash = createHash('sha256');
  // The node engine reads CSV by pieces (src/plan/plan.ts encodePieces).
  const table = await openTable(src.open(), {
    ...tableOptions(src, config, { hash, bytes: io.progress.bytes }),
    ...(config.read.engine !== 'duckdb' ? { split: true } : {}),
  });
  const bound = bindPolicy(policy, table.header, src.name);
  const { enc, sha256 } = await planPass(
    table,
    policyColumns(bound, config),
    io.progress,
    io.budget ?? UNLIMITED,
    undefined,
    planPassOptions(config.read.engine, src, io.progress.bytes),
  );
  return { enc, bound, inputSha256: sha256 ?? hash.digest('hex'), name: src.name };
}
