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
  writeBytes?(bytes: Uint8Array): Promise<void>;
  end(): Promise<void>;
}

export interface WriteOptions {
  format: Format;
  header: string[];
  delimiter: string;
  escapeFormulas: boolean;
}
