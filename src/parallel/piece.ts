// One piece of the CSV export (whole records, split.ts) → output bytes: the byte lane (lane.ts)
// when the piece allows it, else scan → the compiled per-column pipeline → the formatter. The
// same code runs on a worker (worker.ts) and, with one thread, on this one (export.ts), so the
// output is the same bytes either way. Errors are KanonErrors with a line relative to the piece
// (the caller adds the piece's base line); their messages carry no cell values.
import { KanonError } from '../errors.js';
import type { RecordDelimiter } from '../io/csv-scan.js';
import { ByteChunk } from '../io/bytes.js';
import { csvFormatter, jsonFormatter } from '../io/write.js';
import type { Format } from '../io/types.js';
import { transformBatch, type RowPipeline } from '../pipeline.js';
import { NOT_PLANNED_MESSAGE, NotPlanned, type CodedRelease } from '../plan/release.js';
import type { OperatorStats } from '../operators/types.js';
import { createLane, formattedBy } from './lane.js';
import { scanPiece } from './records.js';
import type { Job, JobResult } from './protocol.js';

export interface PieceSetup {
  pipeline: RowPipeline;
  stats: OperatorStats;
  header: string[];
  file: string;
  read: { delimiter: number; recordDelimiter: RecordDelimiter; maxRecordSize: number };
  write: { format: Format; delimiter: string; escapeFormulas: boolean };
  /** After a plan: true for a record to leave out (NotPlanned for one the plan never saw). */
  drop?: (row: readonly string[]) => boolean;
  /** Input columns the drop decision reads (the plan's QI and sensitive columns). */
  dropReads?: readonly number[];
  /** KANON_LANE=0 turns the byte lane off (tests compare both ways). */
  lane?: boolean;
  /** A full-domain plan's decisions by bytes, for the lane (beside `drop`, which the scanner's
   *  way uses; both take records from the same slots). */
  coded?: { make: (format: (v: string) => Uint8Array, formatName: string) => CodedRelease; star: boolean };
  /** Output memory given back once written (export.ts), taken for the next pieces' output. */
  spares?: ArrayBuffer[];
}

/** The CSV cell formatter's bytes of a label for this output (what the byte lane writes), and a
 *  name for that format: labels laid out once under the name (release.ts layoutLabels) are the
 *  bytes every thread's lane would write. */
export function labelFormat(write: PieceSetup['write']): { format: (v: string) => Uint8Array; name: string } {
  return {
    format: formattedBy(csvFormatter(write.delimiter, write.escapeFormulas).cell),
    name: JSON.stringify(['csv', write.delimiter, write.escapeFormulas]),
  };
}

type Done = Extract<JobResult, { ok: true }>;

/** Formats one piece; throws KanonError (line relative to the piece). */
export function pieceRunner(s: PieceSetup): (job: Job) => Done {
  const { pipeline, stats, header, file } = s;
  const fields = header.length;
  const csv = s.write.format === 'csv' ? csvFormatter(s.write.delimiter, s.write.escapeFormulas) : undefined;
  const format = csv ?? jsonFormatter({ format: 'ndjson', header: pipeline.header });
  // The lane's label bytes (release.ts layoutLabels names the same format the same way).
  const label = csv && s.coded ? labelFormat(s.write) : undefined;
  const notPlanned = (e: unknown, line: number): unknown => (e instanceof NotPlanned ? new KanonError('INPUT_READ', NOT_PLANNED_MESSAGE, { file, line }) : e);
  const lane =
    csv && s.lane !== false
      ? createLane({
          pipeline,
          header,
          file,
          delimiter: s.read.delimiter,
          recordDelimiter: s.read.recordDelimiter,
          maxRecordSize: s.read.maxRecordSize,
          outDelimiter: s.write.delimiter,
          escapeFormulas: s.write.escapeFormulas,
          cell: csv.cell,
          reads: s.dropReads ?? [],
          ...(s.drop ? { drop: s.drop, dropError: notPlanned } : {}),
          ...(s.coded && label ? { coded: { release: s.coded.make(label.format, label.name), star: s.coded.star } } : {}),
        })
      : null;

  const result = (job: Job, chunk: ByteChunk, before: number, r: Omit<Done, 'seq' | 'ok' | 'out' | 'outOffset' | 'outLength' | 'collisions'>): Done => ({
    seq: job.seq,
    ok: true,
    out: chunk.buf.buffer as ArrayBuffer,
    outOffset: chunk.buf.byteOffset,
    outLength: chunk.pos,
    collisions: stats.collisions - before,
    ...r,
  });
  const spares = s.spares;
  const newChunk = (bytes: Buffer): ByteChunk => {
    const size = Math.max(64 * 1024, bytes.length + (bytes.length >> 2));
    // Output memory given back (its bytes are in the output file): reused, not allocated afresh.
    let reuse: ArrayBuffer | undefined;
    while (spares && spares.length > 0 && reuse === undefined) {
      const b = spares.pop()!;
      if (b.byteLength >= size) reuse = b;
    }
    return new ByteChunk(size, reuse);
  };

  return (job) => {
    const bytes = Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength);
    const before = stats.collisions;
    if (lane !== null && job.sample === 0) {
      const chunk = newChunk(bytes);
      const r = lane(bytes, job.last, chunk);
      if (r !== null) return result(job, chunk, before, { ...r, holding: false, sample: [] });
    }
    const { rows, lines, scanner } = scanPiece(bytes, job.last, s.read, fields, file);
    const drop = s.drop;
    const out = transformBatch(
      pipeline,
      rows,
      lines,
      file,
      header,
      drop === undefined
        ? undefined
        : (i) => {
            try {
              return drop(rows[i]!);
            } catch (e) {
              throw notPlanned(e, lines[i]!);
            }
          },
    );
    const chunk = newChunk(bytes);
    format.rows(chunk, out);
    return result(job, chunk, before, {
      recordsIn: rows.length,
      recordsOut: out.length,
      lines: scanner.line - 1,
      holding: !job.last && scanner.holding,
      sample: job.sample > 0 ? rows.slice(0, job.sample) : [],
    });
  };
}

/** pieceRunner's result, or its error as a message (what a worker posts back). */
export function runJob(run: (job: Job) => JobResult, job: Job): JobResult {
  try {
    return run(job);
  } catch (e) {
    const err = e instanceof KanonError ? e : new KanonError('INTERNAL', 'a worker failed');
    return { seq: job.seq, ok: false, code: err.code, message: err.message, where: err.where };
  }
}
