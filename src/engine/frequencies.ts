// The plan pass on DuckDB (issue 16): instead of encoding every record in kanon's process, one
// GROUP BY over the input yields the frequency set — each distinct (quasi-identifiers…,
// sensitive…) combination with its record count — and the encoder takes those weighted entries.
// kanon then holds the distinct combinations, not the rows.
//
// Equal to the node engine by construction and by test (test/engine/differential.test.ts):
// - cells are the strings kanon's readers give: read_csv with every column VARCHAR, no type or
//   dialect sniffing, RFC 4180 quotes, empty fields (NULL in DuckDB) as "";
// - the header and delimiter come from kanon's own reader (openTable), so binding is the same;
// - entries are fed in order of their first record (Parquet: min(file_row_number); CSV:
//   min(row_number() OVER ())), so dictionary codes — and with them the order of values in
//   the report's distributions — come out as the node engine's (Adult showed the difference);
// - when DuckDB cannot read a CSV, or a value fails its hierarchy, kanon's own reader re-reads
//   the file to report the exact coded error and line the node engine gives (DuckDB's
//   messages quote data and are never shown). A CSV DuckDB accepts and kanon's reader would
//   not is still refused at the export pass, which reads with kanon's reader.
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { KanonError } from '../errors.js';
import { isGzip } from '../io/compress.js';
import { openTable } from '../io/read.js';
import { parquetCells } from '../io/read-parquet.js';
import type { Table } from '../io/types.js';
import { encodePass, encoderColumns, SAMPLE_ROWS, type EncodeColumns, type Progress } from '../plan/plan.js';
import { UNLIMITED, type Budget } from '../resources.js';
import { createEncoder, type EncodedTable } from '../search/index.js';
// A delimiter kanon's scanner takes is one byte of UTF-8, so ASCII: read_csv's `delim` matches it.
import { MAX_RECORD_SIZE, scannerDelimiter } from '../io/read-csv.js';
import { sqlString, type Engine } from './duckdb.js';

export interface PlanPassOptions {
  engine: Engine;
  /** The input's path (undefined: standard input). */
  path?: string;
  /** The input's display name. */
  file: string;
  /** Adds the bytes DuckDB's pass reads to the progress display. */
  bytes?: { bytes: number };
}

/** The pass options of an input source (every command plans the same way). */
export function planPassOptions(engine: Engine | undefined, src: { name: string; path?: string }, bytes: { bytes: number }): PlanPassOptions {
  return { engine: engine ?? 'auto', ...(src.path ? { path: src.path } : {}), file: src.name, bytes };
}

export interface PlanPassResult {
  enc: EncodedTable;
  /** The input's sha256 when the engine read it (else the caller's own hash holds it). */
  sha256?: string;
}

/** The engine that plans `table`: DuckDB for Parquet and for --engine duckdb, else node. */
export function planEngine(engine: Engine, table: Pick<Table, 'format' | 'parquet'>, path: string | undefined, file: string): 'node' | 'duckdb' {
  if (table.parquet) return 'duckdb';
  if (engine !== 'duckdb') return 'node';
  if (table.format !== 'csv') {
    throw new KanonError('USAGE', '--engine duckdb plans CSV and Parquet input; NDJSON and JSON are planned by the node engine (--engine node or auto)', {
      file,
    });
  }
  if (path === undefined) throw new KanonError('USAGE', '--engine duckdb reads a file: give the input as a path, not standard input', { file });
  return 'duckdb';
}

/** Pass 1 on the chosen engine: the encoded table (and the input's hash when DuckDB read it). */
export async function planPass(
  table: Table,
  cols: EncodeColumns,
  progress: Pick<Progress, 'phase' | 'add'>,
  budget: Budget,
  sample: string[][] | undefined,
  opts: PlanPassOptions,
): Promise<PlanPassResult> {
  if (planEngine(opts.engine, table, opts.path, opts.file) === 'node') return { enc: await encodePass(table, opts.file, cols, progress, budget, sample) };
  const path = opts.path!;
  if (!table.parquet && scannerDelimiter(table.delimiter) === undefined) {
    throw new KanonError('USAGE', '--engine duckdb takes a one-byte CSV delimiter (not a quote, CR or LF); use --engine node for this one', {
      file: opts.file,
    });
  }
  progress.phase('planning');
  // The first records, whole, for the report's content warnings, from kanon's own reader.
  if (sample) {
    for await (const b of table.batches) {
      for (let r = 0; r < b.rows.length && sample.length < SAMPLE_ROWS; r++) sample.push(b.rows[r]!.slice());
      if (sample.length >= SAMPLE_ROWS) break;
    }
  }
  // The input's bytes are hashed (the report's inputSha256) while DuckDB reads them.
  const hashing = hashFile(path, opts.bytes);
  hashing.catch(() => {});
  let enc: EncodedTable;
  try {
    enc = await frequencySet(path, table, cols, progress, budget, opts.file);
  } catch (e) {
    if (table.parquet || !(e instanceof KanonError) || e.code === 'RESOURCE_LIMIT') throw e;
    // DuckDB could not read it, or a value failed: the node engine names the exact problem.
    throw await nodeError(path, table, cols, opts.file, e);
  }
  return { enc, sha256: await hashing };
}

