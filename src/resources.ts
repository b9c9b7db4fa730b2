// Memory budget and signal handling shared by every phase (issue 12).
//
// Budget: the big structures (typed arrays of the plan pass, class tables of the search,
// per-class sensitive counts of the report) are estimated before they are allocated and
// reserved against one budget; a run that would pass it stops with RESOURCE_LIMIT (exit 3)
// naming the structure, the estimate and what to change, never INTERNAL or an OOM kill.
// Structures kept on the V8 heap (dictionaries of distinct values) are checked against the
// heap's own limit with checkHeap(), which is cheap enough to call once per batch.
//
// The command line's budget (processBudget) is also a bound on the whole process: reserving a
// structure refuses when the process's resident memory (RSS: the heap, every typed array,
// worker threads, DuckDB, Node itself, as the operating system counts it) plus the structure
// would pass the limit, and checkHeap() — once per batch of every streaming pass, per search
// check and per report stage — refuses when the resident memory is within one step's growth of
// it (32 MiB, or 16 bytes per record once the plan pass has counted them: a step's scratch
// arrays, a few per record, are not all reserved one by one). 16 MiB was too little: the export
// pass's first piece grew the process by 23 MiB of native memory (200k distinct values, a 256M
// budget peaked at 267 MiB); with 32 MiB every budget tried peaked within it. Reserved sizes
// alone undercounted the process by 2× and more (10M rows, --max-memory 512M: 491 MiB reserved
// at the peak, 855 MiB resident), so a container limited to the budget could still kill the
// run. Before refusing, garbage is collected once (V8 may hold dead buffers it has not swept
// yet), so the refusal is about live memory. A budget made without a process (createBudget:
// tests, embedders) counts its reservations only, not the heap of whatever embeds it.
//
// Signals: long synchronous phases (search, report) cannot run a JavaScript signal handler
// until they yield, so they run inside syncPhase(), which takes kanon's SIGINT/SIGTERM handlers
// off for its duration: the operating system's default action then ends the process at once.
// That is safe because no temp file exists in those phases that outlives the process (the
// stdin spool is unlinked right after it is opened; output temp files exist only during the
// streamed export, where the handlers are installed and remove them).
import { totalmem } from 'node:os';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { KanonError } from './errors.js';

export interface Budget {
  /** Bytes the run may hold in its big structures. */
  readonly limit: number;
  /** Bytes reserved so far (live structures). */
  readonly reserved: number;
  /** Reserve `bytes` for `what` (a structure's name, never a value); throws RESOURCE_LIMIT past the limit. */
  reserve(what: string, bytes: number, advice?: string): void;
  /** Whether `bytes` more could be reserved now (for optional structures such as caches). */
  fits(bytes: number): boolean;
  /** Give back what a structure reserved when it is dropped. */
  release(bytes: number): void;
  /** Throws RESOURCE_LIMIT when the V8 heap is nearly full (call between batches) or, for a
   *  process budget, when the process is within one step's growth of the limit. */
  checkHeap(what: string, advice?: string): void;
  /** What one step between two checks may allocate without a reservation (the search's and
   *  report's scratch arrays, a few per record): the plan pass sets it from the record count. */
  expectSteps(bytes: number): void;
  /** Bytes the run may still grow by before a check refuses (a process budget: the limit less
   *  the resident memory and one step; else the limit less the reservations). */
  room(): number;
}

/** The default budget: half of the machine's memory (documented in the README). */
export function defaultMemoryLimit(): number {
  return Math.floor(totalmem() * 0.5);
}

/** "512M", "2G", "1.5GB", "800MiB", "1000000" (bytes) → bytes. */
export function parseSize(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*$/i.exec(text);
  if (!m) throw new KanonError('USAGE', 'a memory size is a number with an optional unit K, M, G or T (e.g. 512M, 2G)');
  const unit = { '': 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40 }[m[2]!.toLowerCase() as '' | 'k' | 'm' | 'g' | 't'];
  const n = Math.floor(Number(m[1]) * unit);
  if (!(n > 0)) throw new KanonError('USAGE', 'a memory size must be more than 0');
  return n;
}

export function formatBytes(n: number): string {
  if (n >= 2 ** 30) return `${(n / 2 ** 30).toFixed(1)} GiB`;
  if (n >= 2 ** 20) return `${(n / 2 ** 20).toFixed(1)} MiB`;
  if (n >= 2 ** 10) return `${(n / 2 ** 10).toFixed(1)} KiB`;
  return `${n} B`;
}

const HEAP_SHARE = 0.85;

/** What one batch of a streaming pass can add between two checks (the least step). */
export const CHECK_SLACK = 32 * 2 ** 20;

/** Resident memory of the whole process, and a way to give back garbage before a refusal. */
export interface Resident {
  /** Bytes resident now. */
  now(): number;
  /** Collects garbage (when it can) and returns the bytes resident after it. */
  relieve(): number;
}

