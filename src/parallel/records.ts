// A piece's records and field boundaries, for the byte lanes (lane.ts: the export; src/plan/
// plan.ts: the plan pass). Only a piece whose bytes are provably read the same way as the
// scanner reads them (csv-scan.ts) is taken: no quote byte, no CR or LF other than the record
// delimiters, every record with the header's field count and within the size limit. Anything
// else is null, and the caller scans the piece.
import { isAscii } from 'node:buffer';
import { CsvScanError, CsvScanner, type RecordDelimiter } from '../io/csv-scan.js';
import { translateCsvError } from '../io/read-csv.js';

/** Node's Buffer#latin1Slice / #utf8Slice (what toString calls, minus argument checks). */
interface Slices {
  latin1Slice(start: number, end: number): string;
  utf8Slice(start: number, end: number): string;
}

/** The cell bytes[a, b) as a string: a one-byte copy when the whole piece is ASCII, else UTF-8
 *  decoding (the reader has checked the input is valid UTF-8, io/encoding.ts). */
export function pieceDecoder(bytes: Buffer): (a: number, b: number) => string {
  const sl = bytes as unknown as Slices;
  return isAscii(bytes) ? (a, b) => sl.latin1Slice(a, b) : (a, b) => sl.utf8Slice(a, b);
}

const LF = 10;
const CR = 13;
const QUOTE = 34;

export interface RecordShape {
  delimiter: number;
  recordDelimiter: RecordDelimiter;
  fields: number;
  maxRecordSize: number;
}

/** Where a piece's records and fields are (grown as needed, reused piece after piece). */
export interface RecordBuffers {
  /** Per record: each field's start, then its end + 1 (fields + 1 entries a record). */
  off: Int32Array;
  /** Per record: its line (relative to the piece: the first is line 1). */
  lineOf: Int32Array;
}

export function recordBuffers(fields: number): RecordBuffers {
  return { off: new Int32Array(1024 * (fields + 1)), lineOf: new Int32Array(1024) };
}

/** The records of a piece the lane can take, with their field boundaries (in `buf`), or null
 *  when the piece is not one for the lane (see the top of this file). Nothing is run. */
export function recordsOf(bytes: Buffer, last: boolean, shape: RecordShape, buf: RecordBuffers): { recs: number; lines: number } | null {
  const { delimiter: d, recordDelimiter: rd, fields } = shape;
  const term = rd === 'lf' ? LF : CR;
  const stray = rd === 'lf' ? CR : rd === 'cr' ? LF : -1;
  const stride = fields + 1;
  let off = buf.off,
    lineOf = buf.lineOf;
  const n = bytes.length;
  if (bytes.indexOf(QUOTE) >= 0 || (stray >= 0 && bytes.indexOf(stray) >= 0)) return null;
  // Every record and field boundary first: nothing runs until the whole piece is known good.
  let recs = 0;
  let lines = 1;
  let i = 0;
  while (i < n) {
    let e = bytes.indexOf(term, i);
    let next: number;
    if (e < 0) {
      if (!last) return null; // an unfinished record: the scanner's way reports it
      e = n;
      next = n;
    } else if (rd === 'crlf') {
      // CR LF: this CR must have its LF, and no LF may stand alone before it.
      if (e + 1 >= n || bytes[e + 1] !== LF || bytes.indexOf(LF, i) !== e + 1) return null;
      next = e + 2;
    } else next = e + 1;
    if (e - i > shape.maxRecordSize) return null;
    if (rd === 'crlf' && e === n && bytes.indexOf(LF, i) >= 0) return null;
    if (e > i) {
      if (off.length < (recs + 1) * stride) {
        const grown = new Int32Array(off.length * 2);
        grown.set(off);
        off = grown;
        buf.off = off;
      }
      if (lineOf.length <= recs) {
        const grown = new Int32Array(lineOf.length * 2);
        grown.set(lineOf);
        lineOf = grown;
        buf.lineOf = lineOf;
      }
      let f = recs * stride;
      off[f++] = i;
      let got = 1;
      for (let k = i; k < e; k++) {
        if (bytes[k] === d) {
          if (got === fields) return null;
          off[f++] = k + 1;
          got++;
        }
      }
      if (got !== fields) return null;
      off[f] = e + 1;
      lineOf[recs] = lines;
      recs++;
    }
    if (next > e) lines++; // a record delimiter was read (not the end of the input)
    i = next;
  }
  return { recs, lines };
}

/** The scanner's way for a piece: its records and their lines (from `line`, default 1), with
 *  the scanner's errors as KanonErrors (INPUT_CSV_SYNTAX, … with that line). */
export function scanPiece(
  bytes: Buffer,
  last: boolean,
  read: { delimiter: number; recordDelimiter: RecordDelimiter; maxRecordSize: number },
  fields: number,
  file: string,
  line?: number,
): { rows: string[][]; lines: number[]; scanner: CsvScanner } {
  const rows: string[][] = [];
  const lines: number[] = [];
  const scanner = new CsvScanner(
    {
      delimiter: read.delimiter,
      maxRecordSize: read.maxRecordSize,
      resume: { recordDelimiter: read.recordDelimiter, fields, ...(line !== undefined ? { line } : {}) },
    },
    (record, l) => {
      rows.push(record);
      lines.push(l);
    },
  );
  try {
    scanner.write(bytes);
    if (last) scanner.end();
  } catch (e) {
    if (e instanceof CsvScanError) throw translateCsvError(e, { file }, fields);
    throw e;
  }
  return { rows, lines, scanner };
}