async function frequencySet(
  path: string,
  table: Table,
  cols: EncodeColumns,
  progress: Pick<Progress, 'add'>,
  budget: Budget,
  file: string,
): Promise<EncodedTable> {
  const { duck } = await import('./duckdb.js');
  const db = await duck({ budgetLimit: budget.limit });
  const qi = cols.quasi.map((q) => q.col.index);
  const si = cols.sensitive.map((s) => s.col.index);
  const cells = parquetCells([...qi, ...si]);
  const sql = table.parquet
    ? `SELECT ${cells}, count(*), min(file_row_number) AS first FROM read_parquet($1, file_row_number = true) GROUP BY ALL ORDER BY first`
    : // row_number() OVER () is DuckDB's streaming window: it numbers records in file order
      // (checked against a sequential id column), at the cost of an ordered scan.
      `SELECT ${cells}, count(*), min(rn) AS first FROM (SELECT *, row_number() OVER () AS rn FROM ${readCsvSql(table, path)}) GROUP BY ALL ORDER BY first`;
  const fail = table.parquet
    ? { code: 'INPUT_FORMAT' as const, message: 'the Parquet file cannot be read (corrupt, truncated or not Parquet)', where: { file } }
    : { code: 'INPUT_CSV_SYNTAX' as const, message: 'the CSV cannot be parsed', where: { file } };
  // Parquet has file_row_number; the CSV query's record numbers need the scan in file order.
  await db.exec(`SET preserve_insertion_order = ${table.parquet ? 'false' : 'true'}`, [], fail);
  const enc = createEncoder({ file, ...encoderColumns(cols) });
  const nq = qi.length;
  const ns = si.length;
  const qv = new Array<string>(nq);
  const sv = new Array<string>(ns);
  let chunks = 0;
  for await (const chunk of db.stream(sql, [path], fail)) {
    for (const r of chunk) {
      for (let j = 0; j < nq; j++) qv[j] = r[j] as string;
      for (let j = 0; j < ns; j++) sv[j] = r[nq + j] as string;
      const weight = Number(r[nq + ns]);
      // Parquet: the entry's first record (file_row_number counts from 0; lines from 1). A CSV
      // record's number is not its line (quoted fields may span lines): errors there are
      // located by kanon's reader (nodeError), so no line is passed.
      const line = table.parquet ? Number(r[nq + ns + 1]) + 1 : 0;
      enc.add(qv, sv, line, weight);
      progress.add(weight);
    }
    if (++chunks % 16 === 0) budget.checkHeap('the plan pass (frequency set)', 'use fewer or coarser quasi-identifier or sensitive columns');
  }
  budget.checkHeap('the plan pass (frequency set)', 'use fewer or coarser quasi-identifier or sensitive columns');
  return enc.finish();
}

/** read_csv as kanon's reader reads: every column VARCHAR by position, no sniffing. */
function readCsvSql(table: Table, path: string): string {
  const columns = table.header.map((_, i) => `'c${i}': 'VARCHAR'`).join(', ');
  return (
    `read_csv($1, auto_detect = false, header = true, delim = ${sqlString(table.delimiter)}, quote = '"', escape = '"', ` +
    `columns = {${columns}}, compression = ${sqlString(gzipped(path) ? 'gzip' : 'none')}, strict_mode = true, null_padding = false, ` +
    `max_line_size = ${MAX_RECORD_SIZE}, encoding = 'utf-8')`
  );
}

/** Gzip by its magic bytes (as kanon's reader decides), whatever the name. */
function gzipped(path: string): boolean {
  const head = Buffer.alloc(2);
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    readSync(fd, head, 0, 2, 0);
  } catch {
    throw new KanonError('INPUT_READ', 'cannot read the input', { file: path });
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  return isGzip(head);
}

function hashFile(path: string, bytes: { bytes: number } | undefined): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    const s = createReadStream(path, { highWaterMark: 1024 * 1024 });
    s.on('data', (b) => {
      h.update(b as Buffer);
      if (bytes) bytes.bytes += (b as Buffer).length;
    });
    s.on('error', () => reject(new KanonError('INPUT_READ', 'cannot read the input', { file: path })));
    s.on('end', () => resolve(h.digest('hex')));
  });
}

/** The error kanon's own reader and encoder give for this file (the node engine's, with its
 *  line); if they find none, DuckDB's refusal stands, without a line it cannot know. */
async function nodeError(path: string, table: Table, cols: EncodeColumns, file: string, duckError: KanonError): Promise<KanonError> {
  try {
    const again = await openTable(createReadStream(path, { highWaterMark: 256 * 1024 }), { file, path, format: 'csv', delimiter: table.delimiter });
    await encodePass(again, file, cols, { phase: () => {}, add: () => {} }, UNLIMITED);
  } catch (e) {
    if (e instanceof KanonError) return e;
    throw e;
  }
  if (duckError.code === 'INPUT_CSV_SYNTAX') {
    return new KanonError('INPUT_CSV_SYNTAX', "DuckDB cannot parse this CSV although kanon's reader can: use --engine node", { file });
  }
  const { line: _line, ...where } = duckError.where;
  return new KanonError(duckError.code, duckError.message, where);
}
