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
