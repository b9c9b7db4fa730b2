// One worker of the export pass (issue 18): a piece of CSV (whole records) → output bytes, by
// piece.ts — the same code one thread runs, so the output is the same bytes. Errors go back as
// code, message and place (line relative to the piece; the main thread adds the piece's base
// line) — KanonError messages carry no cell values.
import { parentPort, workerData } from 'node:worker_threads';
import { KanonError } from '../errors.js';
import { bindPolicy } from '../policy/bind.js';
import { compileRowPipeline } from '../pipeline.js';
import { codedRelease, releaseFrom, releaseOperators } from '../plan/release.js';
import type { KeyRing, OperatorStats } from '../operators/types.js';
import { pieceRunner, runJob } from './piece.js';
import type { Job, WorkerInit } from './protocol.js';

const init = workerData as WorkerInit;
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
const release = rel ? releaseOperators(releaseFrom(rel.tables, rel.qiIndex, rel.sensIndex), rel.qiIndex, rel.star) : undefined;
const run = pieceRunner({
  pipeline: compileRowPipeline(bound, { keys, stats, ...(release ? { quasi: release.quasi } : {}) }),
  stats,
  header: init.header,
  file: init.file,
  read: init.read,
  write: init.write,
  lane: init.lane,
  ...(release && rel
    ? {
        drop: release.drop,
        dropReads: [...rel.qiIndex, ...rel.sensIndex],
        coded: { make: (format: (v: string) => Uint8Array) => codedRelease(rel.tables, rel.qiIndex, rel.sensIndex, format), star: rel.star },
      }
    : {}),
});
const port = parentPort!;

port.on('message', (job: Job) => {
  const r = runJob(run, job);
  if (r.ok) port.postMessage(r, [r.out]);
  else port.postMessage(r);
});
