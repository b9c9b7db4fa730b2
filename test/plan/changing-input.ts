// Test helper (not a test file), run as a child process: `run` to standard output over an input
// source whose second open (the export pass) returns other bytes than the first (the plan pass).
// It runs the built dist/ (as the CLI tests do), so that --threads 2 can start its workers.
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { loadConfig } from '../../dist/policy/normalize.js';
import { runCommand } from '../../dist/commands/run.js';
import { keyRingOf } from '../../dist/keys.js';
import { KanonError } from '../../dist/errors.js';

const [policyFile, first, second, threads] = process.argv.slice(2) as [string, string, string, string | undefined];
let opens = 0;
const chunked = (buf: Buffer): Readable => {
  const parts: Buffer[] = [];
  for (let i = 0; i < buf.length; i += 16_384) parts.push(buf.subarray(i, i + 16_384));
  return Readable.from(parts);
};
const source = { name: 'changing.csv', path: 'changing.csv', open: () => chunked(readFileSync(opens++ === 0 ? first : second)) };
try {
  await runCommand(loadConfig(policyFile, {}, 'run'), {
    stdin: process.stdin,
    keys: keyRingOf(new Map()),
    progress: { phase: () => {}, add: () => {}, bytes: { bytes: 0 } },
    source,
    threads: Number(threads ?? 1),
  });
} catch (e) {
  const k = e instanceof KanonError ? e : new KanonError('INTERNAL', String(e));
  process.stderr.write(`${k.code}: line ${k.where.line ?? '-'}: ${k.message}\n`);
  process.exitCode = k.exitCode;
}
