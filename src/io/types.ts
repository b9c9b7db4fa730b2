// The one small interface between kanon and its readers/writers (issue 2: the CSV engine may be
// swapped or parallelized later without touching the rest).

export type Format = 'csv' | 'ndjson' | 'json';
export const FORMATS: readonly Format[] = ['csv', 'ndjson', 'json'];

/** Records arrive in batches: fewer awaits in the hot loop. lines[i] = input line of rows[i]. */
export interface Batch {
  rows: string[][];
  lines: number[];
}

export interface Table {
  header: string[];
  format: Format;
  /** CSV only: the delimiter in use. */
  delimiter: string;
  batches: AsyncIterable<Batch>;
  /** Read from a Parquet file through the DuckDB engine (src/io/read-parquet.ts). */
  parquet?: boolean;
  /** CSV opened with `split` (src/parallel/): the header is read, and the bytes after it can be
   *  taken raw instead of as batches (one or the other, once). */
  split?: SplitTable;
}

export interface SplitTable {
  /** The delimiter byte. */
  delimiter: number;
  recordDelimiter: 'lf' | 'crlf' | 'cr';
  /** The line count after the header (csv-parse's info.lines). */
  firstLine: number;
  body(): AsyncIterable<Buffer>;
}

export interface ReadOptions {
  /** Display name for error places: the path, or "<stdin>". */
  file: string;
  format?: Format;
  delimiter?: string;
}

export interface TableWriter {
  write(rows: string[][]): Promise<void>;
  /** Rows already formatted as this writer's bytes (a worker's output chunk, src/parallel/). */
  /** Bytes as they are; `written` is called once the stream has handed them on (the stream's
   *  write callback: for an Output that `settles`, nothing holds them after). */
  writeBytes?(bytes: Uint8Array, written?: () => void): Promise<void>;
  end(): Promise<void>;
}

export interface WriteOptions {
  format: Format;
  header: string[];
  delimiter: string;
  escapeFormulas: boolean;
}
