// The plan pass on DuckDB (issue 16): instead of encoding every record in kanon's process, one
// GROUP BY over the input yields the frequency set — each distinct (quasi-identifiers…,
// sensitive…) combination with its record count — and the encoder takes those weighted entries.
// kanon then holds the distinct combinations, not the rows.
//
// The frequency set stays in DuckDB as a temp table (spilled past DuckDB's memory limit) and
// crosses into kanon as integers: per column a dictionary of its distinct values, then per entry
// its dictionary codes and count. Streaming the entries' strings instead cost 60 of a 153 s run at
// 10M rows (nearly 10M distinct combinations); as codes, the whole run took 99 s. DuckDB is closed
// once the set is read, so its buffer pool is given back before the search.
//
// Equal to the node engine by construction and by test (test/engine/differential.test.ts):
// - cells are the strings kanon's readers give: read_csv with every column VARCHAR, no type or
//   dialect sniffing, RFC 4180 quotes, empty fields (NULL in DuckDB) as "";
// - the header and delimiter come from kanon's own reader (openTable), so binding is the same;
// - dictionary codes are numbered, and entries come, in order of their first record (Parquet:
//   min(file_row_number); CSV: min(row_number() OVER ())), as the node engine's encoder numbers
//   them — and with them the order of values in the report's distributions (Adult showed the
//   difference);
// - when DuckDB cannot read a CSV, or a value fails its hierarchy, kanon's own reader re-reads
//   the file to report the exact coded error and line the node engine gives (DuckDB's
//   messages quote data and are never shown). A CSV DuckDB accepts and kanon's reader would
//   not is still refused at the export pass, which reads with kanon's reader.
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import { KanonError } from '../errors.js';
import { isGzip } from '../io/compress.js';
import { openTable } from '../io/read.js';
import { parquetCells } from '../io/read-parquet.js';
import type { Table } from '../io/types.js';
import { encodePass, encoderColumns, hierarchyMapsCheck, SAMPLE_ROWS, type EncodeColumns, type Progress } from '../plan/plan.js';
import { UNLIMITED, type Budget } from '../resources.js';
import type { EncodedTable } from '../search/index.js';
import { encodeCoded, MAX_RECORDS, tooManyRecords, type CodedColumn } from '../search/encode.js';
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

/** A file's size in bytes as its records' bytes (undefined for gzip, or when it cannot be told). */
function fileSize(path: string): number | undefined {
  try {
    return gzipped(path) ? undefined : statSync(path).size;
  } catch {
    return undefined;
  }
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
  if (planEngine(opts.engine, table, opts.path, opts.file) === 'node') {
    const enc = await encodePass(table, opts.file, cols, progress, budget, sample, opts.path ? fileSize(opts.path) : undefined);
    budget.expectSteps(enc.rows * STEP_BYTES_PER_ENTRY);
    return { enc };
  }
  const path = opts.path!;
  if (!table.parquet && scannerDelimiter(table.delimiter) === undefined) {
    throw new KanonError('USAGE', '--engine duckdb takes a one-byte CSV delimiter (not a quote, CR or LF); use --engine node for this one', {
      file: opts.file,
    });
  }
  progress.phase('planning');
  /** A CSV's read or value error, as the node engine gives it (Parquet's and resource limits stand). */
  const orNodeError = async (e: unknown): Promise<unknown> =>
    table.parquet || !(e instanceof KanonError) || e.code === 'RESOURCE_LIMIT' ? e : nodeError(path, table, cols, opts.file, e);
  // The first records, whole, for the report's content warnings, from kanon's own reader.
  if (sample) {
    try {
      for await (const b of table.batches) {
        for (let r = 0; r < b.rows.length && sample.length < SAMPLE_ROWS; r++) sample.push(b.rows[r]!.slice());
        if (sample.length >= SAMPLE_ROWS) break;
      }
    } catch (e) {
      // The node engine reads by pieces, and may meet another problem first (a corrupt gzip
      // stream before the garbage it decoded): its error is the one given.
      throw await orNodeError(e);
    }
  }
  // The input's bytes are hashed (the report's inputSha256) while DuckDB reads them.
  const hashing = hashFile(path, opts.bytes);
  hashing.catch(() => {});
  let enc: EncodedTable;
  try {
    enc = await frequencySet(path, table, cols, progress, budget, opts.file);
  } catch (e) {
    // DuckDB could not read it, or a value failed: the node engine names the exact problem.
    throw await orNodeError(e);
  }
  budget.expectSteps(enc.rows * STEP_BYTES_PER_ENTRY);
  return { enc, sha256: await hashing };
}

