// Writers for CSV, NDJSON and JSON arrays, behind TableWriter.
// The CSV writer is hand-written: csv-stringify took 3.9 s of an 11.7 s pass-through of a
// 1M-row, 184 MB file (bench/), this loop a fraction of that. Its output is tested
// byte for byte against csv-stringify (test/io/write.test.ts), which stays the oracle.
// CSV injection: a cell starting with = + - @ tab or CR is prefixed with ' (OWASP) unless
// escaping is off. Plain numbers ("-12", "+3.5e2") are not formulas and are left alone, so
// negative numbers survive: a decision recorded in the README.
import type { Writable } from 'node:stream';
import type { TableWriter, WriteOptions } from './types.js';

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export function escapeFormula(cell: string): string {
  return FORMULA_START.test(cell) && !PLAIN_NUMBER.test(cell) ? `'${cell}` : cell;
}

/** Writes to a Writable honouring backpressure; rejects on the stream's error (EPIPE included). */
export function sinkWriter(out: Writable): (text: string) => Promise<void> {
  let failure: Error | undefined;
  out.on('error', (e) => {
    failure = e;
  });
  return (text) =>
    new Promise<void>((resolve, reject) => {
      if (failure) return reject(failure);
      const ok = out.write(text, (e) => {
        if (e) failure = e;
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
  if (opts.format === 'csv') return csvWriter(put, opts);
  return jsonWriter(put, opts);
}

/** RFC 4180 quoting as csv-stringify does it by default: a cell holding the delimiter, a
 *  quote, CR or LF is quoted, inner quotes doubled; lines end with LF. */
export function csvStringifier(delimiter: string, escapeFormulas: boolean): (rows: string[][]) => string {
  const d = delimiter.charCodeAt(0);
  const needsQuote = (v: string): boolean => {
    for (let i = 0; i < v.length; i++) {
      const c = v.charCodeAt(i);
      if (c === d || c === 34 || c === 10 || c === 13) return true;
    }
    return false;
  };
  return (rows) => {
    let s = '';
    for (const row of rows) {
      for (let j = 0; j < row.length; j++) {
        let v = row[j]!;
        if (escapeFormulas && v.length && FORMULA_FIRST.has(v.charCodeAt(0))) v = escapeFormula(v);
        if (j) s += delimiter;
        s += needsQuote(v) ? '"' + v.replace(/"/g, '""') + '"' : v;
      }
      s += '\n';
    }
    return s;
  };
}

const FORMULA_FIRST = new Set([61, 43, 45, 64, 9, 13]); // = + - @ tab CR

function csvWriter(put: (s: string) => Promise<void>, opts: WriteOptions): TableWriter {
  const str = csvStringifier(opts.delimiter, opts.escapeFormulas);
  let pending: Promise<void> | undefined = put(str([opts.header]));
  return {
    async write(rows) {
      if (pending) {
        await pending;
        pending = undefined;
      }
      if (rows.length) await put(str(rows));
    },
    async end() {
      if (pending) await pending;
    },
  };
}

function jsonWriter(put: (s: string) => Promise<void>, opts: WriteOptions): TableWriter {
  const keys = opts.header.map((h) => JSON.stringify(h) + ':');
  const obj = (row: string[]): string => {
    let s = '{';
    for (let i = 0; i < keys.length; i++) s += (i ? ',' : '') + keys[i] + JSON.stringify(row[i] ?? '');
    return s + '}';
  };
  const ndjson = opts.format === 'ndjson';
  let count = 0;
  return {
    async write(rows) {
      if (!rows.length) return;
      let s = '';
      for (const r of rows) {
        if (ndjson) s += obj(r) + '\n';
        else s += (count++ === 0 ? '[\n' : ',\n') + obj(r);
      }
      await put(s);
    },
    async end() {
      if (!ndjson) await put(count === 0 ? '[]\n' : '\n]\n');
    },
  };
}
