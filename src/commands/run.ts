// kanon run — apply a policy to a dataset and write the de-identified result.
//
//   kanon run data.csv --policy policy.json -o out.csv
//   cat data.csv | kanon run --policy policy.json - > out.csv
//
// Flow (DESIGN.md): policy → (with quasi-identifiers: plan pass → search → risk report →
// gate) → export pass through compiled per-column closures, to a temp file renamed at the
// end, or stdout. Stdin is spooled to a private temp file when it must be read twice.
import type { Worker } from 'node:worker_threads';
import { statSync } from 'node:fs';
import { createHash, type Hash } from 'node:crypto';
import type { Readable, Writable } from 'node:stream';
import { KanonError } from '../errors.js';
import { bindPolicy } from '../policy/bind.js';
import { inputSource, type InputSource } from '../io/input.js';
import { openTable } from '../io/read.js';
import { createWriter } from '../io/write.js';
import { checkNotSameFile, openOutput, outputFormatFor } from '../io/output.js';
import { spool, type Spool } from '../io/spool.js';
import type { Batch, Format, Table } from '../io/types.js';
import { compileRowPipeline, transformBatch } from '../pipeline.js';
import { OPERATORS } from '../operators/registry.js';
import type { CellFn, KeyRing, OperatorStats } from '../operators/types.js';
import type { BoundPolicy, Policy } from '../policy/types.js';
import { NOT_PLANNED_MESSAGE, NotPlanned, layoutLabels, localTables, releaseOf, releaseOperators, releaseTables, type ReleaseSpec } from '../plan/release.js';
import type { WorkerInit } from '../parallel/protocol.js';
import { buildReport, type GateResult, type Report } from '../risk/index.js';
import { basename } from 'node:path';
import { columnWarnings } from '../risk/warnings.js';
import { openFrozen, type Frozen } from '../planfile/apply.js';
import { syncPhase } from '../resources.js';
import { releaseGroupScratch } from '../search/group.js';
import { parallelExport, piecesOf, recordingKeys, spawnWorkers } from '../parallel/export.js';
import { allPieces, pieceBytes } from '../parallel/split.js';
import { labelFormat, pieceRunner, type PieceSetup } from '../parallel/piece.js';
import { MAX_RECORD_SIZE } from '../io/read-csv.js';
import {
  attachGate,
  SAMPLE_ROWS,
  enforceGate,
  searchPrivacy,
  policyColumns,
  riskReport,
  runLocal,
  runSearch,
  tableOptions,
  type Outcome,
  type Progress,
} from '../plan/plan.js';
import { readPopulation } from '../plan/population.js';
import type { RunConfig } from '../policy/normalize.js';
import { UNLIMITED, type Budget } from '../resources.js';
import { planEngine, planPass, planPassOptions } from '../engine/frequencies.js';

/** What to change when the export pass would pass the memory budget. */
const EXPORT_ADVICE = 'use --threads 1 (each worker holds pieces and the release tables), or fewer quasi-identifier columns';
export interface RunIO {
  stdin: Readable & { isTTY?: boolean };
  keys: KeyRing;
  progress: Progress;
  toolVersion?: string;
  /** Read this instead of config.input (the programmatic API; tests). */
  source?: InputSource;
  /** The memory budget (--max-memory); unlimited when not given. */
  budget?: Budget;
  /** Worker threads for a single-pass export (--threads; src/parallel/); 1 or none: this thread. */
  threads?: number;
  /** Called with the report before anything is exported (write report files, print the summary). */
  onReport?: (report: Report, gate: GateResult | undefined) => void;
}

export interface RunSummary {
  /** Worker threads the export ran on (absent: this thread). */
  threads?: number;
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
  search?: {
    levels: Record<string, number>;
    suppressed: number;
    loss: number;
    classes: number;
    nodesEvaluated: number;
    latticeSize: string;
    optimal: boolean;
    gap: number;
    lowerBound: number;
    ms: number;
    msToFirst: number | null;
  };
  /** Local recoding (privacy.recoding "local"), in place of `search`: a greedy partitioning,
   *  no lattice and no optimality statement. */
  local?: { partitions: number; classes: number; suppressed: number; loss: number; ms: number };
}

