// The threaded export's start (issue 18): while no worker is ready (a worker loads its modules
// for ~0.1 s), this thread runs the pieces itself; once one is, the workers take them. Either
// way the output is the bytes of this thread alone. Runs the built dist/ (workers start from it).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { tempDir } from '../helpers/cli.js';
import { loadPolicy } from '../../dist/policy/load.js';
import { bindPolicy } from '../../dist/policy/bind.js';
import { compileRowPipeline } from '../../dist/pipeline.js';
import { keyRingOf } from '../../dist/keys.js';
import { openTable } from '../../dist/io/read.js';
import { pieceRunner } from '../../dist/parallel/piece.js';
import { parallelExport, spawnWorkers } from '../../dist/parallel/export.js';
import { pieces } from '../../dist/parallel/split.js';
import { MAX_RECORD_SIZE } from '../../dist/io/read-csv.js';

const dir = tempDir();
const policyFile = join(dir, 'p.json');
writeFileSync(
  policyFile,
  JSON.stringify({
    columns: { id: { role: 'insensitive' }, email: { role: 'identifier', operator: 'mask', keepStart: 2 }, city: { role: 'insensitive' } },
  }),
);
const lines = ['id,email,city'];
for (let i = 0; i < 20_000; i++) lines.push(`${i},user${i}@example.org,${i % 3 ? 'Lyon' : '"Paris, FR"'}`);
const input = Buffer.from(`${lines.join('\n')}\n`);

/** One export: `threads` workers (0: this thread only), `spawned` started beforehand; the
 *  pieces (8 KiB) come `pace` ms apart, so that some come before a worker is ready. */
async function exportWith(threads: number, pace: number, spawned?: boolean): Promise<{ out: Buffer; here: number; onWorkers: number }> {
  // Started beforehand: given time to load, as a plan's search would.
  const early = spawned ? spawnWorkers(threads) : undefined;
  if (early) await sleep(500);
  const policy = loadPolicy(policyFile);
  const table = await openTable(Readable.from([input]), { file: 'x.csv', counter: { bytes: 0 }, split: true });
  const split = table.split!;
  const stats = { collisions: 0 };
  const bound = bindPolicy(policy, table.header, 'x.csv');
  const pipeline = compileRowPipeline(bound, { keys: keyRingOf(new Map()), stats });
  const read = { delimiter: split.delimiter, recordDelimiter: split.recordDelimiter, maxRecordSize: MAX_RECORD_SIZE };
  const write = { format: 'csv' as const, delimiter: ',', escapeFormulas: true };
  const local = pieceRunner({ pipeline, stats, header: table.header, file: 'x.csv', read, write, lane: true });
  const outs: Buffer[] = [];
  const paced = async function* () {
    for await (const p of pieces(split.body(), split.recordDelimiter, 8192, MAX_RECORD_SIZE)) {
      if (pace > 0) await sleep(pace);
      yield p;
    }
  };
  const r = await parallelExport({
    pieces: paced(),
    split,
    threads,
    ...(early ? { spawned: early } : {}),
    local,
    ...(threads > 0 ? { init: { policy, header: table.header, file: 'x.csv', keys: [], read, write, lane: true } } : {}),
    file: 'x.csv',
    writer: {
      write: async () => {},
      end: async () => {},
      writeBytes: async (b: Uint8Array) => {
        outs.push(Buffer.from(b));
      },
    } as never,
    sample: 0,
    onRecords: () => {},
  });
  return { out: Buffer.concat(outs), here: r.here, onWorkers: r.onWorkers };
}

test('pieces before a worker is ready run on this thread, the rest on the workers; the bytes of one thread', async () => {
  const alone = await exportWith(0, 0);
  assert.ok(alone.here > 50 && alone.onWorkers === 0, `${alone.here} pieces here alone`);
  assert.ok(alone.out.length > 400_000);
  const mixed = await exportWith(2, 10);
  assert.ok(mixed.here >= 1, 'the first pieces ran here');
  assert.ok(mixed.onWorkers >= 1, `then the workers took pieces (here ${mixed.here}, on workers ${mixed.onWorkers})`);
  assert.is(mixed.here + mixed.onWorkers, alone.here);
  assert.ok(mixed.out.equals(alone.out), 'the same bytes');
});

test('workers started beforehand (before a plan search) take the pieces once ready: the same bytes', async () => {
  const alone = await exportWith(0, 0);
  const early = await exportWith(2, 2, true);
  assert.ok(early.onWorkers >= alone.here - 2, `loaded workers take (nearly) every piece: here ${early.here}, on workers ${early.onWorkers}`);
  assert.is(early.here + early.onWorkers, alone.here);
  assert.ok(early.out.equals(alone.out));
});

test.run();
