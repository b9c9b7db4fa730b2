// The plan layer (DESIGN.md steps 3–6), shared by `run`, `audit` and `validate`: encode the
// quasi-identifier and sensitive columns of a bound table, search the lattice, group the
// classes before and after, build the risk report, and decide the gate — returned as
// { report, gate }; enforceGate() is the one place a failing gate becomes an error.
import type { SplitTable, Table } from '../io/types.js';
import { MAX_RECORD_SIZE, MAX_RECORD_SIZE_TEXT } from '../io/read-csv.js';
import { allPieces } from '../parallel/split.js';
import { recycleRead } from '../io/input.js';
import { pieceDecoder, recordBuffers, recordsOf, scanPiece } from '../parallel/records.js';
import type { BoundColumn, BoundPolicy } from '../policy/types.js';
import type { Hierarchy } from '../hierarchy/types.js';
import { KanonError } from '../errors.js';
import {
  createEncoder,
  groupClasses,
  rowLabeler,
  search,
  sizesWithout,
  violatingAt,
  type EncodedTable,
  type Encoder,
  type EncoderOptions,
  type SearchResult,
  type SensitiveOrder,
} from '../search/index.js';
import { searchQuality } from '../search/result.js';
import type { PrivacyConfig } from '../privacy/types.js';
import { syncPhase, UNLIMITED, type Budget } from '../resources.js';
import { attachDetails } from '../risk/distributions.js';
import {
  buildReport,
  evaluateGate,
  gateError,
  qiContributions,
  sensitiveMeasures,
  type ColumnTransform,
  type Distance,
  type GateResult,
  type LevelExplanation,
  type Population,
  type Report,
  type RiskPolicy,
} from '../risk/index.js';
import type { Hash } from 'node:crypto';
import type { InputSource } from '../io/input.js';
import type { OpenOptions } from '../io/read.js';
import type { RunConfig } from '../policy/normalize.js';
import { populationSizes } from './population.js';
import { releaseRollScratch } from '../search/cells.js';
import { releaseDenseScratch } from '../search/group.js';
import { mondrian, type LocalRecoding } from '../recoding/mondrian.js';

/** What the commands tell about their progress (the CLI's progress bar is one; commands do
 *  not import src/cli). */
export interface Progress {
  phase(name: string): void;
  add(records: number): void;
  /** Bytes read so far: the commands add to it, the progress display reads it. */
  bytes: { bytes: number };
}

/** The one openTable-options builder: the configuration's read settings, and the input's
 *  sha256 taken from the bytes as they are read (an option of the read, not of the display). */
export function tableOptions(
  src: Pick<InputSource, 'name' | 'path'>,
  config: Pick<RunConfig, 'read'>,
  opts: { hash?: Hash; bytes?: { bytes: number } } = {},
): OpenOptions {
  const { format, delimiter, engine } = config.read;
  const shown = opts.bytes;
  const hash = opts.hash;
  const counter = {
    bytes: 0,
    onChunk: (b: Buffer) => {
      hash?.update(b);
      if (shown) shown.bytes += b.length;
    },
  };
  return {
    file: src.name,
    ...(src.path ? { path: src.path } : {}),
    ...(format ? { format } : {}),
    ...(delimiter ? { delimiter } : {}),
    ...(engine ? { engine } : {}),
    counter,
  };
}

/** Level 0 only: the data as it is (audit). */
export const identityHierarchy: Hierarchy = { levels: 1, lookup: (v) => [v] };

export interface EncodeColumns {
  quasi: { col: BoundColumn | { name: string; index: number }; hierarchy: Hierarchy }[];
  sensitive: { col: BoundColumn | { name: string; index: number }; hierarchy?: Hierarchy; order?: SensitiveOrder }[];
}

/** Records kept whole from the plan pass for the report's warnings (scan's detectors read them). */
export const SAMPLE_ROWS = 1000;

/** The encoder's columns (names, hierarchies, orders) of the plan pass's columns. */
export function encoderColumns(cols: EncodeColumns): Pick<EncoderOptions, 'quasi' | 'sensitive'> {
  return {
    quasi: cols.quasi.map((q) => ({ name: q.col.name, hierarchy: q.hierarchy })),
    sensitive: cols.sensitive.map((s) => ({ name: s.col.name, ...(s.hierarchy ? { hierarchy: s.hierarchy } : {}), ...(s.order ? { order: s.order } : {}) })),
  };
}

/** Pass 1: stream the table once; only the encoded QI and sensitive columns are kept. The
 *  heap is checked against the budget once per batch (the dictionaries live on the heap). */