/** Run (or, with config.mode "reveal", reveal) under a configuration from policy/normalize. */
export async function runCommand(config: RunConfig, io: RunIO): Promise<RunSummary> {
  const t0 = performance.now();
  const opts = config;
  // No file kanon writes may be one it reads: the input, the policy (issue 11 item 11).
  for (const written of [opts.output, ...opts.reports]) {
    checkNotSameFile(opts.input, written);
    checkNotSameFile(config.policy.file, written);
  }
  const planned = config.mode === 'run' && config.privacy !== undefined;
  let src = io.source ?? inputSource(opts.input, io.stdin);
  let spooled: Spool | undefined;
  const started: Started = {};
  try {
    if (planned && !src.path) {
      // Stdin is read twice (plan, export): copy it to a private temp file first.
      const copy = (spooled = await spool(src.open()));
      src = { name: src.name, open: () => copy.open() };
    }
    return await runWith(src, config, planned, io, t0, started);
  } finally {
    spooled?.remove();
    // Export workers started for an export that did not take them (an error, a gate, --dry-run).
    if (started.workers !== undefined && !started.taken) await Promise.all(started.workers.map((w) => w.terminate()));
  }
}

/** A file's size, 0 when it cannot be told (a source whose path is only a name). */
function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/** Export workers started before the search (they load while it runs), and whether the export
 *  took them over (it ends them then). */
interface Started {
  workers?: Worker[];
  taken?: boolean;
}

