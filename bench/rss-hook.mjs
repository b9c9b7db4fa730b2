// Loaded with `node --import bench/rss-hook.mjs …`: on exit, writes the process's peak RSS (KiB)
// to the file named by KANON_BENCH_RSS, so the bench measures the whole process without
// an external tool.
import { writeFileSync } from 'node:fs';
if (process.env.KANON_BENCH_RSS) {
  process.on('exit', () => writeFileSync(process.env.KANON_BENCH_RSS, String(process.resourceUsage().maxRSS)));
}
// KANON_BENCH_USAGE=file: the whole of process.resourceUsage() as JSON (CPU seconds as well,
// which stay meaningful on a shared machine); read by measureProcess (bench/usage.mjs).
if (process.env.KANON_BENCH_USAGE) {
  process.on('exit', () => writeFileSync(process.env.KANON_BENCH_USAGE, JSON.stringify(process.resourceUsage())));
}
