// kanon run — apply a policy to a dataset and write the de-identified result.
//
//   kanon run data.csv --policy policy.json -o out.csv
//   cat data.csv | kanon run --policy policy.json - > out.csv
//
// Flow (DESIGN.md): policy → (with quasi-identifiers: plan pass → search → risk report →
// gate) → export pass through compiled per-column closures, to a temp file renamed at the
// end, or stdout. Stdin is spooled to a private temp file when it must be read twice.
import { createReadStream } from 'node:fs';
import { createHash, type Hash } from 'node:crypto';
import type { Readable, Writable } from 'node:stream';
import { KanonError } from '../errors.js';
import { loadPolicy } from '../policy/load.js';
import { bindPolicy } from '../policy/bind.js';
import { inputSource, type InputSource } from '../io/input.js';
import { openTable } from '../io/read.js';
import { createWriter } from '../io/write.js';
import { checkNotSameFile, openOutput } from '../io/output.js';
import { spool, type Spool } from '../io/spool.js';
import type { Format, Table } from '../io/types.js';
import { compileRowPipeline, transformBatch } from '../pipeline.js';
import { OPERATORS } from '../operators/registry.js';
import type { CellFn, KeyRing, OperatorStats } from '../operators/types.js';
import type { BoundPolicy, Policy } from '../policy/types.js';
import { rowLabeler } from '../search/index.js';
import { buildReport, normalizeRisk, gateError, type GateResult, type Report } from '../risk/index.js';
import { attachGate, encodePass, policyColumns, privacyConfig, riskReport, runLocal, runSearch, type Outcome } from './plan.js';
import { policyPopulationTable, readPopulation } from './population.js';
import type { Progress } from '../cli/progress.js';

export interface RunOptions {
  input?: string;
  policy: string;
  output?: string;
  format?: Format;
  delimiter?: string;
  to?: Format;
  outDelimiter?: string;
  escapeFormulas?: boolean;
  /** Reverse the reversible operators (kanon reveal). */
  reverse?: boolean;
  /** Plan, search and report; write no data. */
  dryRun?: boolean;
  /** Let the report show the smallest classes' generalized values. */
  reportValues?: boolean;
  toolVersion?: string;
  /** Token collisions are fatal (TOKEN_COLLISION, exit 4, nothing written). */
  failOnCollision?: boolean;
}

export interface RunIO {
  stdin: Readable & { isTTY?: boolean };
  keys: KeyRing;
  progress: Progress;
  /** Called with the report before anything is exported (write report files, print the summary). */
  onReport?: (report: Report, gate: GateResult | undefined) => void;
}

export interface RunSummary {
  input: string;
  output: string;
  recordsIn: number;
  recordsOut: number;
  columnsIn: number;
  columnsOut: number;
  collisions: number;
  ms: number;
  dryRun: boolean;
  /** Fingerprint of the key the keyed operators used (null when none did). */
  keyFingerprint: string | null;
  search?: { levels: Record<string, number>; suppressed: number; loss: number; classes: number; nodesEvaluated: number; nodesTotal: number; ms: number };
}

function tableOptions(src: InputSource, policy: Policy, opts: RunOptions, counter: Progress['bytes']): Parameters<typeof openTable>[1] {
  const format = opts.format ?? policy.raw.input?.format;
  const delimiter = opts.delimiter ?? policy.raw.input?.delimiter;
  return { file: src.name, ...(src.path ? { path: src.path } : {}), ...(format ? { format } : {}), ...(delimiter ? { delimiter } : {}), counter };
}

export async function runCommand(opts: RunOptions, io: RunIO): Promise<RunSummary> {
  const t0 = performance.now();
  const policy = loadPolicy(opts.policy);
  checkNotSameFile(opts.input, opts.output);
  const planned = !opts.reverse && policy.columns.some((c) => c.spec.role === 'quasi');
  let src = inputSource(opts.input, io.stdin);
  let spooled: Spool | undefined;
  try {
    if (planned && !src.path) {
      // Stdin is read twice (plan, export): copy it to a private temp file first.
      spooled = await spool(src.open());
      const path = spooled.path;
      src = { name: src.name, open: () => createReadStream(path, { highWaterMark: 256 * 1024 }) };
    }
    return await runWith(src, policy, planned, opts, io, t0);
  } finally {
    spooled?.remove();
  }
}

