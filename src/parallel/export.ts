// The export pass on worker threads (issue 18: both cores). The main thread reads and hashes
// the input, cuts it into pieces at record boundaries (split.ts), hands them to N workers
// (worker.ts: scan → operators → output bytes) and writes their output strictly in input order,
// so the result is byte-identical to one thread. At most 2 pieces per worker are in flight
// (memory stays ~ 2·N MiB of input plus their output). Errors keep their codes; a line is the
// piece's base line plus the worker's relative line, which is the line one scanner would give
// (the first failing piece in input order wins, as one thread would stop there). Workers end
// with the pass, on error too; a signal ends the process and them with it (src/cli/main.ts).
import { Worker } from 'node:worker_threads';
import { KanonError, type ErrorCode } from '../errors.js';
import { MAX_RECORD_SIZE, MAX_RECORD_SIZE_TEXT } from '../io/read-csv.js';
import type { SplitTable, TableWriter } from '../io/types.js';
import { recycleRead } from '../io/input.js';
import type { KeyRing } from '../operators/types.js';
import { pieceBytes, pieces, type Piece } from './split.js';
import type { Job, JobResult, Spare, WorkerInit, WorkerReady } from './protocol.js';
import { runJob } from './piece.js';

/** Wraps a key ring to remember the keys (and fingerprints) a compile asked for: exactly those
 *  are given to the workers. */
export function recordingKeys(keys: KeyRing): { keys: KeyRing; used: () => [string, Buffer, string][] } {
  const used = new Map<string, [string, Buffer, string]>();
  const id = (k?: string): string => k ?? 'default';
  const note = (k?: string): void => {
    if (!used.has(id(k))) used.set(id(k), [id(k), keys.get(k), keys.fingerprint(k)]);
  };
  return {
    keys: {
      get(k) {
        note(k);
        return keys.get(k);
      },
      fingerprint(k) {
        return keys.fingerprint(k);
      },
    },
    used: () => [...used.values()],
  };
}

/** The pieces of the input after the header, or the whole of it when it is one piece: a
 *  worker costs more to start (~0.1 s of module loading) than one piece takes on this thread. */
export async function piecesOf(split: SplitTable): Promise<{ whole: Buffer } | { pieces: AsyncIterable<Piece> }> {
  const it = pieces(split.body(), split.recordDelimiter, pieceBytes(), MAX_RECORD_SIZE)[Symbol.asyncIterator]();
  const first = await it.next();
  if (first.done) return { whole: Buffer.alloc(0) };
  if (first.value.last) return { whole: first.value.bytes };
  const head = first.value;
  async function* all(): AsyncGenerator<Piece> {
    yield head;
    for (;;) {
      const r = await it.next();
      if (r.done) return;
      yield r.value;
    }
  }
  return { pieces: all() };
}

export interface ParallelExport {
  pieces: AsyncIterable<Piece>;
  split: SplitTable;
  /** Worker threads (0: none). */
  threads: number;
  /** Workers started earlier (spawnWorkers; `threads` of them), taken over by this pass (it ends them). */
  spawned?: Worker[];
  /** This thread's piece runner (piece.ts): all pieces with threads 0; with workers, the
   *  pieces that come before any worker is ready (a worker takes ~0.1 s to load its modules,
   *  which this thread would otherwise spend waiting). */
  local?: (job: Job) => JobResult;
  /** What each worker is given (with threads > 0). */
  init?: WorkerInit;
  /** Display name of the input, for error places. */
  file: string;
  writer: TableWriter & { writeBytes(bytes: Uint8Array, written?: () => void): Promise<void> };
  /** The output settles (Output.settles): a piece's output memory, once written, goes back to
   *  the runner that filled it (a worker, or `spares` for this thread's runner). */
  reuseOutput?: boolean;
  spares?: ArrayBuffer[];
  /** Input records to collect for the report's sample. */
  sample: number;
  /** A piece's records read and written, as its output is handed to the writer. */
  onRecords(n: number, written: number): void;
}

export interface ParallelResult {
  /** Pieces run on this thread, and on workers. */
  here: number;
  onWorkers: number;
  recordsIn: number;
  recordsOut: number;
  collisions: number;
  sample: string[][];
}

const workerUrl = (): URL => new URL(import.meta.url.endsWith('.ts') ? './worker.ts' : './worker.js', import.meta.url);

/** Starts n export workers before their work is known: they load their modules (on another core
 *  while this thread plans) and wait for their WorkerInit (parallelExport sends it). The caller
 *  ends them (terminate) if no export takes them over. */
export function spawnWorkers(n: number): Worker[] {
  return Array.from({ length: n }, () => new Worker(workerUrl()));
}

