// A run that would pass its memory budget stops first with RESOURCE_LIMIT (exit 3), naming the
// structure, and writes nothing (issue 12; issue 11 item 10: many distinct quasi-identifier
// values used to end in a V8 out-of-memory crash, exit 134).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, kanon, tempDir } from '../helpers/cli.js';

const dir = tempDir();
const data = join(dir, 'wide.csv');
// 200,000 records whose quasi-identifier is unique per record: a large dictionary and tables.
const lines = ['id,code'];
for (let i = 0; i < 200_000; i++) lines.push(`${i},C${(i * 7919) % 1_000_003}`);
writeFileSync(data, lines.join('\n') + '\n');
const policy = join(dir, 'p.json');
writeFileSync(
  policy,
  JSON.stringify({
    columns: { id: { role: 'identifier', operator: 'drop' }, code: { role: 'quasi', hierarchy: { type: 'mask' } } },
    privacy: { k: 5, suppressionLimit: 0.05 },
  }),
);

test('a budget too small for the run: RESOURCE_LIMIT, exit 3, the structure named, no output file', () => {
  const out = join(dir, 'out', 'o.csv');
  const outDir = join(dir, 'out');
  mkdirSync(outDir);
  const r = kanon(['run', data, '-p', policy, '-o', out, '--max-memory', '8M']);
  assert.is(r.code, 3, r.stderr);
  assert.match(r.stderr, /kanon: error RESOURCE_LIMIT: .*(plan pass|class table|search)/);
  assert.match(r.stderr, /--max-memory/);
  assert.not.ok(existsSync(out));
  assert.equal(readdirSync(outDir), []);
});

test('the same run within a sufficient budget passes (the budget is what stopped it)', () => {
  const r = kanon(['run', data, '-p', policy, '-o', join(dir, 'ok.csv'), '--max-memory', '4G']);
  assert.is(r.code, 0, r.stderr);
});

test('audit honours --max-memory too', () => {
  const r = kanon(['audit', data, '--qi', 'code', '--max-memory', '8M']);
  assert.is(r.code, 3, r.stderr);
  assert.match(r.stderr, /RESOURCE_LIMIT/);
});

// The budget bounds the whole process as the operating system counts it (resident memory), not
// only the structures kanon reserves: reserved sizes alone let this run pass at 64M while the
// process held 120–270 MiB (a container limited to the budget would have killed it).
const MiB = 2 ** 20;
const peakFile = join(dir, 'peak.txt');
function measured(budget: string, engine = 'node'): { code: number; stderr: string; peak: number } {
  const r = kanon(['run', data, '-p', policy, '-o', join(dir, `m-${budget}.csv`), '--max-memory', budget, '--engine', engine], {
    env: { NODE_OPTIONS: `--require ${join(ROOT, 'test', 'helpers', 'peak-rss.cjs')}`, KANON_TEST_PEAK_FILE: peakFile },
  });
  return { code: r.code, stderr: r.stderr, peak: Number(readFileSync(peakFile, 'utf8')) };
}

test('a budget below what the process itself holds is refused, naming the process', () => {
  const r = measured('64M');
  assert.is(r.code, 3, r.stderr);
  assert.match(r.stderr, /RESOURCE_LIMIT: .*the process holds \d+(\.\d)? MiB, too close to the memory budget of 64\.0 MiB/);
  assert.not.ok(existsSync(join(dir, 'm-64M.csv')));
});

test('whatever the budget, the process peaks within it: passing runs and refused ones alike', () => {
  const codes: number[] = [];
  for (const budget of ['192M', '256M', '320M', '4G']) {
    const r = measured(budget);
    const limit = budget === '4G' ? 4096 * MiB : Number(budget.slice(0, -1)) * MiB;
    assert.ok(r.code === 0 || r.code === 3, `${budget}: exit ${r.code} ${r.stderr}`);
    if (r.code === 3) assert.match(r.stderr, /RESOURCE_LIMIT/);
    assert.ok(r.peak > 32 * MiB && r.peak <= limit, `${budget}: peak ${(r.peak / MiB).toFixed(1)} MiB, exit ${r.code}`);
    codes.push(r.code);
  }
  // 192M is short of this run's peak (about 240 MiB measured), 4G is not: both outcomes occur.
  assert.is(codes[0], 3);
  assert.is(codes[3], 0);
});

test('with the DuckDB engine too: its statements are watched, its dictionaries read by chunks', () => {
  // Unwatched, 192M peaked at 245 MiB inside DuckDB's statements and the dictionaries' read.
  const codes: number[] = [];
  for (const budget of ['192M', '224M', '4G']) {
    const r = measured(budget, 'duckdb');
    const limit = budget === '4G' ? 4096 * MiB : Number(budget.slice(0, -1)) * MiB;
    assert.ok(r.code === 0 || (r.code === 3 && /RESOURCE_LIMIT/.test(r.stderr)), `${budget}: exit ${r.code} ${r.stderr}`);
    assert.ok(r.peak > 32 * MiB && r.peak <= limit, `${budget}: peak ${(r.peak / MiB).toFixed(1)} MiB, exit ${r.code}`);
    codes.push(r.code);
  }
  assert.is(codes[0], 3);
  assert.is(codes[2], 0);
});

test.run();