async function runWith(src: InputSource, config: RunConfig, planned: boolean, io: RunIO, t0: number, started: Started): Promise<RunSummary> {
  const opts = config;
  const policy = config.policy;
  const reverse = config.mode === 'reveal';
  const hash1 = createHash('sha256');
  io.progress.bytes.bytes = 0;
  // The worker pipeline (issue 18) takes the export pass of CSV — single-pass, or after a
  // plan (the workers get the plan's release tables: full-domain or local recoding) — not
  // reveal, and not --fail-on-collision (collisions are counted per worker; only one thread
  // sees every token).
  const threads = !reverse && !config.write.failOnCollision ? (io.threads ?? 1) : 1;
  // CSV input to CSV or NDJSON output goes by pieces of whole records either way (src/parallel/
  // piece.ts): on workers, or on this thread through the same code and its byte lane.
  const byPieces = (config.write.format ?? 'csv') !== 'json';
  let table = await openTable(src.open(), {
    ...tableOptions(src, config, { hash: hash1, bytes: io.progress.bytes }),
    // Split for the export by pieces and for the node engine's plan pass (src/plan/plan.ts
    // encodePieces); a DuckDB plan pass before a piece export reads its sample through the same
    // split reader (the engine tests hold its errors to the node engine's).
    ...(byPieces || (planned && config.read.engine !== 'duckdb') ? { split: true } : {}),
  });
  const bound = bindPolicy(policy, table.header, src.name, reverse ? { mayBeAbsent: (spec) => spec.operator === 'drop' } : {});
  const stats: OperatorStats = { collisions: 0 };

  let outcome: (Outcome & { rows: number }) | undefined;
  let frozen: Frozen | undefined;
  let quasi: Map<number, CellFn> | undefined;
  /** After a plan: true for a record to leave out (throws NotPlanned for one the plan never saw). */
  let dropRecord: ((row: readonly string[]) => boolean) | undefined;
  let workerRelease: WorkerInit['release'];
  let planReads: number[] = [];
  let codedPlan: PieceSetup['coded'];
  let hash2: Hash | undefined;
  let inputSha256 = '';
  if (planned) {
    const cols = policyColumns(bound, config);
    const privacy = config.privacy!;
    if (config.frozen && privacy.recoding === 'local') {
      // A plan file holds one level per quasi-identifier (global recoding); Mondrian's partitions
      // are not frozen yet (issue 15 leaves that extension point, src/planfile/types.ts).
      throw new KanonError('USAGE', '--plan applies global recoding only; this policy uses privacy.recoding "local"', {
        file: policy.file,
        path: '/privacy/recoding',
      });
    }
    frozen = config.frozen
      ? openFrozen(config.frozen, {
          policy,
          privacy,
          keyFingerprint: fingerprint(bound, io.keys),
          ...(opts.output ? { output: opts.output } : {}),
          toolVersion: io.toolVersion ?? '',
        })
      : undefined;
    const sample: string[][] = [];
    if (privacy.recoding === 'local') refuseLocalOnDuckdb(config, table, src);
    // The plan pass on the chosen engine (src/engine/frequencies.ts): node encodes every record,
    // DuckDB groups them into a frequency set; the export below is kanon's pipeline either way.
    const pass = await planPass(table, cols, io.progress, io.budget ?? UNLIMITED, sample, planPassOptions(config.read.engine, src, io.progress.bytes));
    const enc = pass.enc;
    // The export's workers load their modules on the other core while this thread searches and
    // reports (a plan's export of CSV by pieces).
    // Not for a small input (a few pieces: this thread starts on them while workers load).
    const large = src.path !== undefined && sizeOf(src.path) > 4 * pieceBytes();
    if (threads > 1 && large && !opts.dryRun && byPieces && table.split !== undefined && (config.write.format ?? table.format) !== 'json')
      started.workers = spawnWorkers(threads);
    io.progress.phase(frozen ? 'applying the plan' : 'searching');
    // The gate's maxSuppressedShare tightens the suppression limit for either mode.
    const runPrivacy = searchPrivacy(privacy, config.risk);
    const found: Outcome = frozen
      ? syncPhase(() => frozen!.apply(enc))
      : privacy.recoding === 'local'
        ? runLocal(enc, runPrivacy, io.budget)
        : runSearch(enc, runPrivacy, io.budget);
    if (!frozen && !(found.local?.found ?? found.search?.found)) {
      throw new KanonError(
        'PRIVACY_UNSATISFIABLE',
        'no generalization satisfies the privacy models within the suppression limit (raise suppressionLimit, add hierarchy levels, or lower k/l/t)',
        { file: policy.file, path: '/privacy' },
      );
    }
    outcome = { ...found, classes: undefined, rows: enc.records }; // classes: the report's alone
    inputSha256 = pass.sha256 ?? hash1.digest('hex');
    const risk = config.risk;
    const popFile = config.populationTable;
    const populationTable =
      popFile === undefined
        ? undefined
        : await readPopulation(
            popFile,
            cols.quasi.map((q) => ({ name: q.col.name, hierarchy: q.hierarchy })),
          );
    io.progress.phase('reporting');
    const { report, gate } = riskReport(
      enc,
      found,
      {
        toolVersion: io.toolVersion ?? '',
        policySha256: policy.sha256,
        inputSha256,
        keyFingerprint: fingerprint(bound, io.keys),
        columns: columnsOf(bound),
        risk,
        population: risk.population,
        ...(populationTable ? { populationTable } : {}),
        includeValues: !!opts.reportValues,
        ...(io.budget ? { budget: io.budget } : {}),
        dataset: src.name,
        k: privacy.k,
        sample: { header: table.header, rows: sample },
      },
      (name) => privacy.tCloseness.find((t) => t.column === name)?.measure ?? bound.columns.some((c) => c.name === name && c.spec.order !== undefined),
    );
    frozen?.review(report);
    io.onReport?.(report, gate);
    enforceGate(gate);
    frozen?.enforce();
    if (opts.dryRun) return summaryOf(src, opts, bound, io.keys, 0, 0, 0, stats, t0, outcome);
    // Export pass: generalized labels come from the plan pass's codes, by row number; the
    // input is hashed again and must be the same bytes, else the output is discarded.
    // Each record's labels and suppression come from its own cells (src/plan/release.ts);
    // with local recoding from its own cells' partition (localTables).
    const qiIndex = cols.quasi.map((q) => q.col.index),
      sensIndex = cols.sensitive.map((s) => s.col.index);
    planReads = [...qiIndex, ...sensIndex];
    const star = found.starSuppressed;
    const spec: ReleaseSpec = found.local
      ? { kind: 'local', tables: localTables(enc, found.local, io.budget), qiIndex, sensIndex, star }
      : { kind: 'global', tables: releaseTables(enc, found.levels, found.suppressed), qiIndex, sensIndex, star };
    const made = releaseOf(spec);
    // The same decisions by the cells' bytes, for the byte lane (src/parallel/lane.ts).
    codedPlan = { make: made.coded, star };
    const ops = releaseOperators(made.row, qiIndex, star);
    quasi = ops.quasi;
    dropRecord = ops.drop;
    workerRelease = spec;
    // The search's and report's grouping tables are not needed by the export pass.
    releaseGroupScratch();
    hash2 = createHash('sha256');
    const h2 = hash2;
    io.progress.bytes.bytes = 0;
    table = await openTable(src.open(), { ...tableOptions(src, config, { hash: h2, bytes: io.progress.bytes }), ...(byPieces ? { split: true } : {}) });
  } else if (config.frozen) {
    throw new KanonError('USAGE', '--plan needs a policy with quasi-identifiers (there is nothing to apply)', { file: policy.file, path: '/columns' });
  } else if (opts.dryRun) {
    throw new KanonError('USAGE', '--dry-run needs a policy with quasi-identifiers (there is nothing to plan)');
  } else if (!reverse && Object.keys(config.risk.thresholds).length && (!opts.output || opts.output === '-')) {
    // Without quasi-identifiers the report is made after the export pass; a failing gate can
    // then only be honoured (nothing written) for a file, whose commit it can stop.
    throw new KanonError('USAGE', 'risk thresholds on a policy without quasi-identifiers need -o FILE (the gate is checked before the file is kept)', {
      file: policy.file,
      path: '/risk/thresholds',
    });
  }

  const outFormat = config.write.format ?? table.format;
  const pieced = outFormat !== 'json' ? table.split : undefined;
  const split = threads > 1 ? pieced : undefined;
  const recorded = split ? recordingKeys(io.keys) : undefined; // the keys the workers get
  const pipeline = compileRowPipeline(bound, {
    keys: recorded?.keys ?? io.keys,
    stats,
    ...(quasi ? { quasi } : {}),
    ...(reverse ? { reverse: true } : {}),
  });
  io.budget?.checkHeap('the export pass', EXPORT_ADVICE); // with quasi-identifiers: after the release tables (releaseOf)
  const out = openOutput(opts.output);
  let recordsIn = 0;
  let recordsOut = 0;
  let workers = false;
  try {
    const writer = createWriter(out.stream as Writable, {
      format: outFormat,
      header: pipeline.header,
      delimiter: config.write.delimiter ?? (table.format === 'csv' ? table.delimiter : ','),
      escapeFormulas: config.write.escapeFormulas,
    });
    io.progress.phase('writing');
    const toStdout = !opts.output || opts.output === '-';
    const changed = (line?: number): KanonError => changedInput(src.name, toStdout && recordsOut > 0, line);
    const sample: string[][] = []; // without quasi-identifiers: the first records, for the report's warnings
    const batches: AsyncIterable<Batch> = pieced ? emptyBatches() : table.batches;
    if (pieced) {
      // By pieces of whole records (src/parallel/piece.ts): on N worker threads (--threads N;
      // N workers measured faster than N − 1 and this thread, whose reading and writing then
      // waited behind its pieces), or all on this thread; the same code either way, so the
      // same bytes.
      const got = split && recorded ? await piecesOf(split) : { pieces: allPieces(pieced) };
      const nWorkers = 'whole' in got || threads <= 1 ? 0 : threads;
      const delimiter = config.write.delimiter ?? (table.format === 'csv' ? table.delimiter : ',');
      const read = { delimiter: pieced.delimiter, recordDelimiter: pieced.recordDelimiter, maxRecordSize: MAX_RECORD_SIZE };
      const write = { format: outFormat, delimiter, escapeFormulas: config.write.escapeFormulas };
      const lane = process.env.KANON_LANE !== '0';
      // Local recoding's labels, laid out once for every thread's byte lane (release.ts).
      if (lane && workerRelease?.kind === 'local' && outFormat === 'csv') {
        const f = labelFormat(write);
        layoutLabels(workerRelease.tables, f.format, f.name);
      }
      // Workers started before the search (not taken for an input of one piece: runCommand
      // ends them). This thread's runner: every piece without workers; with workers, those
      // before one is ready (none when they were started before the search).
      const early = nWorkers > 0 ? started.workers : undefined;
      started.taken = early !== undefined;
      // Output memory once written (an output that settles), for this thread's runner.
      const spares: ArrayBuffer[] = [];
      const local =
        early === undefined
          ? pieceRunner({
              spares,
              pipeline,
              stats,
              header: table.header,
              file: src.name,
              read,
              write,
              lane,
              ...(dropRecord ? { drop: dropRecord, dropReads: planReads } : {}),
              ...(codedPlan ? { coded: codedPlan } : {}),
            })
          : undefined;
      io.budget?.checkHeap('the export pass: the release tables', EXPORT_ADVICE); // the lane's, made by pieceRunner
      workers = nWorkers > 0;
      const r = await parallelExport({
        pieces:
          'whole' in got
            ? (async function* () {
                yield { bytes: got.whole, last: true, oversize: false, owned: false };
              })()
            : got.pieces,
        split: pieced,
        threads: nWorkers,
        ...(early ? { spawned: early } : {}),
        ...(local ? { local } : {}),
        file: src.name,
        ...(nWorkers > 0 && recorded
          ? {
              init: {
                policy,
                header: table.header,
                file: src.name,
                keys: recorded.used(),
                read,
                write,
                lane,
                ...(workerRelease ? { release: workerRelease } : {}),
              },
            }
          : {}),
        writer: writer as Parameters<typeof parallelExport>[0]['writer'],
        ...(out.settles ? { reuseOutput: true, spares } : {}),
        sample: outcome ? 0 : SAMPLE_ROWS,
        onRecords: (n, written) => {
          io.progress.add(n);
          io.budget?.checkHeap('the export pass', EXPORT_ADVICE);
          recordsOut += written; // what changed() says has gone out, should a later piece fail
        },
      }).catch((e: unknown) => {
        // A record the plan did not see (on a worker or here): the error one thread gives, told
        // what this thread has written.
        if (e instanceof KanonError && e.code === 'INPUT_READ' && e.message === NOT_PLANNED_MESSAGE) throw changed(e.where.line);
        throw e;
      });
      recordsIn = r.recordsIn;
      // (on this thread the pipeline counted its collisions on `stats` itself)
      if (workers) stats.collisions += r.collisions;
      sample.push(...r.sample);
    }
    for await (const batch of batches) {
      if (!outcome && sample.length < SAMPLE_ROWS)
        for (let i = 0; i < batch.rows.length && sample.length < SAMPLE_ROWS; i++) sample.push(batch.rows[i]!.slice());
      // (More records than planned need no count check: each takes a slot of the plan, and
      // the one without a slot stops the export at its line.)
      const drop = dropRecord;
      const rows = transformBatch(
        pipeline,
        batch.rows,
        batch.lines,
        src.name,
        table.header,
        drop === undefined
          ? undefined
          : (i) => {
              // Decided before the record is transformed, so a record the plan did not see is
              // never released (the error names its line).
              try {
                return drop(batch.rows[i]!);
              } catch (e) {
                if (e instanceof NotPlanned) throw changed(batch.lines[i]);
                throw e;
              }
            },
      );
      recordsIn += batch.rows.length;
      recordsOut += rows.length;
      io.progress.add(batch.rows.length);
      io.budget?.checkHeap('the export pass', EXPORT_ADVICE);
      await writer.write(rows);
    }
    await writer.end();
    if (stats.collisions > 0 && config.write.failOnCollision) {
      throw new KanonError(
        'TOKEN_COLLISION',
        `${stats.collisions} pseudonym collision(s): different values got the same token; nothing was written (use a longer "length")`,
        { file: policy.file },
      );
    }
    if (outcome && (recordsIn !== outcome.rows || hash2!.digest('hex') !== inputSha256)) throw changed();
    if (!outcome && !reverse) {
      // No quasi-identifiers: every released record is in one class (nothing singles a record
      // out); the report says so, and its gate decides whether the file is kept.
      const risk = config.risk;
      const report = buildReport({
        toolVersion: io.toolVersion ?? '',
        policySha256: policy.sha256,
        inputSha256: hash1.digest('hex'),
        keyFingerprint: fingerprint(bound, io.keys),
        columns: columnsOf(bound),
        before: recordsIn ? [recordsIn] : [],
        after: recordsOut ? [recordsOut] : [],
        suppressed: 0,
        population: risk.population,
        recordRiskThresholds: risk.recordRiskThresholds,
      });
      report.dataset = { name: basename(src.name) };
      report.warnings = columnWarnings(report.columns, { sample: { header: table.header, rows: sample } });
      const gate = attachGate(report, risk);
      io.onReport?.(report, gate);
      enforceGate(gate);
    }
    await out.commit();
    frozen?.released({ recordsIn, recordsOut });
  } catch (e) {
    out.abort();
    throw e;
  }
  const summary = summaryOf(src, opts, bound, io.keys, recordsIn, recordsOut, pipeline.header.length, stats, t0, outcome);
  return workers ? { ...summary, threads } : summary;
}

