// Whole-process measurement for the benches: `node ARGS` under bench/rss-hook.mjs, its wall and
// CPU seconds and peak RSS (MiB).
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Runs `node ARGS` whatever its exit: { s, cpu, rssMiB, code, stderr, timedOut } (cpu and
 *  rssMiB NaN when the process left no usage, e.g. killed at `timeoutS`). */
export function runMeasured(args, usageFile, timeoutS = 0) {
  rmSync(usageFile, { force: true });
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--import', join(root, 'bench', 'rss-hook.mjs'), ...args], {
    cwd: root,
    env: { ...process.env, NO_COLOR: '1', KANON_BENCH_USAGE: usageFile },
    stdio: ['ignore', 'ignore', 'pipe'],
    ...(timeoutS ? { timeout: timeoutS * 1000, killSignal: 'SIGKILL' } : {}),
  });
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  const u = existsSync(usageFile) ? JSON.parse(readFileSync(usageFile, 'utf8')) : null;
  return {
    s,
    cpu: u ? (u.userCPUTime + u.systemCPUTime) / 1e6 : NaN,
    rssMiB: u ? u.maxRSS / 1024 : NaN,
    code: r.status,
    stderr: r.stderr.toString().slice(0, 2000),
    timedOut: r.error?.code === 'ETIMEDOUT' || r.signal === 'SIGKILL',
  };
}

/** runMeasured for a case that must succeed: null when it passed `timeoutS` (then killed),
 *  an error when it failed. */
export function measureProcess(args, usageFile, timeoutS = 0) {
  const m = runMeasured(args, usageFile, timeoutS);
  if (m.timedOut) return null;
  if (m.code !== 0) throw new Error(`bench case failed (${m.code}): ${args.join(' ')}\n${m.stderr}`);
  return { s: m.s, cpu: m.cpu, rssMiB: m.rssMiB };
}

/** One parse of a CSV file by kanon's reader over every record, in process (the benches' unit
 *  "parses"): wall and CPU seconds. `openTable` is dist/io/read.js's; throws unless `rows`. */
export async function parseSeconds(openTable, csv, rows) {
  const t0 = performance.now(),
    c0 = process.cpuUsage();
  const table = await openTable(createReadStream(csv), { file: 'people.csv', path: csv, counter: { bytes: 0 } });
  let n = 0;
  for await (const b of table.batches) n += b.rows.length;
  if (n !== rows) throw new Error(`parse: ${n} records, expected ${rows}`);
  const c = process.cpuUsage(c0);
  return { s: (performance.now() - t0) / 1000, cpu: (c.user + c.system) / 1e6 };
}
