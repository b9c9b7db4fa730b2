// One worker of the export pass (issue 18): a piece of CSV (whole records) → scan → the
// compiled per-column pipeline → output bytes. The same code as one thread uses (CsvScanner,
// compileRowPipeline, transformBatch, the byte formatters), so the output is the same bytes.
// Errors go back as code, message and place (line relative to the piece; the main thread
// adds the piece's base line) — KanonError messages carry no cell values.
import { parentPort, workerData } from 'node:worker_threads';
import { KanonError } from '../errors.js';
import { CsvScanError, CsvScanner } from '../io/csv-scan.js';
import { translateCsvError } from '../io/read-csv.js';
import { ByteChunk } from '../io/bytes.js';
import { csvFormatter, jsonFormatter } from '../io/write.js';
import { bindPolicy } from '../policy/bind.js';
import { compileRowPipeline, transformBatch } from '../pipeline.js';
import { NOT_PLANNED_MESSAGE, NotPlanned, releaseFrom, releaseOperators } from '../plan/release.js';
import type { KeyRing, OperatorStats } from '../operators/types.js';
import type { Job, JobResult, WorkerInit } from './protocol.js';

const init = workerData as WorkerInit;
const keyBytes = new Map(init.keys.map(([id, k]) => [id, k]));
const keyPrints = new Map(init.keys.map(([id, , f]) => [id, f]));
const keyId = (id?: string): string => id ?? 'default';
const keys: KeyRing = {
  get(id) {
    const k = keyBytes.get(keyId(id));
    if (!k) throw new KanonError('INTERNAL', 'a worker was not given a key its pipeline needs');
    return Buffer.from(k);
  },
  fingerprint: (id) => keyPrints.get(keyId(id)) ?? '',
};
const stats: OperatorStats = { collisions: 0 };
const bound = bindPolicy(init.policy, init.header, init.file);
// After a plan: QI labels and suppression from the plan's tables, as on the main thread.
const release = init.release
  ? releaseOperators(releaseFrom(init.release.tables, init.release.qiIndex, init.release.sensIndex), init.release.qiIndex, init.release.star)
  : undefined;
const pipeline = compileRowPipeline(bound, { keys, stats, ...(release ? { quasi: release.quasi } : {}) });
const format =
  init.write.format === 'csv' ? csvFormatter(init.write.delimiter, init.write.escapeFormulas) : jsonFormatter({ format: 'ndjson', header: pipeline.header });
const fields = init.header.length;
const port = parentPort!;

function run(job: Job): JobResult {
  const rows: string[][] = [];
  const lines: number[] = [];
  const scanner = new CsvScanner(
    { delimiter: init.read.delimiter, maxRecordSize: init.read.maxRecordSize, resume: { recordDelimiter: init.read.recordDelimiter, fields } },
    (record, line) => {
      rows.push(record);
      lines.push(line);
    },
  );
  const bytes = Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength);
  try {
    scanner.write(bytes);
    if (job.last) scanner.end();
  } catch (e) {
    if (e instanceof CsvScanError) throw translateCsvError(e, { file: init.file }, fields);
    throw e;
  }
  const before = stats.collisions;
  const drop = release?.drop;
  const out = transformBatch(
    pipeline,
    rows,
    lines,
    init.file,
    init.header,
    drop === undefined
      ? undefined
      : (i) => {
          try {
            return drop(rows[i]!);
          } catch (e) {
            if (e instanceof NotPlanned) throw new KanonError('INPUT_READ', NOT_PLANNED_MESSAGE, { file: init.file, line: lines[i]! });
            throw e;
          }
        },
  );
  const chunk = new ByteChunk(Math.max(64 * 1024, bytes.length + (bytes.length >> 2)));
  format.rows(chunk, out);
  const buf = chunk.buf;
  return {
    seq: job.seq,
    ok: true,
    out: buf.buffer as ArrayBuffer,
    outLength: chunk.pos,
    recordsIn: rows.length,
    recordsOut: out.length,
    lines: scanner.line - 1,
    holding: !job.last && scanner.holding,
    collisions: stats.collisions - before,
    sample: job.sample > 0 ? rows.slice(0, job.sample) : [],
  };
}

port.on('message', (job: Job) => {
  let r: JobResult;
  try {
    r = run(job);
  } catch (e) {
    const err = e instanceof KanonError ? e : new KanonError('INTERNAL', 'a worker failed');
    port.postMessage({ seq: job.seq, ok: false, code: err.code, message: err.message, where: err.where } satisfies JobResult);
    return;
  }
  if (r.ok) port.postMessage(r, [r.out]);
});
