// Memory budget and signal handling shared by every phase (issue 12).
//
// Budget: the big structures (typed arrays of the plan pass, class tables of the search,
// per-class sensitive counts of the report) are estimated before they are allocated and
// reserved against one budget; a run that would pass it stops with RESOURCE_LIMIT (exit 3)
// naming the structure, the estimate and what to change, never INTERNAL or an OOM kill.
// Structures kept on the V8 heap (dictionaries of distinct values) are checked against the
// heap's own limit with checkHeap(), which is cheap enough to call once per batch.
//
// Signals: long synchronous phases (search, report) cannot run a JavaScript signal handler
// until they yield, so they run inside syncPhase(), which takes kanon's SIGINT/SIGTERM handlers
// off for its duration: the operating system's default action then ends the process at once.
// That is safe because no temp file exists in those phases that outlives the process (the
// stdin spool is unlinked right after it is opened; output temp files exist only during the
// streamed export, where the handlers are installed and remove them).
import { totalmem } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import { KanonError } from './errors.js';

export interface Budget {
  /** Bytes the run may hold in its big structures. */
  readonly limit: number;
  /** Bytes reserved so far (live structures). */
  readonly reserved: number;
  /** Reserve `bytes` for `what` (a structure's name, never a value); throws RESOURCE_LIMIT past the limit. */
  reserve(what: string, bytes: number, advice?: string): void;
  /** Give back what a structure reserved when it is dropped. */
  release(bytes: number): void;
  /** Throws RESOURCE_LIMIT when the V8 heap is nearly full (call between batches). */
  checkHeap(what: string, advice?: string): void;
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

export function createBudget(limit: number = defaultMemoryLimit()): Budget {
  let reserved = 0;
  const fail = (what: string, need: string, advice: string | undefined): never => {
    throw new KanonError(
      'RESOURCE_LIMIT',
      `${what} needs about ${need}, over the memory budget of ${formatBytes(limit)}${advice ? `: ${advice}` : ''} (or raise --max-memory)`,
    );
  };
  return {
    limit,
    get reserved() {
      return reserved;
    },
    reserve(what, bytes, advice) {
      if (reserved + bytes > limit) fail(what, formatBytes(reserved + bytes), advice);
      reserved += bytes;
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
      if (h.used_heap_size + reserved > limit) fail(what, formatBytes(h.used_heap_size + reserved), advice);
    },
  };
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