async function runWith(src: InputSource, policy: Policy, planned: boolean, opts: RunOptions, io: RunIO, t0: number): Promise<RunSummary> {
  const hash1 = createHash('sha256');
  const counter = Object.assign(io.progress.bytes, { onChunk: (b: Buffer) => hash1.update(b) });
  let table = await openTable(src.open(), tableOptions(src, policy, opts, counter));
  const bound = bindPolicy(policy, table.header, src.name, opts.reverse ? { mayBeAbsent: (spec) => spec.operator === 'drop' } : {});
  const stats: OperatorStats = { collisions: 0 };

  let outcome: (Outcome & { rows: number }) | undefined;
  let quasi: Map<number, CellFn> | undefined;
  const cursor = { row: 0 };
  let hash2: Hash | undefined;
  let inputSha256 = '';
  if (planned) {
    const cols = policyColumns(bound);
    const privacy = privacyConfig(bound);
    const enc = await encodePass(table, src.name, cols, io.progress);
    io.progress.phase('searching');
    const found = privacy.recoding === 'local' ? runLocal(enc, privacy) : runSearch(enc, privacy);
    if (!(found.local?.found ?? found.search?.found)) {
      throw new KanonError('PRIVACY_UNSATISFIABLE', 'no generalization satisfies the privacy models within the suppression limit (raise suppressionLimit, add hierarchy levels, or lower k/l/t)', { file: policy.file, path: '/privacy' });
    }
    outcome = { ...found, rows: enc.rows };
    inputSha256 = hash1.digest('hex');
    const risk = normalizeRisk(policy.raw.risk);
    const popFile = policyPopulationTable(policy);
    if (found.local && popFile !== undefined) throw new KanonError('POLICY_INVALID', 'a population table is not supported with local recoding yet', { file: policy.file, path: '/risk/populationTable' });
    const populationTable = popFile === undefined ? undefined
      : await readPopulation(popFile, cols.quasi.map((q) => ({ name: q.col.name, hierarchy: q.hierarchy })));
    const { report, gate } = riskReport(enc, found, {
      toolVersion: opts.toolVersion ?? '',
      policySha256: policy.sha256,
      inputSha256,
      keyFingerprint: fingerprint(bound, io.keys),
      columns: columnsOf(bound),
      risk,
      population: risk.population,
      ...(populationTable ? { populationTable } : {}),
      includeValues: !!opts.reportValues,
    }, (name) => privacy.tCloseness.some((t) => t.column === name && t.measure === 'ordered') || bound.columns.some((c) => c.name === name && c.spec.order !== undefined));
    io.onReport?.(report, gate);
    if (gate && !gate.passed) throw gateError(gate);
    if (opts.dryRun) return summaryOf(src, opts, bound, io.keys, 0, 0, 0, stats, t0, outcome);
    // Export pass: generalized labels come from the plan pass's codes, by row number; the
    // input is hashed again and must be the same bytes, else the output is discarded.
    const label = found.local ? found.local.label : rowLabeler(enc, found.levels);
    const star = found.starSuppressed;
    const supp = found.suppressed;
    quasi = new Map(cols.quasi.map((q, j) => [q.col.index, star ? () => (supp[cursor.row] ? '*' : label(j, cursor.row)) : () => label(j, cursor.row)]));
    hash2 = createHash('sha256');
    const h2 = hash2;
    table = await openTable(src.open(), tableOptions(src, policy, opts, Object.assign(io.progress.bytes, { bytes: 0, onChunk: (b: Buffer) => h2.update(b) })));
  } else if (opts.dryRun) {
    throw new KanonError('USAGE', '--dry-run needs a policy with quasi-identifiers (there is nothing to plan)');
  } else if (!opts.reverse && Object.keys(normalizeRisk(policy.raw.risk).thresholds).length && (!opts.output || opts.output === '-')) {
    // Without quasi-identifiers the report is made after the export pass; a failing gate can
    // then only be honoured (nothing written) for a file, whose commit it can stop.
    throw new KanonError('USAGE', 'risk thresholds on a policy without quasi-identifiers need -o FILE (the gate is checked before the file is kept)', { file: policy.file, path: '/risk/thresholds' });
  }

  const pipeline = compileRowPipeline(bound, { keys: io.keys, stats, ...(quasi ? { quasi } : {}), ...(opts.reverse ? { reverse: true } : {}) });
  const outFormat = opts.to ?? policy.raw.output?.format ?? table.format;
  const out = openOutput(opts.output);
  let recordsIn = 0;
  let recordsOut = 0;
  try {
    const writer = createWriter(out.stream as Writable, {
      format: outFormat,
      header: pipeline.header,
      delimiter: opts.outDelimiter ?? policy.raw.output?.delimiter ?? (table.format === 'csv' ? table.delimiter : ','),
      escapeFormulas: opts.escapeFormulas ?? policy.raw.output?.escapeFormulas ?? true,
    });
    io.progress.phase('writing');
    const removeSuppressed = outcome && !outcome.starSuppressed && outcome.suppressedCount > 0 ? outcome.suppressed : undefined;
    for await (const batch of table.batches) {
      const base = recordsIn;
      if (outcome && base + batch.rows.length > outcome.rows) throw changedInput(src.name);
      const rows = transformBatch(pipeline, batch.rows, batch.lines, src.name, table.header, (i) => {
        cursor.row = base + i;
        return removeSuppressed !== undefined && removeSuppressed[base + i] === 1;
      });
      recordsIn += batch.rows.length;
      recordsOut += rows.length;
      io.progress.add(batch.rows.length);
      await writer.write(rows);
    }
    await writer.end();
    if (stats.collisions > 0 && (opts.failOnCollision ?? policy.raw.output?.failOnCollision)) {
      throw new KanonError('TOKEN_COLLISION', `${stats.collisions} pseudonym collision(s): different values got the same token; nothing was written (use a longer "length")`, { file: policy.file });
    }
    if (outcome && (recordsIn !== outcome.rows || hash2!.digest('hex') !== inputSha256)) throw changedInput(src.name);
    if (!outcome && !opts.reverse) {
      // No quasi-identifiers: every released record is in one class (nothing singles a record
      // out); the report says so, and its gate decides whether the file is kept.
      const risk = normalizeRisk(policy.raw.risk);
      const report = buildReport({
        toolVersion: opts.toolVersion ?? '', policySha256: policy.sha256, inputSha256: hash1.digest('hex'),
        keyFingerprint: fingerprint(bound, io.keys), columns: columnsOf(bound),
        before: recordsIn ? [recordsIn] : [], after: recordsOut ? [recordsOut] : [], suppressed: 0,
        population: risk.population, recordRiskThresholds: risk.recordRiskThresholds,
      });
      const gate = attachGate(report, risk);
      io.onReport?.(report, gate);
      if (gate && !gate.passed) throw gateError(gate);
    }
    await out.commit();
  } catch (e) {
    out.abort();
    throw e;
  }
  return summaryOf(src, opts, bound, io.keys, recordsIn, recordsOut, pipeline.header.length, stats, t0, outcome);
}

