// The byte lane of the CSV → CSV export (issue 18: bytes end to end). A piece of whole records
// (split.ts) is formatted straight from its bytes: a column released as it is — and a run of
// consecutive such columns, delimiters and all — is copied as its input bytes, and only the
// cells a closure reads (RowPipeline.reads) are decoded into the record handed to it. One
// thread spent 60 % of a pass-through decoding every cell into a string and encoding it back.
//
// It takes only pieces where that is provably the same bytes as scan → transform → format
// (csv-scan.ts, pipeline.ts, write.ts): no quote byte (so no cell needs quoting or unquoting,
// and a cell cannot hold the delimiter), no CR or LF other than the record delimiters, every
// record with the header's field count and within the size limit, the output delimiter equal
// to the input's, valid UTF-8 (which the reader has already checked, io/encoding.ts: its bytes
// are what encoding the decoded cell gives back). A cell that may be a formula is written
// through the formatter's own cell writer. Anything else — and a piece that is to give the
// report's sample records — returns null before a closure has run, and the caller takes the
// scanner's way, which also finds every syntax error at its line. An error a closure throws is
// placed as transformBatch places it (file, line, column), on the record's own row object.
import { KanonError } from '../errors.js';
import type { RecordDelimiter } from '../io/csv-scan.js';
import { ByteChunk } from '../io/bytes.js';
import { FORMULA_FIRST, plainNumberBytes } from '../io/write.js';
import { findFailingColumn, type RowPipeline } from '../pipeline.js';
import { NotPlanned, type CodedRelease } from '../plan/release.js';
import { pieceDecoder, recordBuffers, recordsOf, type RecordShape } from './records.js';

const LF = 10;
const APOSTROPHE = 39;
const CR = 13;
/** The record handed on when no cell is read (nothing reads it, nothing writes it). */
const NO_CELLS = Object.freeze([]) as unknown as string[]; // frozen: a write would throw

export interface LaneSpec {
  pipeline: RowPipeline;
  /** Input column names (error places). */
  header: readonly string[];
  file: string;
  /** Input delimiter byte. */
  delimiter: number;
  recordDelimiter: RecordDelimiter;
  maxRecordSize: number;
  /** The output delimiter (the lane runs only when it is the input's, as one ASCII byte). */
  outDelimiter: string;
  escapeFormulas: boolean;
  /** The formatter's cell writer (formula escaping and quoting, csvFormatter). */
  cell(out: ByteChunk, v: string): void;
  /** Input columns read besides the pipeline's (the plan's QI and sensitive columns). */
  reads: readonly number[];
  /** True for a record to leave out; its errors pass through `dropError`. */
  drop?: (row: readonly string[]) => boolean;
  dropError?: (e: unknown, line: number) => unknown;
  /** A full-domain plan decided from the cells' bytes instead of `drop` and the QI closures
   *  (release.ts codedRelease): its QI columns are written as their labels' formatted bytes,
   *  `*` for a suppressed record when `star`. A record the plan did not see fails as `drop`'s
   *  NotPlanned would (dropError gets a NotPlanned). */
  coded?: { release: CodedRelease; star: boolean };
}

export interface LaneResult {
  recordsIn: number;
  recordsOut: number;
  /** Record delimiters the piece's records took (csv-parse's line count). */
  lines: number;
}

export type Lane = (bytes: Buffer, last: boolean, out: ByteChunk) => LaneResult | null;

/** A value's bytes as the formatter's cell writer writes them (quoting, formula escaping). */
export function formattedBy(cell: (out: ByteChunk, v: string) => void): (v: string) => Uint8Array {
  return (v) => {
    const c = new ByteChunk(64);
    cell(c, v);
    return c.buf.subarray(0, c.pos);
  };
}

