// Opening a table: sniff the format/delimiter from the head of the stream, start the matching
// reader, and read until the header is known.
import type { Readable } from 'node:stream';
import { KanonError } from '../errors.js';
import { peek, sliced, type ByteCounter } from './chunks.js';
import { gunzip, hasGzipExtension, isGzip } from './compress.js';
import { checkHead, checkUtf8 } from './encoding.js';
import { formatFromPath, sniffDelimiter, sniffFormat } from './sniff.js';
import { MAX_RECORD_SIZE, readCsv, readCsvResumed, scannerDelimiter } from './read-csv.js';
import { splitHeader } from '../parallel/split.js';
import { readNdjson } from './read-ndjson.js';
import { readJsonArray } from './read-json.js';
import type { Batch, Format, ReadOptions, Table } from './types.js';
import type { Engine } from '../engine/duckdb.js';

export interface OpenOptions extends ReadOptions {
  /** The input path, for the extension (undefined for stdin). */
  path?: string;
  counter?: ByteCounter;
  /** --engine (Parquet needs DuckDB: auto or duckdb). */
  engine?: Engine;
  /** kanon's memory budget, for DuckDB's share of it. */
  budgetLimit?: number;
  /** CSV: read the header here and offer the rest raw as well (Table.split), for the worker
   *  pipeline. Ignored where the scanner does not apply or the header is not a plain line. */
  split?: boolean;
}

/** Parquet's magic, "PAR1" (issue 16: routed to the DuckDB engine, not refused). */
export function isParquet(head: Buffer): boolean {
  return head.length >= 4 && head[0] === 0x50 && head[1] === 0x41 && head[2] === 0x52 && head[3] === 0x31;
}

export async function openTable(stream: Readable, opts: OpenOptions): Promise<Table> {
  const counter = opts.counter ?? { bytes: 0 };
  const unreadable = (): KanonError => new KanonError('INPUT_READ', 'cannot read the input', { file: opts.file });
  let peeked: Awaited<ReturnType<typeof peek>>;
  try {
    peeked = await peek(stream, 64 * 1024, counter);
  } catch {
    throw unreadable();
  }
  let { head } = peeked;
  const raw = peeked.chunks;
  // Stream errors (permissions, I/O) become INPUT_READ; the reader's own errors pass through.
  let chunks: AsyncIterable<Buffer> = (async function* () {
    try {
      yield* raw;
    } catch (e) {
      throw e instanceof KanonError ? e : unreadable();
    }
  })();
  if (isParquet(head)) return openParquetTable(chunks, opts);
  if (isGzip(head)) {
    // The byte counter (progress, the input's hash) stays on the compressed bytes.
    const inner = await peek(gunzip(chunks, opts.file), 64 * 1024, { bytes: 0 });
    head = inner.head;
    chunks = inner.chunks;
  } else if (hasGzipExtension(opts.path) && head.length > 0) {
    throw new KanonError('INPUT_FORMAT', 'the file name ends in .gz but the file is not gzip data', { file: opts.file });
  }
  checkHead(head, opts.file);
  chunks = checkUtf8(chunks, opts.file);
  const format: Format = opts.format ?? formatFromPath(opts.path) ?? sniffFormat(head);
  const delimiter = opts.delimiter ?? (format === 'csv' ? sniffDelimiter(head) : ',');
  if (opts.split && format === 'csv' && process.env.KANON_CSV_ENGINE !== 'csv-parse') {
    const d = scannerDelimiter(delimiter);
    const split = d === undefined ? undefined : splitHeader(head, chunks, d, MAX_RECORD_SIZE);
    if (d !== undefined && split) {
      checkHeader(split.header, opts.file);
      let taken = false;
      const body = (): AsyncIterable<Buffer> => {
        if (taken) throw new KanonError('INTERNAL', 'the input was read twice');
        taken = true;
        return split.body;
      };
      const resume = { recordDelimiter: split.recordDelimiter, fields: split.header.length, line: split.firstLine };
      let batches: AsyncIterable<Batch> | undefined;
      return {
        header: split.header,
        format,
        delimiter,
        get batches() {
          batches ??= readCsvResumed(sliced(body()), { file: opts.file, delimiter: d }, resume);
          return batches;
        },
        split: { delimiter: d, recordDelimiter: split.recordDelimiter, firstLine: split.firstLine, body },
      };
    }
  }
  const state: { header?: string[] } = {};
  const gen: AsyncGenerator<Batch> =
    format === 'csv'
      ? readCsv(sliced(chunks), { ...opts, delimiter }, state)
      : format === 'ndjson'
        ? readNdjson(sliced(chunks), opts, state)
        : readJsonArray(sliced(chunks), opts, state);

  const first = await gen.next();
  if (state.header === undefined) {
    throw new KanonError('INPUT_EMPTY', format === 'csv' ? 'the input has no header row' : 'the input has no records', { file: opts.file });
  }
  const header = state.header;
  checkHeader(header, opts.file);
  async function* batches(): AsyncGenerator<Batch> {
    if (!first.done) yield first.value;
    yield* gen;
  }
  return { header, format, delimiter, batches: batches() };
}

async function openParquetTable(chunks: AsyncIterable<Buffer>, opts: OpenOptions): Promise<Table> {
  if (opts.engine === 'node') {
    throw new KanonError('INPUT_FORMAT', 'the input is Parquet, which the DuckDB engine reads: use --engine duckdb (or auto, the default)', {
      file: opts.file,
    });
  }
  if (opts.path === undefined) {
    throw new KanonError('INPUT_FORMAT', 'the input is Parquet, which kanon reads from a file only (Parquet keeps its schema at the end): give its path', {
      file: opts.file,
    });
  }
  const { openParquet } = await import('./read-parquet.js');
  const table = await openParquet({
    file: opts.file,
    path: opts.path,
    // The bytes still pass kanon's counter (the input's sha256, progress) while DuckDB reads.
    drain: async () => {
      for await (const _ of chunks);
    },
    ...(opts.budgetLimit !== undefined ? { budgetLimit: opts.budgetLimit } : {}),
  });
  checkHeader(table.header, opts.file);
  return table;
}

export function checkHeader(header: string[], file: string): void {
  const seen = new Set<string>();
  header.forEach((name, i) => {
    if (name.trim() === '') {
      throw new KanonError('INPUT_HEADER', `column ${i + 1} of the header has no name`, { file, line: 1 });
    }
    if (seen.has(name)) throw new KanonError('INPUT_HEADER', 'the header names this column twice', { file, line: 1, column: name });
    seen.add(name);
  });
}