export async function encodePass(
  table: Table,
  file: string,
  cols: EncodeColumns,
  progress: Pick<Progress, 'phase' | 'add'>,
  budget: Budget = UNLIMITED,
  sample?: string[][],
  /** The input's size in bytes, when known: the encoder's columns are sized from it. */
  inputBytes?: number,
): Promise<EncodedTable> {
  const enc = createEncoder({ file, ...encoderColumns(cols) });
  const qi = cols.quasi.map((q) => q.col.index);
  const si = cols.sensitive.map((s) => s.col.index);
  const add = recordsAdder(enc, qi, si, sample);
  progress.phase('planning');
  const maps = hierarchyMapsCheck(budget);
  if (table.split && process.env.KANON_LANE !== '0') {
    await encodePieces(table, table.split, file, enc, qi, si, add, progress, budget, sample, inputBytes);
    return enc.finish(maps);
  }
  for await (const batch of table.batches) {
    add(batch.rows, batch.lines);
    progress.add(batch.rows.length);
    budget.checkHeap('the plan pass', 'use fewer or coarser quasi-identifier or sensitive columns');
  }
  return enc.finish(maps);
}

/** The memory check between steps of the hierarchies' maps (Encoder.finish, encodeCoded),
 *  for both engines' plan passes. */
export function hierarchyMapsCheck(budget: Budget): () => void {
  return () => budget.checkHeap("the plan pass: the hierarchies' maps", 'use fewer or coarser quasi-identifier columns');
}

/** Encodes scanned records (keeping the first ones, whole, for the report's content-based
 *  warnings; never written out). */
function recordsAdder(
  enc: Encoder,
  qi: readonly number[],
  si: readonly number[],
  sample?: string[][],
): (rows: readonly string[][], lines: readonly number[]) => void {
  const qv = new Array<string>(qi.length);
  const sv = new Array<string>(si.length);
  return (rows, lines) => {
    if (sample) for (let r = 0; r < rows.length && sample.length < SAMPLE_ROWS; r++) sample.push(rows[r]!.slice());
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r]!;
      for (let j = 0; j < qi.length; j++) qv[j] = row[qi[j]!]!;
      for (let j = 0; j < si.length; j++) sv[j] = row[si[j]!]!;
      enc.add(qv, sv, lines[r]!);
    }
  };
}

/** The plan pass by pieces of whole records (src/parallel/split.ts), read as bytes where the
 *  byte lane allows (src/parallel/lane.ts: no quote, no stray CR or LF, every field count
 *  right): a cell is numbered by its bytes and decoded only the first time its value is met
 *  (Encoder.addBytes). Any other piece — and the first ones, whose records are kept whole for
 *  the report's sample — is scanned as the export's scanner way scans it, with the same lines
 *  and errors as one scanner over the whole input. The same table as encoding the records. */
async function encodePieces(
  table: Table,
  split: SplitTable,
  file: string,
  enc: Encoder,
  qi: readonly number[],
  si: readonly number[],
  add: (rows: readonly string[][], lines: readonly number[]) => void,
  progress: Pick<Progress, 'add'>,
  budget: Budget,
  sample?: string[][],
  inputBytes?: number,
): Promise<void> {
  const fields = table.header.length;
  const shape = { delimiter: split.delimiter, recordDelimiter: split.recordDelimiter, fields, maxRecordSize: MAX_RECORD_SIZE };
  const buf = recordBuffers(fields);
  const stride = fields + 1;
  let line = split.firstLine;
  // The columns are sized once from the first MiB or so of records and the input's size: one
  // array each, filled in place and handed over as it is (doubling chunks, then copying them
  // into one array, touched ~3 times the columns' memory; fresh pages are dear, see io/input.ts).
  let seen = 0,
    records = 0,
    sized = inputBytes === undefined;
  for await (const piece of allPieces(split)) {
    const bytes = piece.bytes;
    seen += bytes.length;
    const got = sample && sample.length < SAMPLE_ROWS ? null : recordsOf(bytes, piece.last, shape, buf);
    if (got !== null) {
      const decode = pieceDecoder(bytes);
      const { off, lineOf } = buf;
      for (let r = 0; r < got.recs; r++) enc.addBytes(bytes, off, r * stride, qi, si, line + lineOf[r]! - 1, decode);
      line += got.lines - 1;
      records += got.recs;
      progress.add(got.recs);
    } else {
      const { rows, lines, scanner } = scanPiece(bytes, piece.last, shape, fields, file, line);
      if (!piece.last && scanner.holding)
        throw new KanonError('INPUT_RECORD_SIZE', `a record is larger than the maximum record size (${MAX_RECORD_SIZE_TEXT})`, { file, line });
      add(rows, lines);
      line = scanner.line;
      records += rows.length;
      progress.add(rows.length);
    }
    recycleRead(bytes); // nothing holds the piece now: its memory takes a next read (src/io/input.ts)
    if (!sized && seen >= 1 << 20 && inputBytes! > seen) {
      sized = true;
      enc.expect(Math.ceil(((records * inputBytes!) / seen) * 1.05) + 1024);
    }
    budget.checkHeap('the plan pass', 'use fewer or coarser quasi-identifier or sensitive columns');
  }
}

