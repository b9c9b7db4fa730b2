// The DuckDB engine's memory (issue 16): its limit is a quarter of kanon's budget between 128
// and 512 MiB, and the plan pass closes the instance once the frequency set is read, so its
// buffer pool and temp directory are gone before the search; a later use opens a new one.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createReadStream, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { closeDuck, duck, duckMemory, duckMemoryLimit } from '../../src/engine/duckdb.js';
import { planPass } from '../../src/engine/frequencies.js';
import { openTable } from '../../src/io/read.js';
import { bindPolicy } from '../../src/policy/bind.js';
import { loadPolicy } from '../../src/policy/load.js';
import { normalizeConfig } from '../../src/policy/normalize.js';
import { createBudget } from '../../src/resources.js';
import { encodePass, policyColumns } from '../../src/plan/plan.js';
import { tempDir } from '../helpers/cli.js';

const MiB = 2 ** 20;

test('DuckDB gets a quarter of the budget, at least 128 MiB and at most 512 MiB', () => {
  assert.is(duckMemoryLimit(12 * 1024 * MiB), 512 * MiB);
  assert.is(duckMemoryLimit(1024 * MiB), 256 * MiB);
  assert.is(duckMemoryLimit(256 * MiB), 128 * MiB);
  assert.ok(duckMemoryLimit(undefined) <= 512 * MiB && duckMemoryLimit(undefined) >= 128 * MiB);
});

test("DuckDB's limit is at most half of what the process may still grow by, and at least 16 MiB", () => {
  assert.is(duckMemoryLimit(1024 * MiB, 2048 * MiB), 256 * MiB, 'room to spare: the share');
  assert.is(duckMemoryLimit(1024 * MiB, 100 * MiB), 50 * MiB);
  assert.is(duckMemoryLimit(256 * MiB, 0), 16 * MiB);
});

test('a watched statement is interrupted when its check throws, with the check’s error; unwatched it runs', async () => {
  const db = await duck();
  const fail = { code: 'INTERNAL' as const, message: 'x', where: {} };
  let calls = 0;
  const stop = new Error('over budget');
  db.watch(() => {
    if (++calls >= 3) throw stop;
  });
  const t0 = performance.now();
  let got: unknown;
  try {
    // Minutes of work on its own: only the interrupt ends it this soon.
    await db.all('SELECT sum(hash(range)) FROM range(100000000000)', [], fail);
  } catch (e) {
    got = e;
  }
  const ms = performance.now() - t0;
  assert.is(got, stop);
  assert.ok(calls >= 3 && ms < 5000, `${calls} checks, ${ms.toFixed(0)} ms`);
  db.watch(undefined); // also clears the interrupted state
  const [[n]] = (await db.all('SELECT count(*) FROM range(1000)', [], fail)) as [[bigint]];
  assert.is(n, 1000n);
  await closeDuck();
});

// A private TMPDIR (os.tmpdir() reads it on every call): other kanon processes running beside
// this test make their own kanon-duckdb-* folders in the shared one.
process.env.TMPDIR = tempDir();
const kanonDirs = (): string[] => readdirSync(tmpdir()).filter((n) => n.startsWith('kanon-duckdb-'));

test('the DuckDB plan pass closes its instance and temp directory, gives the node engine’s table, and DuckDB reopens after', async () => {
  const dir = tempDir();
  const csv = join(dir, 't.csv');
  const rows = ['zip,sex,diag'];
  for (let i = 0; i < 500; i++) rows.push(`${10000 + (i % 37)},${i % 3 === 0 ? 'F' : 'M'},${['flu', '', 'asthma'][i % 3]}`);
  writeFileSync(csv, `${rows.join('\n')}\n`);
  const policyFile = join(dir, 'p.json');
  writeFileSync(
    policyFile,
    JSON.stringify({
      version: 1,
      columns: {
        zip: { role: 'quasi', hierarchy: { type: 'mask' } },
        sex: { role: 'quasi', hierarchy: { type: 'tree', groups: { '*': ['F', 'M'] } } },
        diag: { role: 'sensitive' },
      },
      privacy: { k: 2 },
    }),
  );
  const before = new Set(kanonDirs());
  const policy = loadPolicy(policyFile);
  const open = () => openTable(createReadStream(csv), { file: 't.csv', path: csv, counter: { bytes: 0 } });
  const table = await open();
  const bound = bindPolicy(policy, table.header, 't.csv');
  const cols = policyColumns(bound, normalizeConfig(policy, {}, 'run'));
  const progress = { phase() {}, add() {} };
  const { enc } = await planPass(table, cols, progress, createBudget(1024 * MiB), undefined, { engine: 'duckdb', path: csv, file: 't.csv' });
  assert.is(duckMemory(), 0, 'closed after the plan pass');
  assert.equal(
    kanonDirs().filter((d) => !before.has(d)),
    [],
    'no temp directory left',
  );
  // The same table as the node engine's, entry for entry once weights are expanded (the node
  // engine has one entry per record; every combination here repeats).
  const node = await encodePass(await open(), 't.csv', cols, progress);
  assert.is(enc.records, 500);
  assert.equal(
    enc.quasi.map((q) => q.values),
    node.quasi.map((q) => q.values),
  );
  assert.equal(
    enc.sensitive.map((s) => s.values),
    node.sensitive.map((s) => s.values),
  );
  const db = await duck({ budgetLimit: 1024 * MiB });
  assert.equal(await db.all('SELECT 40 + 2', [], { code: 'INTERNAL', message: 'x', where: {} }), [[42]]);
  assert.is(duckMemory(), 256 * MiB);
  assert.is(kanonDirs().filter((d) => !before.has(d)).length, 1, 'the new instance has its temp directory');
  await closeDuck();
  assert.equal(
    kanonDirs().filter((d) => !before.has(d)),
    [],
    'removed on close',
  );
});

test.run();