function changedInput(file: string): KanonError {
  return new KanonError('INPUT_READ', 'the input changed between the plan pass and the export pass; nothing was written', { file });
}

function columnsOf(bound: BoundPolicy) {
  return bound.columns.map((c) => ({ name: c.name, role: c.spec.role, ...(c.spec.operator ? { operator: c.spec.operator } : {}) }));
}

/** The key's fingerprint for the report, when the policy uses a keyed operator. */
function fingerprint(bound: BoundPolicy, keys: KeyRing): string | null {
  const keyed = bound.byRole('identifier').find((c) => OPERATORS[c.spec.operator ?? '']?.keyed);
  if (!keyed) return null;
  return keys.fingerprint(typeof keyed.spec.key === 'string' ? keyed.spec.key : undefined);
}

function summaryOf(src: InputSource, opts: RunOptions, bound: BoundPolicy, keys: KeyRing, recordsIn: number, recordsOut: number, columnsOut: number, stats: OperatorStats, t0: number, outcome: (Outcome & { rows: number }) | undefined): RunSummary {
  const s = outcome?.search;
  return {
    input: src.name,
    output: opts.dryRun ? '(dry run: nothing written)' : opts.output && opts.output !== '-' ? opts.output : '<stdout>',
    recordsIn: outcome ? outcome.rows : recordsIn,
    recordsOut,
    columnsIn: bound.header.length,
    columnsOut,
    collisions: stats.collisions,
    ms: performance.now() - t0,
    dryRun: !!opts.dryRun,
    keyFingerprint: fingerprint(bound, keys),
    ...(s && outcome ? {
      search: {
        levels: Object.fromEntries(bound.byRole('quasi').map((c, j) => [c.name, outcome.levels[j]!])),
        suppressed: outcome.suppressedCount,
        loss: s.loss,
        classes: s.classCount,
        nodesEvaluated: s.nodesEvaluated,
        nodesTotal: s.nodesTotal,
        ms: s.ms,
      },
    } : {}),
  };
}