/** The bound quasi/sensitive columns with the hierarchies the configuration loaded. */
export function policyColumns(bound: BoundPolicy, config: Pick<RunConfig, 'columns'>): EncodeColumns {
  const byName = new Map(config.columns.map((c) => [c.name, c]));
  const hierarchy = (col: BoundColumn): Hierarchy | undefined => byName.get(col.name)?.hierarchy;
  return {
    quasi: bound.byRole('quasi').map((col) => {
      const h = hierarchy(col);
      if (!h) throw new KanonError('INTERNAL', 'a quasi-identifier has no loaded hierarchy', { column: col.name });
      return { col, hierarchy: h };
    }),
    sensitive: bound.byRole('sensitive').map((col) => {
      const h = hierarchy(col);
      const order = byName.get(col.name)?.order;
      return { col, ...(h ? { hierarchy: h } : {}), ...(order !== undefined ? { order } : {}) };
    }),
  };
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
  /** Memory budget for the report's per-class sensitive structures. */
  budget?: Budget;
  /** The input's name (its last path segment goes into the report). */
  dataset?: string;
  /** The models' least class size (distributions label only bars of at least max(k, 11) records). */
  k?: number;
  /** Audit: the data as it is, no "after" side in the distributions. */
  asIs?: boolean;
  /** First records of the input, for content-based warnings on insensitive columns. */
  sample?: { header: string[]; rows: string[][] };
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
  /** The released classes of `levels` when the search has grouped them already (the report
   *  takes them instead of grouping the rows again, and lets go of them: 4 bytes a row). */
  classes?: { classOf: Int32Array; sizes: Int32Array } | undefined;
}

/** The risk report of releasing `outcome` (and the gate, when the policy sets thresholds),
 *  built as a synchronous phase (signals take effect at once). */
export function riskReport(
  enc: EncodedTable,
  outcome: Outcome,
  ctx: ReportContext,
  sensitiveOrdered: (name: string) => boolean | Distance,
): { report: Report; gate: GateResult | undefined } {
  return syncPhase(() => buildRiskReport(enc, outcome, ctx, sensitiveOrdered));
}

