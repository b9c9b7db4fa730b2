// Test helpers that use DuckDB directly (not through kanon): make Parquet files, read them back.
import { DuckDBInstance } from '@duckdb/node-api';

async function connect() {
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  return instance.connect();
}

const lit = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** A Parquet copy of a CSV file, every column VARCHAR, "" kept as "" (not NULL). */
export async function toParquet(csv: string, parquet: string, delimiter = ','): Promise<void> {
  const c = await connect();
  await c.run(
    `COPY (SELECT COALESCE(COLUMNS(*), '') FROM read_csv(${lit(csv)}, header = true, all_varchar = true, delim = ${lit(delimiter)}, quote = '"', escape = '"')) TO ${lit(parquet)} (FORMAT parquet)`,
  );
  c.closeSync();
}

/** Runs one statement (e.g. a COPY making a typed Parquet file). */
export async function duckRun(sql: string): Promise<void> {
  const c = await connect();
  await c.run(sql);
  c.closeSync();
}

/** A Parquet file's column names and rows, every cell as DuckDB renders it to VARCHAR. */
export async function readParquet(parquet: string): Promise<{ columns: string[]; rows: string[][] }> {
  const c = await connect();
  const r = await c.runAndReadAll(`SELECT CAST(COLUMNS(*) AS VARCHAR) FROM read_parquet(${lit(parquet)})`);
  const d = await c.runAndReadAll(`SELECT column_name FROM (DESCRIBE SELECT * FROM read_parquet(${lit(parquet)}))`);
  const out = { columns: d.getRowsJS().map((x) => String(x[0])), rows: r.getRowsJS().map((row) => row.map((v) => (v === null ? '\u0000NULL' : String(v)))) };
  c.closeSync();
  return out;
}
