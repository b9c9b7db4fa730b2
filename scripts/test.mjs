// Runs the uvu suites (TypeScript through tsx) and ends with the line CI reads:
// "N passed, N failed". uvu's own summary ("Total: … Passed: …") is parsed here.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = ['--import', 'tsx', join(root, 'node_modules/uvu/bin.js'), 'test', '\\.test\\.ts$', ...process.argv.slice(2)];
const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, FORCE_COLOR: '0' } });
let out = '';
child.stdout.on('data', (chunk) => {
  out += chunk;
  process.stdout.write(chunk);
});
child.on('close', (code) => {
  out = out.replace(/\x1b\[[0-9;]*m/g, ''); // uvu colours its counts (e.g. a skipped one) even with FORCE_COLOR=0
  const total = Number(/Total:\s+(\d+)/.exec(out)?.[1] ?? NaN);
  const passed = Number(/Passed:\s+(\d+)/.exec(out)?.[1] ?? NaN);
  const skipped = Number(/Skipped:\s+(\d+)/.exec(out)?.[1] ?? 0);
  if (Number.isNaN(total) || Number.isNaN(passed)) {
    // uvu died before its summary (a suite threw at import): count that as a failure.
    process.stdout.write('\n0 passed, 1 failed\n');
    process.exit(code || 1);
  }
  const failed = total - passed; // uvu's Total leaves skipped tests out
  process.stdout.write(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
  process.exit(failed > 0 ? 1 : (code ?? 1));
});
