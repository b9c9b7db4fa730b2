// Parquet input (issue 16), read through the DuckDB engine: a Table like the text readers', so
// run, audit and validate read Parquet unchanged. Every cell arrives as the string DuckDB's
// CAST(… AS VARCHAR) gives (README "Engines"): integers and decimals in plain decimal, floating
// point in DuckDB's shortest round-trip form (0.1, 1e+20), booleans true/false, DATE
// 2020-01-02, TIMESTAMP 2020-01-01 10:00:00, lists [1, 2], structs {'a': 1}; NULL is "" (as an
// empty CSV field). `line` of a record is its row number in the file, from 1.
//
// The header is the file's own top-level field names (parquet_schema), not DuckDB's: DuckDB
// renames names that differ only in case ("a" → "a_1"), kanon's header is case-sensitive.
// Columns are addressed by position (#n), so no header name is ever written into SQL.
import { KanonError } from '../errors.js';
import type { Batch, ReadOptions, Table } from './types.js';

export interface ParquetOptions extends ReadOptions {
  path: string;
  /** Drains the file's bytes through kanon's byte counter (the input's sha256, progress). */
  drain?: () => Promise<void>;
  budgetLimit?: number;
}

/** Records per batch handed to kanon's pipeline. */
const BATCH_ROWS = 8192;

const corrupt = (file: string): KanonError => new KanonError('INPUT_FORMAT', 'the Parquet file cannot be read (corrupt, truncated or not Parquet)', { file });

/** The top-level field names of a Parquet file, in order. */
export async function parquetHeader(path: string, file: string, budgetLimit?: number): Promise<string[]> {
  const { duck } = await import('../engine/duckdb.js');
  const db = await duck(budgetLimit !== undefined ? { budgetLimit } : {});
  const fail = { code: 'INPUT_FORMAT' as const, message: corrupt(file).message, where: { file } };
  // parquet_schema lists the schema tree depth first: the root, then each field followed by its
  // children (num_children); the root's direct children are the columns.
  const rows = await db.all('SELECT name, num_children FROM parquet_schema($1)', [path], fail);
  const names: string[] = [];
  let i = 1;
  const skip = (): void => {
    const n = Number(rows[i]?.[1] ?? 0);
    i++;
    for (let c = 0; c < n; c++) skip();
  };
  const top = Number(rows[0]?.[1] ?? 0);
  for (let c = 0; c < top; c++) {
    if (i >= rows.length) throw corrupt(file);
    names.push(String(rows[i]![0] ?? ''));
    skip();
  }
  if (names.length === 0) throw new KanonError('INPUT_EMPTY', 'the Parquet file has no columns', { file });
  return names;
}

/** The SELECT list that renders columns 1..n as kanon strings. */
export function parquetCells(positions: readonly number[]): string {
  return positions.map((p) => `COALESCE(CAST(#${p + 1} AS VARCHAR), '')`).join(', ');
}

export async function openParquet(opts: ParquetOptions): Promise<Table> {
  const header = await parquetHeader(opts.path, opts.file, opts.budgetLimit);
  const { duck, cellText } = await import('../engine/duckdb.js');
  const db = await duck();
  const fail = { code: 'INPUT_FORMAT' as const, message: corrupt(opts.file).message, where: { file: opts.file } };
  const all = header.map((_, i) => i);
  async function* batches(): AsyncGenerator<Batch> {
    // The export writes records in file order: this query keeps insertion order.
    await db.exec('SET preserve_insertion_order = true', [], fail);
    const draining = opts.drain?.();
    // A consumer that stops early (an error downstream) must not leave a rejection unhandled.
    draining?.catch(() => {});
    let line = 0;
    try {
      let rows: string[][] = [];
      let lines: number[] = [];
      for await (const chunk of db.stream(`SELECT ${parquetCells(all)} FROM read_parquet($1)`, [opts.path], fail)) {
        for (const r of chunk) {
          const row = new Array<string>(r.length);
          for (let j = 0; j < r.length; j++) row[j] = cellText(r[j]);
          rows.push(row);
          lines.push(++line);
        }
        if (rows.length >= BATCH_ROWS) {
          yield { rows, lines };
          rows = [];
          lines = [];
        }
      }
      if (rows.length) yield { rows, lines };
      await draining;
    } finally {
      await db.exec('SET preserve_insertion_order = false', [], fail);
    }
  }
  return { header, format: 'csv', delimiter: ',', batches: batches(), parquet: true };
}