function buildRiskReport(
  enc: EncodedTable,
  outcome: Outcome,
  ctx: ReportContext,
  sensitiveOrdered: (name: string) => boolean | Distance,
): { report: Report; gate: GateResult | undefined } {
  // Between stages the process's memory is checked (its scratch arrays are not reserved).
  const stage = (): void => ctx.budget?.checkHeap('the report', 'use fewer quasi-identifier or sensitive columns');
  stage();
  const zeros = enc.quasi.map(() => 0);
  const before = groupClasses(enc, zeros);
  stage();
  // Nothing generalized or suppressed (audit): the released classes are the input's.
  const asInput = outcome.local === undefined && outcome.suppressedCount === 0 && outcome.levels.every((l) => l === 0);
  const after =
    outcome.local ?? (asInput ? before : (outcome.classes ?? groupClasses(enc, outcome.levels, outcome.suppressedCount ? outcome.suppressed : undefined)));
  outcome.classes = undefined;
  // With "star" output the suppressed rows are written too, as one class of all-"*" rows:
  // the report must describe the bytes written, so that class counts.
  const star = outcome.starSuppressed && outcome.suppressedCount > 0;
  const afterSizes = star ? Int32Array.from([...after.sizes, outcome.suppressedCount]) : after.sizes;
  const contributions =
    enc.quasi.length > 1
      ? qiContributions(
          enc.quasi.map((q) => q.name),
          after.sizes,
          (j) => {
            stage();
            return outcome.local ? outcome.local.sizesWithout(j) : sizesWithout(enc, outcome.levels, after, j);
          },
        )
      : [];
  const sensitive = enc.sensitive.map((s) => {
    // t in the model's own ground distance, against the distribution the search used (issue 11 item 19)
    const d = sensitiveOrdered(s.name);
    const distance: Distance = typeof d === 'string' ? (d === 'hierarchical' && s.genMap === undefined ? 'equal' : d) : d ? 'ordered' : 'equal';
    const m = (cls: { classOf: Int32Array; sizes: Int32Array }) =>
      sensitiveMeasures({
        column: s.name,
        classOf: cls.classOf,
        codes: s.codes,
        numClasses: cls.sizes.length,
        numValues: s.values.length,
        distance,
        global: s.global,
        ...(s.genMap ? { genMap: s.genMap } : {}),
        ...(ctx.budget ? { budget: ctx.budget } : {}),
        weight: enc.weight,
      });
    stage();
    const b = m(before);
    stage();
    return { before: b, after: after === before ? b : m(after) };
  });
  // Local recoding has no level per column: its columns say so instead (renderers, verdict).
  const level = new Map<string, { level: number; maxLevel: number } | { recoding: 'local' }>(
    enc.quasi.map((q, j) => [q.name, outcome.local ? { recoding: 'local' as const } : { level: outcome.levels[j]!, maxLevel: q.levels - 1 }]),
  );
  const columns = ctx.columns.map((c) => (c.role === 'quasi' && level.has(c.name) ? { ...c, ...level.get(c.name)! } : c));
  stage();
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
    // Starred records are suppressed (their QIs are withheld) and count so in the report and
    // the gate (issue 11 item 3), while their all-"*" class stays in the sizes of what was written.
    suppressed: outcome.suppressedCount,
    population: ctx.population ?? (pop ? { size: pop.records } : null),
    ...(pop
      ? {
          populationSizesBefore: populationSizes(pop, enc, zeros, before),
          // the all-"*" class of star output matches every population record
          populationSizesAfter: star ? Int32Array.from([...popAfter!, pop.records]) : popAfter!,
        }
      : {}),
    recordRiskThresholds: ctx.risk.recordRiskThresholds,
    loss: outcome.loss ? { ...outcome.loss, perColumn: outcome.local?.perColumnLoss ?? perColumnLoss(enc, outcome) } : null,
    sensitive,
    ...(outcome.explanations ? { explanations: outcome.explanations } : {}),
    contributions,
    ...(ctx.includeValues ? { includeValues: true, smallestClasses: smallestClasses(enc, outcome.levels, after, outcome.local?.label) } : {}),
  });
  stage();
  attachDetails(report, enc, {
    ...(ctx.dataset !== undefined ? { dataset: ctx.dataset } : {}),
    // Local recoding has no level per column: the "after" side counts each released record's own label.
    ...(ctx.asIs
      ? {}
      : outcome.local
        ? {
            labels: {
              texts: outcome.local.texts,
              idOf: outcome.local.labelIdOf,
              parts: { count: outcome.local.partitions, partOf: outcome.local.partOf, labelIdOfPart: outcome.local.labelIdOfPart },
            },
            suppressed: outcome.suppressed,
            star: outcome.starSuppressed,
          }
        : { levels: outcome.levels, suppressed: outcome.suppressed, star: outcome.starSuppressed }),
    k: ctx.k ?? 1,
    includeValues: ctx.includeValues,
    after,
    ...(ctx.sample ? { sample: ctx.sample } : {}),
  });
  if (outcome.search) report.search = searchQuality(outcome.search);
  stage();
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
  // Entries, then Object.fromEntries: a column named "__proto__" stays an own property (an
  // assignment out["__proto__"] = x would be dropped; issue 11 item 4).
  const out: [string, number][] = [];
  enc.quasi.forEach((q, j) => {
    const L = outcome.levels[j]!;
    const map = q.genMap[L]!;
    const leaves = q.leafCount[L]!;
    // Integer sums (leaves − 1 over released records, suppressed records), divided once: the
    // rows and their frequency set give the same bits, whatever the summation order.
    const w = enc.weight;
    const cut = outcome.suppressedCount > 0 ? outcome.suppressed : null;
    let kept = 0,
      supp = 0;
    if (q.totalLeaves > 1) {
      for (let r = 0; r < enc.rows; r++) {
        const x = w === null ? 1 : w[r]!;
        if (cut?.[r]) supp += x;
        else kept += x * (leaves[map[q.codes[r]!]!]! - 1);
      }
    }
    const s = kept / (q.totalLeaves - 1) + supp;
    out.push([q.name, enc.records === 0 || q.totalLeaves <= 1 ? 0 : s / enc.records]);
  });
  return Object.fromEntries(out);
}

