// Loaded with `node --import bench/rss-hook.mjs …`: on exit, writes the process's peak RSS (KiB)
// to the file named by KANON_BENCH_RSS, so the bench measures the whole process without
// an external tool.
import { writeFileSync } from 'node:fs';
if (process.env.KANON_BENCH_RSS) {
  process.on('exit', () => writeFileSync(process.env.KANON_BENCH_RSS, String(process.resourceUsage().maxRSS)));
}
