// The embedded DuckDB engine (issue 16): one in-memory instance per process, opened on first use
// (`@duckdb/node-api` is imported only then, so commands that never touch it start as fast as
// before). DuckDB spills to disk past its memory limit: the limit is a share of kanon's memory
// budget (src/resources.ts) and the temp directory is a private mkdtemp folder that kanon removes
// at exit (the CLI turns SIGINT/SIGTERM into process.exit, whose 'exit' hook runs here too).
//
// DuckDB's error messages quote input lines and cell values ("Original Line: …"), so they are
// never shown or attached: every failure becomes a KanonError chosen from its kind alone.
import { availableParallelism, tmpdir } from 'node:os';
import { KanonError, type ErrorCode, type Where } from '../errors.js';
import { defaultMemoryLimit } from '../resources.js';
import { privateTempDir } from '../io/temp-dir.js';

/** --engine: auto = duckdb for Parquet input, node otherwise. */
export type Engine = 'auto' | 'node' | 'duckdb';
export const ENGINES: readonly Engine[] = ['auto', 'node', 'duckdb'];

/** The share of kanon's memory budget DuckDB may use before it spills to its temp directory
 *  (the rest is for kanon's own structures: dictionaries, class tables, the report), between
 *  128 and 512 MiB. More buys DuckDB little: 10M rows with 10M distinct combinations were
 *  planned in 99 s with 3 GiB and 102 s with 512 MiB (which spills), and the larger pool only
 *  raised the process's peak in that phase (2.26 GB with 3 GiB, about 0.75 GB with 512 MiB). */
export const DUCKDB_BUDGET_SHARE = 0.25;
const MIN_DUCKDB_MEMORY = 128 * 2 ** 20;
const MAX_DUCKDB_MEMORY = 512 * 2 ** 20;
const LEAST_DUCKDB_MEMORY = 16 * 2 ** 20;

/** The subset of @duckdb/node-api kanon uses (kept narrow so the import can stay dynamic). */
interface Connection {
  run(sql: string, values?: unknown[]): Promise<unknown>;
  runAndReadAll(sql: string, values?: unknown[]): Promise<{ getRowsJS(): unknown[][] }>;
  stream(sql: string, values?: unknown[]): Promise<{ yieldRowsJs(): AsyncIterableIterator<unknown[][]>; fetchChunk(): Promise<Chunk | null> }>;
  closeSync(): void;
  interrupt(): void;
}
interface Chunk {
  rowCount: number;
  getColumnVector(j: number): { getItem(i: number): unknown };
}

export interface Duck {
  /** All rows of a query (for small results: schemas, frequency sets). */
  all(sql: string, params: unknown[], fail: FailAs): Promise<unknown[][]>;
  /** The rows of a query chunk by chunk (DuckDB's vectors of up to 2048 rows). */
  stream(sql: string, params: unknown[], fail: FailAs): AsyncGenerator<unknown[][]>;
  /** A statement without rows (SET, COPY). */
  exec(sql: string, params: unknown[], fail: FailAs): Promise<void>;
  /** The rows of a query whose columns are all INTEGER (NULL is refused as INTERNAL), one
   *  chunk at a time: `columns[j][i]` for i < rowCount (the arrays are reused between chunks). */
  int32Chunks(sql: string, params: unknown[], fail: FailAs, columns: number): AsyncGenerator<{ rowCount: number; columns: Int32Array[] }>;
  /** While a statement runs (DuckDB works on its own threads), `check` is called every
   *  WATCH_MS; if it throws (the memory budget: src/resources.ts), the statement is interrupted
   *  and fails with that error. undefined: no watch. */
  watch(check: (() => void) | undefined): void;
}

/** How often a watched statement's check runs: DuckDB's GROUP BY grew the process by a few
 *  MiB per 25 ms here, well within a check's step (32 MiB). */
const WATCH_MS = 25;

/** How a DuckDB failure is reported: the code and message kanon shows, and where. Out-of-memory
 *  is always RESOURCE_LIMIT. */
export interface FailAs {
  code: ErrorCode;
  message: string;
  where: Where;
}

let opened: Promise<Duck> | undefined;
let memoryLimit = 0;
let lastBudget: number | undefined;
let closeOpened: (() => void) | undefined;

/** Bytes DuckDB may use for a kanon memory budget of `budgetLimit` bytes, of which the process
 *  may still grow by `room` (Budget.room()): at most half of that, since DuckDB's process
 *  memory passed its own limit about twice over (1M rows, limit 128 MiB: ~260 MiB), and never
 *  under 16 MiB (the budget's watch then refuses the run: src/engine/frequencies.ts). */
export function duckMemoryLimit(budgetLimit: number | undefined, room?: number): number {
  const base = budgetLimit === undefined || budgetLimit >= Number.MAX_SAFE_INTEGER ? defaultMemoryLimit() : budgetLimit;
  const share = Math.max(MIN_DUCKDB_MEMORY, Math.min(MAX_DUCKDB_MEMORY, Math.floor(base * DUCKDB_BUDGET_SHARE)));
  return room === undefined ? share : Math.max(LEAST_DUCKDB_MEMORY, Math.min(share, Math.floor(room / 2)));
}

/** The process's DuckDB (opened on the first call; later calls share it). */
export function duck(opts: { budgetLimit?: number; room?: number } = {}): Promise<Duck> {
  if (opts.budgetLimit !== undefined) lastBudget = opts.budgetLimit;
  opened ??= open(duckMemoryLimit(opts.budgetLimit ?? lastBudget, opts.room));
  return opened;
}