/** Local recoding (Mondrian) splits the records themselves; the DuckDB engine holds only their
 *  frequency set, so it is refused there rather than expanded back into rows. */
function refuseLocalOnDuckdb(config: RunConfig, table: Table, src: InputSource): void {
  if (planEngine(config.read.engine ?? 'auto', table, src.path, src.name) === 'duckdb') {
    throw new KanonError('USAGE', 'privacy.recoding "local" runs on the node engine only: use --engine node (Parquet input: convert it to CSV first)', {
      file: config.policy.file,
      path: '/privacy/recoding',
    });
  }
}

async function* emptyBatches(): AsyncGenerator<Batch> {}

/** The input changed between the plan and the export pass. Honest about what was written:
 *  a file is discarded; on standard output the records before the line went out (each of them
 *  one the plan pass saw and the report describes). */
function changedInput(file: string, wroteToStdout: boolean, line?: number): KanonError {
  const what = wroteToStdout
    ? 'records before this point may already have been written to standard output (each one the plan pass saw and released as planned); discard them'
    : 'nothing was written';
  return new KanonError('INPUT_READ', `the input changed between the plan pass and the export pass; ${what}`, {
    file,
    ...(line !== undefined ? { line } : {}),
  });
}

export function columnsOf(bound: BoundPolicy) {
  return bound.columns.map((c) => ({ name: c.name, role: c.spec.role, ...(c.spec.operator ? { operator: c.spec.operator } : {}) }));
}

