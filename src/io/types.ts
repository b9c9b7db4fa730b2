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
}

export interface ReadOptions {
  /** Display name for error places: the path, or "<stdin>". */
  file: string;
  format?: Format;
  delimiter?: string;
}

export interface TableWriter {
  write(rows: string[][]): Promise<void>;
  end(): Promise<void>;
}

export interface WriteOptions {
  format: Format;
  header: string[];
  delimiter: string;
  escapeFormulas: boolean;
}
