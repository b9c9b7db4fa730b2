// Real SQL engines for the kanon sql tests: DuckDB in-process (@duckdb/node-api) and a
// PostgreSQL server through the psql CLI (KANON_PG: a libpq connection string; .ci/run starts
// a server on loopback and sets it). Results come back as rows of text (NULL as null).
import { spawnSync } from 'node:child_process';
import { parse } from 'csv-parse/sync';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

let conn: Promise<DuckDBConnection> | undefined;
export function duck(): Promise<DuckDBConnection> {
  conn ??= DuckDBInstance.create(':memory:').then((db) => db.connect());
  return conn;
}

/** Runs one statement; a SELECT's rows as text (every column cast by the caller or read as its string form). */
export async function duckRows(sql: string): Promise<(string | null)[][]> {
  const c = await duck();
  const r = await c.runAndReadAll(sql);
  return r.getRows().map((row) => row.map((v) => (v === null ? null : String(v))));
}

/** Loads a CSV file (all columns text; empty fields are NULL, as a warehouse load gives them). */
export async function duckLoad(table: string, csvPath: string, delim = ','): Promise<void> {
  const c = await duck();
  await c.run(
    `CREATE OR REPLACE TABLE "${table}" AS SELECT * FROM read_csv('${csvPath.replace(/'/g, "''")}', header = true, all_varchar = true, delim = '${delim}', quote = '"', escape = '"')`,
  );
}

export const PG = process.env.KANON_PG;

/** Why the PostgreSQL tests cannot run here, or undefined when they can. Under CI a missing
 *  server is a failure, not a skip (.ci/run starts one). */
export function pgUnavailable(): string | undefined {
  if (PG === undefined || PG === '') {
    if (process.env.CI) throw new Error('KANON_PG is not set under CI: .ci/run should have started PostgreSQL');
    return 'KANON_PG is not set (no PostgreSQL server)';
  }
  const r = spawnSync('psql', [PG, '-X', '-q', '-c', 'SELECT 1'], { encoding: 'utf8' });
  if (r.status !== 0) {
    if (process.env.CI) throw new Error(`PostgreSQL at KANON_PG does not answer: ${r.stderr}`);
    return `PostgreSQL at KANON_PG does not answer (${(r.stderr || r.error?.message || '').trim()})`;
  }
  return undefined;
}

export interface PsqlResult {
  code: number;
  rows: string[][];
  header: string[];
  stderr: string;
}

/** Runs a script through psql (stdin), the last statement's result as CSV. */
export function psql(script: string): PsqlResult {
  const r = spawnSync('psql', [PG!, '-X', '-q', '-v', 'ON_ERROR_STOP=1', '--csv', '-P', 'null=\\N'], {
    input: script,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.status !== 0) return { code: r.status ?? -1, rows: [], header: [], stderr: r.stderr };
  const rows: string[][] = r.stdout.trim() === '' ? [] : parse(r.stdout, { relax_column_count: true });
  return { code: 0, header: rows.shift() ?? [], rows, stderr: r.stderr };
}

/** Rows as a sorted multiset (one string per row) for comparisons. */
export function multiset(rows: readonly (readonly (string | null)[])[]): string[] {
  return rows.map((r) => JSON.stringify(r)).sort();
}