/** The key's fingerprint for the report, when the policy uses a keyed operator. */
export function fingerprint(bound: BoundPolicy, keys: KeyRing): string | null {
  const keyed = bound.byRole('identifier').find((c) => OPERATORS[c.spec.operator ?? '']?.keyed);
  if (!keyed) return null;
  return keys.fingerprint(typeof keyed.spec.key === 'string' ? keyed.spec.key : undefined);
}

function summaryOf(
  src: InputSource,
  opts: RunConfig,
  bound: BoundPolicy,
  keys: KeyRing,
  recordsIn: number,
  recordsOut: number,
  columnsOut: number,
  stats: OperatorStats,
  t0: number,
  outcome: (Outcome & { rows: number }) | undefined,
): RunSummary {
  const s = outcome?.search;
  const local = outcome?.local;
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
    ...(s && outcome
      ? {
          search: {
            levels: Object.fromEntries(bound.byRole('quasi').map((c, j) => [c.name, outcome.levels[j]!])),
            suppressed: outcome.suppressedCount,
            loss: s.loss,
            classes: s.classCount,
            nodesEvaluated: s.nodesEvaluated,
            latticeSize: s.latticeSize,
            optimal: s.optimal,
            gap: s.gap,
            lowerBound: s.lowerBound,
            msToFirst: s.msToFirst,
            ms: s.ms,
          },
        }
      : {}),
    ...(local && outcome
      ? {
          local: { partitions: local.partitions, classes: local.sizes.length, suppressed: outcome.suppressedCount, loss: local.loss, ms: local.ms },
        }
      : {}),
  };
}