let collect: (() => void) | null | undefined;
/** V8's full garbage collection, exposed once (as jest's leak detector does); null if refused. */
function collector(): (() => void) | null {
  if (collect === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      const gc: unknown = runInNewContext('gc');
      collect = typeof gc === 'function' ? (gc as () => void) : null;
    } catch {
      collect = null;
    }
  }
  return collect;
}

/** The process's RSS (process.memoryUsage.rss(): ~9 µs a call). */
export const PROCESS_RESIDENT: Resident = {
  now: () => process.memoryUsage.rss(),
  relieve() {
    collector()?.();
    // Dead typed arrays' memory is freed by a V8 background thread just after the collection
    // (measured: ~1.5 ms for 256 MiB); wait for it a little, without yielding.
    const before = process.memoryUsage.rss();
    const t0 = performance.now();
    let rss = before;
    while (rss >= before && performance.now() - t0 < 20) rss = process.memoryUsage.rss();
    return rss;
  },
};

export function createBudget(limit: number = defaultMemoryLimit(), resident?: Resident): Budget {
  let reserved = 0,
    step = CHECK_SLACK;
  const fail = (what: string, need: string, advice: string | undefined, held?: number): never => {
    throw new KanonError(
      'RESOURCE_LIMIT',
      `${what} needs about ${need}${held !== undefined ? ` with the process holding ${formatBytes(held)}` : ''}, over the memory budget of ${formatBytes(limit)}${advice ? `: ${advice}` : ''} (or raise --max-memory)`,
    );
  };
  // Resident memory plus `more` within the limit, after collecting garbage if it is not. Near
  // the limit that could be every batch: garbage is collected again only 100 ms after the last
  // time or once the process has grown 4 MiB since, so a refusal is about live memory.
  let relievedAt = Number.NEGATIVE_INFINITY,
    relievedTo = 0;
  const residentFits = (more: number): { fits: boolean; held: number } => {
    if (resident === undefined) return { fits: true, held: 0 };
    let held = resident.now();
    if (held + more <= limit) return { fits: true, held };
    const t = performance.now();
    if (t - relievedAt >= 100 || held >= relievedTo + 4 * 2 ** 20) {
      held = resident.relieve();
      relievedAt = performance.now();
      relievedTo = held;
    }
    return { fits: held + more <= limit, held };
  };
  return {
    limit,
    get reserved() {
      return reserved;
    },
    reserve(what, bytes, advice) {
      if (reserved + bytes > limit) fail(what, formatBytes(reserved + bytes), advice);
      const r = residentFits(bytes);
      if (!r.fits) fail(what, formatBytes(bytes), advice, r.held);
      reserved += bytes;
    },
    fits(bytes) {
      return reserved + bytes <= limit && residentFits(bytes).fits;
    },
    release(bytes) {
      reserved = Math.max(0, reserved - bytes);
    },
    checkHeap(what, advice) {
      const h = getHeapStatistics();
      if (h.used_heap_size > h.heap_size_limit * HEAP_SHARE) {
        throw new KanonError(
          'RESOURCE_LIMIT',
          `${what} fills the JavaScript heap (${formatBytes(h.used_heap_size)} of ${formatBytes(h.heap_size_limit)})${advice ? `: ${advice}` : ''}`,
        );
      }
      // A process budget counts the process (below); a budget without one, its reservations
      // only: the heap of whatever embeds it (a test runner, a server) is not the run's.
      const r = residentFits(step);
      if (!r.fits) {
        throw new KanonError(
          'RESOURCE_LIMIT',
          `${what}: the process holds ${formatBytes(r.held)}, too close to the memory budget of ${formatBytes(limit)} for its next step (up to ${formatBytes(step)})${advice ? `: ${advice}` : ''} (or raise --max-memory)`,
        );
      }
    },
    expectSteps(bytes) {
      step = Math.max(CHECK_SLACK, bytes);
    },
    room() {
      return Math.max(0, resident === undefined ? limit - reserved : limit - resident.now() - step);
    },
  };
}

/** The command line's budget: its reservations and checks also bound the process's resident
 *  memory (see the header). */
export function processBudget(limit: number = defaultMemoryLimit(), resident: Resident = PROCESS_RESIDENT): Budget {
  return createBudget(limit, resident);
}

/** A budget that never refuses (tests and library callers that manage memory themselves). */
export const UNLIMITED: Budget = createBudget(Number.MAX_SAFE_INTEGER);

type Sig = 'SIGINT' | 'SIGTERM';
const SIGNALS: readonly Sig[] = ['SIGINT', 'SIGTERM'];
let depth = 0;
let saved: Map<Sig, ((...args: unknown[]) => void)[]> | undefined;

/** Run a long synchronous computation with the default signal action (see the header). */
export function syncPhase<T>(fn: () => T): T {
  if (depth++ === 0) {
    saved = new Map(SIGNALS.map((s) => [s, process.listeners(s) as ((...args: unknown[]) => void)[]]));
    for (const s of SIGNALS) process.removeAllListeners(s);
  }
  try {
    return fn();
  } finally {
    if (--depth === 0 && saved) {
      for (const [s, ls] of saved) for (const l of ls) process.on(s, l);
      saved = undefined;
    }
  }
}
