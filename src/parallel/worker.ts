// One worker of the export pass (issue 18): a piece of CSV (whole records) → output bytes, by
// piece.ts — the same code one thread runs, so the output is the same bytes. Errors go back as
// code, message and place (line relative to the piece; the main thread adds the piece's base
// line) — KanonError messages carry no cell values.
import { parentPort } from 'node:worker_threads';
import { KanonError } from '../errors.js';
import { READ_BYTES } from '../io/input.js';
import { bindPolicy } from '../policy/bind.js';
import { compileRowPipeline } from '../pipeline.js';
import { releaseOf, releaseOperators } from '../plan/release.js';
import type { KeyRing, OperatorStats } from '../operators/types.js';
import { pieceRunner, runJob } from './piece.js';
import type { Job, JobResult, Spare, WorkerInit, WorkerReady } from './protocol.js';

/** This worker's piece runner from what it is given. */
function setup(init: WorkerInit): (job: Job) => JobResult {
  const keyBytes = new Map(init.keys.map(([id, k]) => [id, k]));
  const keyPrints = new Map(init.keys.map(([id, , f]) => [id, f]));
  const keyId = (id?: string): string => id ?? 'default';
  const keys: KeyRing = {
    get(id) {
      const k = keyBytes.get(keyId(id));
      if (!k) throw new KanonError('INTERNAL', 'a worker was not given a key its pipeline needs');
      return Buffer.from(k);
    },
    fingerprint: (id) => keyPrints.get(keyId(id)) ?? '',
  };
  const stats: OperatorStats = { collisions: 0 };
  const bound = bindPolicy(init.policy, init.header, init.file);
  // After a plan: QI labels and suppression from the plan's tables, as on the main thread.
  const rel = init.release;
  const made = rel ? releaseOf(rel) : undefined;
  const release = rel && made ? releaseOperators(made.row, rel.qiIndex, rel.star) : undefined;
  const run = pieceRunner({
    pipeline: compileRowPipeline(bound, { keys, stats, ...(release ? { quasi: release.quasi } : {}) }),
    stats,
    header: init.header,
    file: init.file,
    read: init.read,
    write: init.write,
    lane: init.lane,
    spares,
    ...(release && rel
      ? {
          drop: release.drop,
          dropReads: [...rel.qiIndex, ...rel.sensIndex],
          coded: { make: made!.coded, star: rel.star },
        }
      : {}),
  });
  return (job) => runJob(run, job);
}

const port = parentPort!;
let run: ((job: Job) => JobResult) | undefined;
// Started before its work is known (export.ts spawnWorkers: its modules load while the main
// thread plans), a worker's first message is its WorkerInit; it says when it is ready.
/** Output memory given back (at most a few pieces' worth). */
const spares: ArrayBuffer[] = [];
port.on('message', (msg: Job | WorkerInit | Spare) => {
  if ('spare' in msg) {
    if (spares.length < 4) spares.push(msg.spare);
    return;
  }
  if (run === undefined) {
    run = setup(msg as WorkerInit);
    port.postMessage({ ready: true } satisfies WorkerReady);
    return;
  }
  const job = msg as Job;
  const r = run(job);
  // The piece's memory goes back for the main thread's next reads (src/io/input.ts recycleRead).
  const input = returnable(job.bytes);
  if (r.ok) port.postMessage(input ? { ...r, input } : r, input ? [r.out, input] : [r.out]);
  else port.postMessage(r);
});

/** A piece's memory when it was transferred here whole (nothing else views it), else undefined. */
function returnable(bytes: Uint8Array): ArrayBuffer | undefined {
  const ab = bytes.buffer;
  return ab instanceof ArrayBuffer && bytes.byteOffset === 0 && ab.byteLength === READ_BYTES ? ab : undefined;
}
