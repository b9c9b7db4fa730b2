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
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { KanonError } from '../errors.js';
import { readCsv } from './read-csv.js';
import { privateTempDir } from './temp-dir.js';
import type { Batch, ReadOptions, Table } from './types.js';

export interface ParquetOptions extends ReadOptions {
  path: string;
  /** Drains the file's bytes through kanon's byte counter (the input's sha256, progress). */
  drain?: () => Promise<void>;
  budgetLimit?: number;
}

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

/** The SELECT list that renders the columns at `positions` (from 0) as kanon strings, each
 *  named `alias(j)` when given. */
export function parquetCells(positions: readonly number[], alias?: (j: number) => string): string {
  return positions.map((p, j) => `COALESCE(CAST(#${p + 1} AS VARCHAR), '')${alias ? ` AS ${alias(j)}` : ''}`).join(', ');
}

export async function openParquet(opts: ParquetOptions): Promise<Table> {
  const header = await parquetHeader(opts.path, opts.file, opts.budgetLimit);
  const { duck, sqlString } = await import('../engine/duckdb.js');
  const fail = { code: 'INPUT_FORMAT' as const, message: corrupt(opts.file).message, where: { file: opts.file } };
  const all = header.map((_, i) => i);
  async function* batches(): AsyncGenerator<Batch> {
    // Opened here, not with the table: the plan pass closes DuckDB when it is done.
    const db = await duck();
    // DuckDB writes the cells as a CSV (in parallel, in file order) to a private temp file, and
    // kanon's own scanner reads it back: converting DuckDB's string vectors to JavaScript
    // strings cell by cell was 12 of 31 CPU s of a 1M-row run (and most of its GC).
    const dir = privateTempDir('kanon-parquet-in-');
    const csv = join(dir.path, 'input.csv');
    const draining = opts.drain?.();
    // A consumer that stops early (an error downstream) must not leave a rejection unhandled.
    draining?.catch(() => {});
    try {
      await db.exec('SET preserve_insertion_order = true', [], fail);
      try {
        await db.exec(
          `COPY (SELECT ${parquetCells(all, (j) => `c${j}`)} FROM read_parquet(${sqlString(opts.path)})) TO ${sqlString(csv)} ` +
            `(FORMAT csv, HEADER true, DELIMITER ',', QUOTE '"', ESCAPE '"')`,
          [],
          fail,
        );
      } finally {
        await db.exec('SET preserve_insertion_order = false', [], fail);
      }
      const state: { header?: string[] } = {};
      // A record is named by its row number in the Parquet file (from 1), not a line of the copy.
      let record = 0;
      for await (const b of readCsv(createReadStream(csv, { highWaterMark: 1024 * 1024 }), { file: opts.file, delimiter: ',' }, state)) {
        const lines = b.lines;
        for (let i = 0; i < lines.length; i++) lines[i] = ++record;
        yield b;
      }
      await draining;
    } finally {
      dir.remove();
    }
  }
  return { header, format: 'csv', delimiter: ',', batches: batches(), parquet: true };
}