export async function parallelExport(p: ParallelExport): Promise<ParallelResult> {
  const waiting = new Map<number, { resolve: (r: JobResult) => void; reject: (e: unknown) => void }>();
  let failed: KanonError | undefined;
  const fail = (e: KanonError): void => {
    failed ??= e;
    for (const w of waiting.values()) w.reject(failed);
    waiting.clear();
  };
  const local = p.local;
  const workers = (p.spawned ?? spawnWorkers(p.threads)).map((w) => {
    const me = { w, busy: 0, ready: false };
    w.on('message', (r: JobResult | WorkerReady) => {
      if ('ready' in r) {
        me.ready = true;
        return;
      }
      const h = waiting.get(r.seq);
      waiting.delete(r.seq);
      h?.resolve(r);
    });
    // A crash (out of memory, a bug) is INTERNAL; its message is not passed on (it could
    // quote data).
    w.on('error', () => fail(new KanonError('INTERNAL', 'a worker thread failed')));
    w.on('exit', (code) => {
      if (code !== 0 && !done) fail(new KanonError('INTERNAL', 'a worker thread stopped'));
    });
    w.postMessage(p.init);
    return me;
  });
  let done = false;
  const result: ParallelResult = { here: 0, onWorkers: 0, recordsIn: 0, recordsOut: 0, collisions: 0, sample: [] };
  let line = p.split.firstLine;
  let seq = 0;
  const queue: { promise: Promise<JobResult>; worker: { busy: number; w?: Worker }; here: boolean }[] = [];

  const dispatch = (bytes: Buffer, last: boolean, owned: boolean): void => {
    const job: Job = { seq: seq++, bytes, last, sample: result.sample.length < p.sample ? p.sample : 0 };
    // This thread takes the piece while no worker is ready (and always without workers).
    if (local && !workers.some((w) => w.ready)) {
      queue.push({ promise: Promise.resolve(runJob(local, job)), worker: { busy: 1 }, here: true });
      recycleRead(bytes); // its output is made: nothing reads it now (src/io/input.ts)
      return;
    }
    const worker = workers.reduce((a, b) => (b.busy < a.busy ? b : a));
    worker.busy++;
    const promise = new Promise<JobResult>((resolve, reject) => {
      if (failed) return reject(failed);
      waiting.set(job.seq, { resolve, reject });
    });
    promise.catch(() => {}); // awaited in order below; an early rejection is not "unhandled"
    // A piece owns its memory (split.ts), so it is transferred, not copied; one small enough to
    // sit in Buffer's shared pool is copied (transferring would detach the pool).
    worker.w.postMessage(job, owned ? [bytes.buffer as ArrayBuffer] : []);
    queue.push({ promise, worker, here: false });
  };
  const collect = async (): Promise<void> => {
    const { promise, worker, here } = queue.shift()!;
    const r = await promise;
    worker.busy--;
    if (here) result.here++;
    else result.onWorkers++;
    if (!r.ok) {
      const where = r.where.line !== undefined ? { ...r.where, line: line + r.where.line - 1 } : r.where;
      throw new KanonError(r.code as ErrorCode, r.message, where);
    }
    if (r.input) recycleRead(r.input);
    if (r.holding)
      throw new KanonError('INPUT_RECORD_SIZE', `a record is larger than the maximum record size (${MAX_RECORD_SIZE_TEXT})`, {
        file: p.file,
        line,
      });
    line += r.lines;
    result.recordsIn += r.recordsIn;
    result.recordsOut += r.recordsOut;
    if (!here) result.collisions += r.collisions; // a piece run here counted its own on this thread's stats
    for (const row of r.sample) if (result.sample.length < p.sample) result.sample.push(row);
    p.onRecords(r.recordsIn, r.recordsOut);
    const out = r.out;
    const back = !p.reuseOutput
      ? undefined
      : here
        ? () => {
            if (p.spares && p.spares.length < 4) p.spares.push(out);
          }
        : () => worker.w?.postMessage({ spare: out } satisfies Spare, [out]);
    await p.writer.writeBytes(Buffer.from(out, r.outOffset, r.outLength), back);
  };
  try {
    for await (const piece of p.pieces) {
      dispatch(piece.bytes, piece.last, piece.owned);
      while (queue.length >= 2 * workers.length + (local ? 1 : 0)) await collect();
      // A piece run here is done: written at once, so this thread does not hold its output.
      while (queue.length > 0 && queue[0]!.here) await collect();
    }
    while (queue.length) await collect();
  } finally {
    done = true;
    await Promise.all(workers.map((w) => w.w.terminate()));
  }
  return result;
}