/** What a search check or report stage may allocate per entry (record or distinct combination)
 *  between two memory checks (src/resources.ts). */
const STEP_BYTES_PER_ENTRY = 16;

async function frequencySet(
  path: string,
  table: Table,
  cols: EncodeColumns,
  progress: Pick<Progress, 'add'>,
  budget: Budget,
  file: string,
): Promise<EncodedTable> {
  const { duck, closeDuck } = await import('./duckdb.js');
  const db = await duck({ budgetLimit: budget.limit, room: budget.room() });
  const positions = [...cols.quasi.map((q) => q.col.index), ...cols.sensitive.map((s) => s.col.index)];
  const nc = positions.length;
  const key = (j: number): string => `k${j}`;
  const cells = parquetCells(positions, key);
  // Each record's number in file order: Parquet's file_row_number (from 0); for a CSV,
  // row_number() OVER (), DuckDB's streaming window over a scan in file order.
  const source = table.parquet
    ? `SELECT ${cells}, file_row_number AS rn FROM read_parquet($1, file_row_number = true)`
    : `SELECT ${cells}, rn FROM (SELECT *, row_number() OVER () AS rn FROM ${readCsvSql(table, path)})`;
  const keys = positions.map((_, j) => key(j)).join(', ');
  const fail = table.parquet
    ? { code: 'INPUT_FORMAT' as const, message: 'the Parquet file cannot be read (corrupt, truncated or not Parquet)', where: { file } }
    : { code: 'INPUT_CSV_SYNTAX' as const, message: 'the CSV cannot be parsed', where: { file } };
  const inner = { code: 'INTERNAL' as const, message: 'the DuckDB engine failed on its own tables', where: { file } };
  const changed = (): KanonError => new KanonError('INTERNAL', 'the frequency set changed while it was read', { file });
  const checkHeap = (): void => budget.checkHeap('the plan pass (frequency set)', 'use fewer or coarser quasi-identifier or sensitive columns');
  // The frequency set stays in DuckDB (a temp table, spilled past its memory limit), and only
  // integers cross into kanon: per column a dictionary numbered in order of first record (the
  // order the node engine's encoder gives codes), and per entry its codes and count, in order
  // of its first record. Strings cross once per distinct value, not once per entry.
  await db.exec(`SET preserve_insertion_order = ${table.parquet ? 'false' : 'true'}`, [], fail);
  // DuckDB's statements run for seconds without returning to kanon: the budget is watched
  // while they run (1M rows, --max-memory 300M: the process peaked at 351 MiB in the GROUP BY).
  db.watch(checkHeap);
  try {
    await db.exec(`CREATE TEMP TABLE kanon_f AS SELECT ${keys}, count(*) AS n, min(rn) AS first FROM (${source}) GROUP BY ALL`, [path], fail);
    await db.exec('SET preserve_insertion_order = false', [], inner);
    const [[entriesBig, recordsBig]] = (await db.all('SELECT count(*), coalesce(sum(n), 0) FROM kanon_f', [], inner)) as [[bigint, bigint]];
    const entries = Number(entriesBig);
    // Checked before any count is read as INTEGER (one past 2^31 − 1 could not be).
    if (Number(recordsBig) > MAX_RECORDS) throw tooManyRecords(file);
    checkHeap();
    const dicts: Omit<CodedColumn, 'codes'>[] = [];
    for (let j = 0; j < nc; j++) {
      await db.exec(
        `CREATE TEMP TABLE kanon_d${j} AS SELECT ${key(j)} AS v, min(first) AS f, (row_number() OVER (ORDER BY min(first)) - 1)::INTEGER AS code FROM kanon_f GROUP BY ${key(j)}`,
        [],
        inner,
      );
      // Chunk by chunk, checked as it grows (read whole, 200k distinct values took the process
      // from 174 to 248 MiB in one synchronous step). A Parquet record's line is its
      // file_row_number + 1; a CSV record's number is not its line (quoted fields span lines),
      // so none: kanon's reader locates CSV errors (nodeError).
      const values: string[] = [];
      const firstLine: number[] = [];
      let read = 0;
      for await (const rows of db.stream(`SELECT v, f FROM kanon_d${j} ORDER BY code`, [], inner)) {
        for (const r of rows) {
          values.push(r[0] as string);
          firstLine.push(table.parquet ? Number(r[1]) + 1 : 0);
        }
        if (++read % 16 === 0) checkHeap();
      }
      dicts.push({ values, firstLine });
      checkHeap();
    }
    const codes = positions.map(() => new Int32Array(entries));
    const weight = new Float64Array(entries);
    const joins = positions.map((_, j) => `JOIN kanon_d${j} d${j} ON f.${key(j)} = d${j}.v`).join(' ');
    const select = `SELECT ${positions.map((_, j) => `d${j}.code`).join(', ')}, f.n::INTEGER FROM kanon_f f ${joins} ORDER BY f.first`;
    let at = 0;
    let chunks = 0;
    for await (const chunk of db.int32Chunks(select, [], inner, nc + 1)) {
      const n = chunk.rowCount;
      if (at + n > entries) throw changed();
      for (let j = 0; j < nc; j++) codes[j]!.set(chunk.columns[j]!.subarray(0, n), at);
      const w = chunk.columns[nc]!;
      let records = 0;
      for (let i = 0; i < n; i++) {
        weight[at + i] = w[i]!;
        records += w[i]!;
      }
      at += n;
      progress.add(records);
      if (++chunks % 64 === 0) checkHeap();
    }
    if (at !== entries) throw changed();
    const columns = dicts.map((d, j): CodedColumn => ({ ...d, codes: { take: () => codes[j]! } }));
    const nq = cols.quasi.length;
    return encodeCoded({ file, ...encoderColumns(cols) }, columns.slice(0, nq), columns.slice(nq), entries, weight, hierarchyMapsCheck(budget));
  } finally {
    db.watch(undefined);
    // DuckDB's buffer pool keeps what the GROUP BY used: closing the instance gives it back
    // before the search (a later Parquet read or write opens a new one).
    await closeDuck();
  }
}

/** read_csv as kanon's reader reads: every column VARCHAR by position, no sniffing, records up
 *  to kanon's limit. buffer_size is set to that limit too: DuckDB's default is 16 × the line
 *  limit, 256 MiB buffers per thread, which alone passed a 512 MiB memory limit at 10M rows. */
function readCsvSql(table: Table, path: string): string {
  const columns = table.header.map((_, i) => `'c${i}': 'VARCHAR'`).join(', ');
  return (
    `read_csv($1, auto_detect = false, header = true, delim = ${sqlString(table.delimiter)}, quote = '"', escape = '"', ` +
    `columns = {${columns}}, compression = ${sqlString(gzipped(path) ? 'gzip' : 'none')}, strict_mode = true, null_padding = false, ` +
    `max_line_size = ${MAX_RECORD_SIZE}, buffer_size = ${MAX_RECORD_SIZE}, encoding = 'utf-8')`
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
    // Read as the node engine reads it (by pieces: src/plan/plan.ts encodePieces).
    const again = await openTable(createReadStream(path, { highWaterMark: 256 * 1024 }), {
      file,
      path,
      format: 'csv',
      delimiter: table.delimiter,
      split: true,
    });
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
