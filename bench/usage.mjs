// Whole-process measurement for the benches: `node ARGS` under bench/rss-hook.mjs, its wall and
// CPU seconds and peak RSS (MiB); null when it passed `timeoutS` (then killed).
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export function measureProcess(args, usageFile, timeoutS = 0) {
  rmSync(usageFile, { force: true });
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--import', join(root, 'bench', 'rss-hook.mjs'), ...args], {
    cwd: root,
    env: { ...process.env, NO_COLOR: '1', KANON_BENCH_USAGE: usageFile },
    stdio: ['ignore', 'ignore', 'pipe'],
    ...(timeoutS ? { timeout: timeoutS * 1000, killSignal: 'SIGKILL' } : {}),
  });
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.error?.code === 'ETIMEDOUT' || r.signal === 'SIGKILL') return null;
  if (r.status !== 0) throw new Error(`bench case failed (${r.status}): ${args.join(' ')}\n${r.stderr}`);
  const u = JSON.parse(readFileSync(usageFile, 'utf8'));
  return { s, cpu: (u.userCPUTime + u.systemCPUTime) / 1e6, rssMiB: u.maxRSS / 1024 };
}