/** Records that may be suppressed: floor(limit × rows), with slack for limits that are not
 *  exact in binary (0.29 × 100 = 28.999999999999996 must give 29). The one definition; the
 *  search (src/search/search.ts) computes the same expression. */
export function suppressionCap(limit: number, rows: number): number {
  return Math.floor(limit * rows + 1e-9);
}

/** The privacy configuration the search runs under: its suppression limit is the tighter of
 *  privacy.suppressionLimit and the gate's maxSuppressedShare, which bound the same quantity —
 *  else the search may pick a node the gate then rejects although a compliant one exists. */
export function searchPrivacy(privacy: PrivacyConfig, risk: Pick<RiskPolicy, 'thresholds'>): PrivacyConfig {
  const gate = risk.thresholds.maxSuppressedShare;
  return gate !== undefined && gate < privacy.suppressionLimit ? { ...privacy, suppressionLimit: gate } : privacy;
}

/** A failing gate as the error every command exits with (4) — the one place it is thrown. */
export function enforceGate(gate: GateResult | undefined): void {
  if (gate && !gate.passed) throw gateError(gate);
}

/** Why each QI ended at its level: what one level lower would have cost (Report.explanations). */
export function explain(enc: EncodedTable, levels: number[], privacy: PrivacyConfig, judged?: ReadonlyMap<string, number>): LevelExplanation[] {
  const cap = suppressionCap(privacy.suppressionLimit, enc.records);
  const lower = levels.flatMap((l, j) => (l === 0 ? [] : [levels.map((x, i) => (i === j ? x - 1 : x))]));
  // Neighbours the search judged in full are not rolled up again (at 10M nearly unique rows
  // each such roll-up reads every entry: ~0.5 s).
  const known = lower.map((lv) => judged?.get(lv.join(',')));
  const computed = violatingAt(
    enc,
    lower.filter((_, i) => known[i] === undefined),
    privacy,
  );
  let c = 0;
  const violating = known.map((v) => v ?? computed[c++]!);
  let next = 0;
  return enc.quasi.map((q, j) => {
    if (levels[j] === 0) return { column: q.name, level: 0, lower: null };
    const v = violating[next++]!;
    return {
      column: q.name,
      level: levels[j]!,
      lower: { level: levels[j]! - 1, satisfiable: v <= cap, violatingRecords: v, suppressed: v },
    };
  });
}

/** The search under `privacy` (give searchPrivacy()'s result), as a synchronous phase: a
 *  signal ends the process at once instead of waiting for the search to yield. */
export function runSearch(enc: EncodedTable, privacy: PrivacyConfig, budget?: Budget): Outcome & { search: SearchResult } {
  const { classes, judged, ...result } = syncPhase(() => search(enc, privacy, budget ? { budget } : {}));
  const explanations = result.found ? syncPhase(() => explain(enc, result.levels, privacy, judged)) : undefined;
  // What only the search's roll-ups use goes before the report allocates its own (at 10M
  // entries 80 + 64 MB of the run's peak, which is the report's).
  releaseRollScratch();
  releaseDenseScratch();
  return {
    classes,
    levels: result.levels,
    suppressed: result.suppressed,
    suppressedCount: result.suppressedCount,
    starSuppressed: privacy.suppressedOutput === 'star',
    loss: { metric: privacy.metric, value: result.loss },
    search: result,
    ...(explanations ? { explanations } : {}),
  };
}

/** Local recoding (Mondrian, src/recoding) in place of the search: levels stay 0, `local` holds
 *  the classes, labels and loss; found = false means the models cannot be met. A synchronous
 *  phase, as runSearch (signals take effect at once). No `search`: there is no lattice, no
 *  optimum and no gap to state — Mondrian is a greedy heuristic (LeFevre et al. 2006). */
export function runLocal(enc: EncodedTable, privacy: PrivacyConfig, budget?: Budget): Outcome & { local: LocalRecoding } {
  const local = syncPhase(() => mondrian(enc, privacy, budget));
  return {
    levels: enc.quasi.map(() => 0),
    suppressed: local.suppressed,
    suppressedCount: local.suppressedCount,
    starSuppressed: privacy.suppressedOutput === 'star',
    loss: { metric: 'loss', value: local.loss },
    local,
  };
}

/** The five smallest released classes with their generalized labels (only for --report-values). */
export function smallestClasses(
  enc: EncodedTable,
  levels: number[],
  cls: { classOf: Int32Array; sizes: Int32Array },
  labeler?: (j: number, row: number) => string,
): { size: number; labels: string[] }[] {
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