/** The lane for this export, or null when none of its pieces could take it. */
export function createLane(spec: LaneSpec): Lane | null {
  const d = spec.delimiter;
  if (spec.outDelimiter.length !== 1 || spec.outDelimiter.charCodeAt(0) !== d) return null;
  const fields = spec.header.length;
  const { pipeline, escapeFormulas, cell, drop, file, header } = spec;
  const { sources, fns } = pipeline;
  const nOut = sources.length;
  const coded = spec.coded?.release;
  const star = spec.coded?.star === true;
  // Per output column: the QI ordinal whose label it writes from the codes, or -1.
  const qiOf = new Int32Array(nOut).fill(-1);
  if (coded) for (let j = 0; j < nOut; j++) qiOf[j] = fns[j] ? coded.qiIndex.indexOf(sources[j]!) : -1;
  const readSet = new Uint8Array(fields);
  const readCols = coded ? [...pipeline.operatorReads, ...sources.filter((_, j) => fns[j] && qiOf[j]! < 0)] : [...pipeline.reads, ...spec.reads];
  for (const i of readCols) if (i >= 0 && i < fields) readSet[i] = 1;
  // Closures with a byte form (CellBytes) that this writer writes as they come: their cells
  // are not decoded (unless something else reads them).
  const formatted = formattedBy(cell);
  const starBytes = formatted('*');
  const asIs = (v: string): boolean => Buffer.from(v, 'utf8').equals(formatted(v));
  const alnum = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  const byteOf = fns.map((f, j) => {
    const fb = f?.bytes;
    if (fb === undefined || qiOf[j]! >= 0 || alnum(d) || !asIs('') || !asIs(`${fb.prefix}a`) || !asIs(`${fb.prefix}0`)) return undefined;
    return fb;
  });
  const readAnyway = new Set([...pipeline.operatorReads, ...(coded ? [] : spec.reads)]);
  for (let j = 0; j < nOut; j++) if (byteOf[j] !== undefined && !readAnyway.has(sources[j]!)) readSet[sources[j]!] = 0;
  const reads = [...readSet.keys()].filter((i) => readSet[i] === 1);
  const rd = spec.recordDelimiter;
  const formula = new Uint8Array(256);
  for (const b of FORMULA_FIRST) formula[b] = 1;
  const shape: RecordShape = { delimiter: d, recordDelimiter: rd, fields, maxRecordSize: spec.maxRecordSize };
  const buf = recordBuffers(fields);
  const stride = fields + 1;

  return (bytes, last, out) => {
    const recs0 = recordsOf(bytes, last, shape, buf);
    if (recs0 === null) return null;
    const { recs, lines } = recs0;
    const off = buf.off,
      lineOf = buf.lineOf;
    // Pass 2: each record's closures and bytes.
    const decode = pieceDecoder(bytes);
    let recordsOut = 0;
    // The run of input bytes pending a copy (columns released as they are, back to back).
    let spanA = -1,
      spanB = -1,
      spanSrc = -2;
    const flush = (): void => {
      if (spanA < 0) return;
      out.range(bytes, spanA, spanB);
      spanA = -1;
    };
    for (let r = 0; r < recs; r++) {
      const base = r * stride;
      // A record of its own only when something reads cells (a closure's or the decision's
      // identity checks need one per record); else nothing is allocated per record.
      const row = reads.length > 0 ? new Array<string>(fields) : NO_CELLS;
      for (let x = 0; x < reads.length; x++) {
        const c = reads[x]!;
        row[c] = decode(off[base + c]!, off[base + c + 1]! - 1);
      }
      let suppressed = false;
      if (coded) {
        const st = coded.decide(bytes, off, base);
        if (st < 0) {
          const e = new NotPlanned();
          throw spec.dropError ? spec.dropError(e, lineOf[r]!) : e;
        }
        suppressed = st === 1;
        if (suppressed && !star) continue;
      } else if (drop !== undefined) {
        let gone: boolean;
        try {
          gone = drop(row);
        } catch (e) {
          throw spec.dropError ? spec.dropError(e, lineOf[r]!) : e;
        }
        if (gone) continue;
      }
      spanA = -1;
      spanSrc = -2;
      for (let j = 0; j < nOut; j++) {
        const s = sources[j]!;
        const fn = fns[j];
        const a = off[base + s]!,
          b = off[base + s + 1]! - 1;
        if (fn === null || fn === undefined) {
          if (!(escapeFormulas && b > a && formula[bytes[a]!] === 1)) {
            if (spanA >= 0 && s === spanSrc + 1) spanB = b;
            else {
              flush();
              if (j) out.byte(d);
              spanA = a;
              spanB = b;
            }
            spanSrc = s;
            continue;
          }
          flush();
          if (j) out.byte(d);
          // A formula-like cell: escapeFormula's ' before it unless it is a plain number. No
          // quote, LF or delimiter can be in a lane piece's cell; one holding a CR (which the
          // writer quotes) takes the formatter's own way.
          let cr = a;
          while (cr < b && bytes[cr] !== CR) cr++;
          if (cr < b) cell(out, row[s] ?? decode(a, b));
          else {
            if (!plainNumberBytes(bytes, a, b)) out.byte(APOSTROPHE);
            out.range(bytes, a, b);
          }
          spanSrc = -2;
          continue;
        }
        flush();
        spanSrc = -2;
        const q = qiOf[j]!;
        if (q >= 0) {
          if (j) out.byte(d);
          if (suppressed) out.range(starBytes, 0, starBytes.length);
          else coded!.writeLabel(q, out);
          continue;
        }
        const bw = byteOf[j];
        if (bw !== undefined) {
          if (j) out.byte(d);
          bw.write(bytes, a, b, out);
          continue;
        }
        let v: string;
        try {
          v = fn(row[s] ?? decode(a, b), row);
        } catch (e) {
          if (e instanceof KanonError && e.where.line === undefined) {
            // As transformBatch: name the failing column, on this record's row made whole.
            for (let c = 0; c < fields; c++) if (row[c] === undefined) row[c] = decode(off[base + c]!, off[base + c + 1]! - 1);
            // (coded QI columns are skipped: their closures, reached with the record decided,
            // cannot fail — and in star mode would take the record's slot a second time)
            const col = findFailingColumn(pipeline, row, header, coded ? (jj) => qiOf[jj]! >= 0 : undefined);
            throw new KanonError(e.code, e.message, { ...e.where, file, line: lineOf[r]!, ...(col ? { column: col } : {}) });
          }
          throw e;
        }
        if (j) out.byte(d);
        cell(out, v);
      }
      flush();
      out.byte(LF);
      recordsOut++;
    }
    return { recordsIn: recs, recordsOut, lines: lines - 1 };
  };
}
