// CSV reader over csv-parse. The parser's synchronous core (Parser#api.parse, the same entry
// csv-parse/sync uses) is driven chunk by chunk, so records are collected into batches without
// one promise per record. csv-parse's error messages quote raw cells: only their code and line
// are used here, translated to KanonError codes.
import { Parser } from 'csv-parse';
import { KanonError } from '../errors.js';
import type { Batch, ReadOptions } from './types.js';

interface CsvParseError {
  code?: string;
  lines?: number;
  record?: unknown[];
}

interface SyncApi {
  parse(buf: Buffer | undefined, end: boolean, push: (r: string[]) => void, close: () => void): CsvParseError | undefined;
  info: { lines: number };
}

export function translateCsvError(err: CsvParseError, opts: ReadOptions, expected: number | undefined): KanonError {
  const where = { file: opts.file, ...(err.lines !== undefined ? { line: err.lines } : {}) };
  switch (err.code) {
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH':
    case 'CSV_RECORD_INCONSISTENT_COLUMNS':
    case 'CSV_RECORD_DONT_MATCH_COLUMNS_LENGTH': {
      const got = Array.isArray(err.record) ? err.record.length : undefined;
      return new KanonError(
        'INPUT_RECORD_LENGTH',
        `record has ${got ?? 'a different number of'} fields, the header has ${expected ?? 'another number'}`,
        where,
      );
    }
    case 'CSV_QUOTE_NOT_CLOSED':
      return new KanonError('INPUT_CSV_SYNTAX', 'a quoted field is not closed before the end of the input', where);
    case 'CSV_INVALID_OPENING_QUOTE':
      return new KanonError('INPUT_CSV_SYNTAX', 'a quote appears inside an unquoted field', where);
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return new KanonError('INPUT_CSV_SYNTAX', 'characters follow a closing quote before the delimiter', where);
    case 'CSV_MAX_RECORD_SIZE':
      return new KanonError('INPUT_CSV_SYNTAX', 'a record is larger than the maximum record size', where);
    default:
      return new KanonError('INPUT_CSV_SYNTAX', `the CSV cannot be parsed (${err.code ?? 'unknown parser error'})`, where);
  }
}

/** Parses CSV chunks; the first record is the header (state.header, set before the first batch). */
export async function* readCsv(
  chunks: AsyncIterable<Buffer>,
  opts: ReadOptions & { delimiter: string },
  state: { header?: string[] },
): AsyncGenerator<Batch> {
  const parser = new Parser({
    delimiter: opts.delimiter,
    bom: true,
    skip_empty_lines: true,
    relax_column_count: false,
    max_record_size: 16 * 1024 * 1024,
  });
  const api = (parser as unknown as { api: SyncApi }).api;
  let rows: string[][] = [];
  let lines: number[] = [];
  const push = (record: string[]): void => {
    if (state.header === undefined) { state.header = record; return; }
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
