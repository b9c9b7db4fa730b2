// Writers for CSV, NDJSON and JSON arrays, behind TableWriter.
// The CSV writer is hand-written: csv-stringify took 3.9 s of an 11.7 s pass-through of a
// 1M-row, 184 MB file (bench/), this loop a fraction of that. Its output is tested
// byte for byte against csv-stringify (test/io/write.test.ts), which stays the oracle.
// CSV injection: a cell starting with = + - @ tab or CR is prefixed with ' (OWASP) unless
// escaping is off. Plain numbers ("-12", "+3.5e2") are not formulas and are left alone, so
// negative numbers survive: a decision recorded in the README.
import type { Writable } from 'node:stream';
import type { TableWriter, WriteOptions } from './types.js';
import { ByteChunk } from './bytes.js';

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export function escapeFormula(cell: string): string {
  return FORMULA_START.test(cell) && !PLAIN_NUMBER.test(cell) ? `'${cell}` : cell;
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** PLAIN_NUMBER on the bytes b[a, e) (the byte lane's formula check, src/parallel/lane.ts). */
export function plainNumberBytes(b: Uint8Array, a: number, e: number): boolean {
  let i = a;
  if (i < e && (b[i] === 43 || b[i] === 45)) i++;
  const int0 = i;
  while (i < e && isDigit(b[i]!)) i++;
  if (i > int0) {
    if (i < e && b[i] === 46) {
      i++;
      while (i < e && isDigit(b[i]!)) i++;
    }
  } else {
    if (!(i < e && b[i] === 46)) return false;
    i++;
    const f0 = i;
    while (i < e && isDigit(b[i]!)) i++;
    if (i === f0) return false;
  }
  if (i < e && (b[i] === 101 || b[i] === 69)) {
    i++;
    if (i < e && (b[i] === 43 || b[i] === 45)) i++;
    const x0 = i;
    while (i < e && isDigit(b[i]!)) i++;
    if (i === x0) return false;
  }
  return i === e;
}

/** Writes to a Writable honouring backpressure; rejects on the stream's error (EPIPE included). */
export function sinkWriter(out: Writable): (chunk: string | Uint8Array, written?: () => void) => Promise<void> {
  let failure: Error | undefined;
  out.on('error', (e) => {
    failure = e;
  });
  return (chunk, written) =>
    new Promise<void>((resolve, reject) => {
      if (failure) return reject(failure);
      const ok = out.write(chunk, (e) => {
        if (e) failure = e;
        else written?.();
      });
      if (ok) return resolve();
      const onDrain = (): void => {
        out.off('error', onError);
        resolve();
      };
      const onError = (e: Error): void => {
        out.off('drain', onDrain);
        reject(e);
      };
      out.once('drain', onDrain);
      out.once('error', onError);
    });
}

export function createWriter(out: Writable, opts: WriteOptions): TableWriter {
  const put = sinkWriter(out);
  const format = opts.format === 'csv' ? csvFormatter(opts.delimiter, opts.escapeFormulas, opts.header) : jsonFormatter(opts);
  const chunk = new ByteChunk();
  format.start(chunk);
  let pending: Promise<void> | undefined = chunk.pos ? put(chunk.take()) : undefined;
  const flush = async (): Promise<void> => {
    if (pending) {
      await pending;
      pending = undefined;
    }
    if (chunk.pos) await put(chunk.take());
  };
  return {
    async write(rows) {
      if (rows.length) format.rows(chunk, rows);
      await flush();
    },
    async writeBytes(bytes, written) {
      await flush(); // what came before goes first; the bytes themselves are not copied
      if (bytes.length) await put(bytes, written);
      else written?.();
    },
    async end() {
      format.end(chunk);
      await flush();
    },
  };
}

/** How one output format lays rows out as bytes: what comes first, each batch, what comes last. */
export interface RowFormatter {
  start(out: ByteChunk): void;
  rows(out: ByteChunk, rows: readonly (readonly string[])[]): void;
  end(out: ByteChunk): void;
}

/** RFC 4180 quoting as csv-stringify does it by default: a cell holding the delimiter, a
 *  quote, CR or LF is quoted, inner quotes doubled; lines end with LF. */
export function csvStringifier(delimiter: string, escapeFormulas: boolean): (rows: string[][]) => string {
  const f = csvFormatter(delimiter, escapeFormulas);
  return (rows) => {
    const c = new ByteChunk(1024);
    f.rows(c, rows);
    return c.buf.toString('utf8', 0, c.pos);
  };
}

/** First characters (and bytes) that may make a cell a formula: = + - @ tab CR. */
export const FORMULA_FIRST = new Set([61, 43, 45, 64, 9, 13]);

/** CSV as bytes: a cell is copied while it is checked for what needs quoting; the rare cell
 *  that does is rewritten quoted. The header is the first row (formula-escaped like any row,
 *  as csv-stringify was given it). */
export function csvFormatter(delimiter: string, escapeFormulas: boolean, header?: readonly string[]): RowFormatter & { cell(out: ByteChunk, v: string): void } {
  const d = delimiter.charCodeAt(0);
  const dBytes = Buffer.from(delimiter, 'utf8');
  const dAscii = d < 0x80 && delimiter.length === 1;
  const cell = (out: ByteChunk, v: string): void => {
    const n = v.length;
    out.reserve(3 * n + 2);
    const b = out.buf;
    const start = out.pos;
    let p = start;
    for (let i = 0; i < n; i++) {
      const c = v.charCodeAt(i);
      if (c === d || c === 34 || c === 10 || c === 13) {
        out.pos = start;
        quoted(out, v);
        return;
      }
      if (c >= 0x80) {
        // Non-ASCII: check the rest for quoting, then let Buffer#write encode it.
        for (let k = i + 1; k < n; k++) {
          const e = v.charCodeAt(k);
          if (e === d || e === 34 || e === 10 || e === 13) {
            out.pos = start;
            quoted(out, v);
            return;
          }
        }
        out.pos = p + b.write(i === 0 ? v : v.slice(i), p, 'utf8');
        return;
      }
      b[p++] = c;
    }
    out.pos = p;
  };
  const quoted = (out: ByteChunk, v: string): void => {
    out.byte(34);
    out.str(v.replace(/"/g, '""'));
    out.byte(34);
  };
  const rows = (out: ByteChunk, rs: readonly (readonly string[])[]): void => {
    for (const row of rs) {
      for (let j = 0; j < row.length; j++) {
        let v = row[j]!;
        if (escapeFormulas && v.length && FORMULA_FIRST.has(v.charCodeAt(0))) v = escapeFormula(v);
        if (j) {
          if (dAscii) out.byte(d);
          else out.bytes(dBytes);
        }
        cell(out, v);
      }
      out.byte(10);
    }
  };
  return {
    start: (out) => {
      if (header) rows(out, [header]);
    },
    rows,
    end: () => {},
    cell: (out, v) => cell(out, escapeFormulas && v.length && FORMULA_FIRST.has(v.charCodeAt(0)) ? escapeFormula(v) : v),
  };
}

/** NDJSON (one object a line) or a JSON array, as bytes: keys are encoded once; a value with
 *  nothing to escape is copied between quotes, any other goes through JSON.stringify. */
export function jsonFormatter(opts: Pick<WriteOptions, 'format' | 'header'>): RowFormatter {
  const keys = opts.header.map((h, i) => Buffer.from(`${i ? ',' : '{'}${JSON.stringify(h)}:`, 'utf8'));
  const value = (out: ByteChunk, v: string): void => {
    const n = v.length;
    out.reserve(n + 2);
    const b = out.buf;
    const start = out.pos;
    let p = start;
    b[p++] = 34;
    for (let i = 0; i < n; i++) {
      const c = v.charCodeAt(i);
      if (c < 0x20 || c === 34 || c === 92 || c >= 0x80) {
        out.pos = start;
        out.str(JSON.stringify(v));
        return;
      }
      b[p++] = c;
    }
    b[p++] = 34;
    out.pos = p;
  };
  const ndjson = opts.format === 'ndjson';
  let count = 0;
  const obj = (out: ByteChunk, row: readonly string[]): void => {
    if (keys.length === 0) out.byte(123); // "{"
    for (let i = 0; i < keys.length; i++) {
      out.bytes(keys[i]!);
      value(out, row[i] ?? '');
    }
    out.byte(125); // "}"
  };
  return {
    start: () => {},
    rows(out, rs) {
      for (const r of rs) {
        if (ndjson) {
          obj(out, r);
          out.byte(10);
        } else {
          out.str(count++ === 0 ? '[\n' : ',\n');
          obj(out, r);
        }
      }
    },
    end(out) {
      if (!ndjson) out.str(count === 0 ? '[]\n' : '\n]\n');
    },
  };
}