/** Closes the process's DuckDB and removes its temp directory, so the memory its buffer pool
 *  kept is given back (after the plan pass: the search and export need none of it). The next
 *  duck() opens a new instance with the same budget. */
export async function closeDuck(): Promise<void> {
  if (opened === undefined) return;
  const was = opened;
  opened = undefined;
  await was.catch(() => {});
  closeOpened?.();
  closeOpened = undefined;
  memoryLimit = 0;
}

/** The memory limit the open instance was given (0 before it is opened). */
export function duckMemory(): number {
  return memoryLimit;
}

async function open(limit: number): Promise<Duck> {
  let api: typeof import('@duckdb/node-api');
  try {
    api = await import('@duckdb/node-api');
  } catch {
    throw new KanonError('INTERNAL', 'the DuckDB engine (@duckdb/node-api) is not installed or cannot load on this platform; use --engine node');
  }
  const dir = privateTempDir('kanon-duckdb-');
  memoryLimit = limit;
  let conn: Connection;
  try {
    const instance = await api.DuckDBInstance.create(':memory:', {
      memory_limit: `${Math.floor(limit / 2 ** 20)}MiB`,
      temp_directory: dir.path,
      // The plan pass's GROUP BY need not keep input order (less memory, more parallelism);
      // the row stream of a Parquet export turns it back on for its query.
      preserve_insertion_order: 'false',
      threads: String(availableParallelism()),
      // No network, no extension downloads at run time (DESIGN: no network).
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'true',
      enable_external_access: 'true',
    });
    conn = (await instance.connect()) as unknown as Connection;
    closeOpened = () => {
      conn.closeSync();
      instance.closeSync();
      dir.remove();
    };
  } catch {
    throw new KanonError('INTERNAL', 'the DuckDB engine cannot start; use --engine node');
  }
  const translate = (e: unknown, fail: FailAs): KanonError => {
    if (e instanceof KanonError) return e;
    const msg = e instanceof Error ? e.message : '';
    // Only the error's kind (DuckDB's prefix) is looked at; its text is never passed on.
    if (/^Out of Memory Error/i.test(msg)) {
      return new KanonError(
        'RESOURCE_LIMIT',
        `DuckDB ran out of memory and temp-directory space (limit ${Math.floor(limit / 2 ** 20)} MiB; raise --max-memory or free disk space in ${tmpdir()})`,
        fail.where,
      );
    }
    if (process.env.KANON_DEBUG === 'duckdb') process.stderr.write(`duckdb: ${msg}\n`);
    return new KanonError(fail.code, fail.message, fail.where);
  };
  // One statement (or one fetch of a stream) under the watch: an interval on this thread checks
  // while DuckDB's threads work; a check that throws interrupts the statement, whose own error
  // ("Interrupted") is then replaced by the check's.
  let watcher: (() => void) | undefined;
  let tripped: unknown;
  const guard = async <T>(run: () => Promise<T>, fail: FailAs): Promise<T> => {
    if (tripped !== undefined) throw tripped;
    const check = watcher;
    const timer =
      check === undefined
        ? undefined
        : setInterval(() => {
            if (tripped !== undefined) return;
            try {
              check();
            } catch (e) {
              tripped = e;
              conn.interrupt();
            }
          }, WATCH_MS);
    timer?.unref();
    try {
      const r = await run();
      if (tripped !== undefined) throw tripped;
      return r;
    } catch (e) {
      throw tripped ?? translate(e, fail);
    } finally {
      clearInterval(timer);
    }
  };
  return {
    watch(check) {
      watcher = check;
      tripped = undefined;
    },
    async all(sql, params, fail) {
      return guard(async () => (await conn.runAndReadAll(sql, params)).getRowsJS(), fail);
    },
    async *stream(sql, params, fail) {
      const it = await guard(async () => (await conn.stream(sql, params)).yieldRowsJs(), fail);
      while (true) {
        const r = await guard(() => it.next(), fail);
        if (r.done) return;
        yield r.value;
      }
    },
    async exec(sql, params, fail) {
      await guard(() => conn.run(sql, params), fail);
    },
    async *int32Chunks(sql, params, fail, n) {
      const result: { fetchChunk(): Promise<Chunk | null> } = await guard(() => conn.stream(sql, params), fail);
      const columns = Array.from({ length: n }, () => new Int32Array(2048));
      while (true) {
        const chunk = await guard(() => result.fetchChunk(), fail);
        if (chunk === null || chunk.rowCount === 0) return;
        const rowCount = chunk.rowCount;
        for (let j = 0; j < n; j++) {
          if (columns[j]!.length < rowCount) columns[j] = new Int32Array(rowCount);
          const col = columns[j]!;
          const v = chunk.getColumnVector(j);
          for (let i = 0; i < rowCount; i++) {
            const x = v.getItem(i);
            if (typeof x !== 'number') throw new KanonError('INTERNAL', 'the DuckDB engine got a non-integer code');
            col[i] = x;
          }
        }
        yield { rowCount, columns };
      }
    },
  };
}

/** A SQL string literal (for the few options DuckDB takes only as constants: one-character
 *  delimiters kanon chose, never data, never a key). */
export function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** The cells of a DuckDB row as kanon's readers give them: strings, NULL as "". The queries
 *  cast every column to VARCHAR, so anything else is a bug. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  return String(v);
}
