// CSV reader. The default engine is kanon's own scanner (csv-scan.ts, ~5× faster parsing); csv-parse
// stays as the reference it is tested against and as the engine for a delimiter the scanner does
// not take (more than one byte, a quote, CR or LF), or when KANON_CSV_ENGINE=csv-parse.
// Both report errors only by code and line: csv-parse's messages quote raw cells.
import { Parser } from 'csv-parse';
import { KanonError } from '../errors.js';
import { CsvScanError, CsvScanner, type CsvScanOptions, type RecordDelimiter } from './csv-scan.js';
import type { Batch, ReadOptions } from './types.js';

/** The largest record any reader takes (CSV, NDJSON line, JSON object): a stream with no record
 *  end (`cat /dev/zero`, a quote never closed) fails here instead of filling memory. */
export const MAX_RECORD_SIZE = 16 * 1024 * 1024;
export const MAX_RECORD_SIZE_TEXT = '16 MiB';

interface CsvParseError {
  code?: string;
  lines?: number;
  record?: unknown[];
}

interface SyncApi {
  parse(buf: Buffer | undefined, end: boolean, push: (r: string[]) => void, close: () => void): CsvParseError | undefined;
  info: { lines: number };
}

/** Maps a csv-parse error (or a CsvScanError, which uses the same codes) to a KanonError. */
export function translateCsvError(
  err: { code?: string; lines?: number; fields?: number | undefined; record?: unknown },
  opts: ReadOptions,
  expected: number | undefined,
): KanonError {
  const where = { file: opts.file, ...(err.lines !== undefined ? { line: err.lines } : {}) };
  switch (err.code) {
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH':
    case 'CSV_RECORD_INCONSISTENT_COLUMNS':
    case 'CSV_RECORD_DONT_MATCH_COLUMNS_LENGTH': {
      const got = err.fields ?? (Array.isArray(err.record) ? err.record.length : undefined);
      return new KanonError(
        'INPUT_RECORD_LENGTH',
        `record has ${got ?? 'a different number of'} fields, the header has ${expected ?? 'another number'}`,
        where,
      );
    }
    case 'CSV_QUOTE_NOT_CLOSED':
      return new KanonError('INPUT_CSV_SYNTAX', 'a quoted field is not closed before the end of the input', where);
    case 'CSV_INVALID_OPENING_QUOTE':
    case 'INVALID_OPENING_QUOTE': // csv-parse 7 names it without the CSV_ prefix
      return new KanonError('INPUT_CSV_SYNTAX', 'a quote appears inside an unquoted field', where);
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return new KanonError('INPUT_CSV_SYNTAX', 'characters follow a closing quote before the delimiter', where);
    case 'CSV_MAX_RECORD_SIZE':
      return new KanonError('INPUT_RECORD_SIZE', `a record is larger than the maximum record size (${MAX_RECORD_SIZE_TEXT})`, where);
    default:
      return new KanonError('INPUT_CSV_SYNTAX', `the CSV cannot be parsed (${err.code ?? 'unknown parser error'})`, where);
  }
}

/** The delimiter as one byte if kanon's scanner can take it. */
export function scannerDelimiter(delimiter: string): number | undefined {
  const b = Buffer.from(delimiter, 'utf8');
  return b.length === 1 && b[0] !== 0x22 && b[0] !== 0x0a && b[0] !== 0x0d ? b[0] : undefined;
}

/** Parses CSV chunks; the first record is the header (state.header, set before the first batch). */
export async function* readCsv(
  chunks: AsyncIterable<Buffer>,
  opts: ReadOptions & { delimiter: string; maxRecordSize?: number },
  state: { header?: string[] },
): AsyncGenerator<Batch> {
  const delimiter = scannerDelimiter(opts.delimiter);
  if (delimiter === undefined || process.env.KANON_CSV_ENGINE === 'csv-parse') {
    yield* readCsvParse(chunks, opts, state);
    return;
  }
  yield* scanBatches(
    chunks,
    { delimiter, maxRecordSize: opts.maxRecordSize ?? MAX_RECORD_SIZE },
    opts,
    () => state.header?.length,
    (record) => {
      if (state.header !== undefined) return false;
      state.header = record;
      return true;
    },
  );
}

/** The records after a header already read (openTable with `split`): one scanner resumed with
 *  the stream's record delimiter, field count and line. */
export async function* readCsvResumed(
  chunks: AsyncIterable<Buffer>,
  opts: { file: string; delimiter: number; maxRecordSize?: number },
  resume: { recordDelimiter: RecordDelimiter; fields: number; line: number },
): AsyncGenerator<Batch> {
  yield* scanBatches(
    chunks,
    { delimiter: opts.delimiter, maxRecordSize: opts.maxRecordSize ?? MAX_RECORD_SIZE, resume },
    { file: opts.file },
    () => resume.fields,
  );
}

/** kanon's scanner over the chunks: one batch per chunk that completed records; scanner
 *  errors as kanon's coded errors (`fields()`: the header's field count when known). A record
 *  `take` returns true for (the header) is not batched. */
async function* scanBatches(
  chunks: AsyncIterable<Buffer>,
  scan: CsvScanOptions,
  where: ReadOptions,
  fields: () => number | undefined,
  take?: (record: string[]) => boolean,
): AsyncGenerator<Batch> {
  let rows: string[][] = [];
  let lines: number[] = [];
  const scanner = new CsvScanner(scan, (record, line) => {
    if (take?.(record)) return;
    rows.push(record);
    lines.push(line);
  });
  const step = (chunk: Buffer | undefined): void => {
    try {
      if (chunk === undefined) scanner.end();
      else scanner.write(chunk);
    } catch (e) {
      if (e instanceof CsvScanError) throw translateCsvError(e, where, fields());
      throw e;
    }
  };
  for await (const chunk of chunks) {
    step(chunk);
    if (rows.length > 0) {
      const batch = { rows, lines };
      rows = [];
      lines = [];
      yield batch;
    }
  }
  step(undefined);
  if (rows.length > 0) yield { rows, lines };
}

/** The same contract over csv-parse's synchronous core (Parser#api.parse, what csv-parse/sync
 *  uses), driven chunk by chunk so records are batched without a promise per record. */
export async function* readCsvParse(
  chunks: AsyncIterable<Buffer>,
  opts: ReadOptions & { delimiter: string; maxRecordSize?: number },
  state: { header?: string[] },
): AsyncGenerator<Batch> {
  const parser = new Parser({
    delimiter: opts.delimiter,
    bom: true,
    skip_empty_lines: true,
    relax_column_count: false,
    max_record_size: opts.maxRecordSize ?? MAX_RECORD_SIZE,
  });
  const api = (parser as unknown as { api: SyncApi }).api;
  let rows: string[][] = [];
  let lines: number[] = [];
  const push = (record: string[]): void => {
    if (state.header === undefined) {
      state.header = record;
      return;
    }
    rows.push(record);
    lines.push(api.info.lines);
  };
  const noop = (): void => {};
  for await (const chunk of chunks) {
    const err = api.parse(chunk, false, push, noop);
    if (err) throw translateCsvError(err, opts, state.header?.length);
    if (rows.length > 0) {
      const batch = { rows, lines };
      rows = [];
      lines = [];
      yield batch;
    }
  }
  const err = api.parse(undefined, true, push, noop);
  if (err) throw translateCsvError(err, opts, state.header?.length);
  if (rows.length > 0) yield { rows, lines };
}
