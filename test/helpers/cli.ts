// Spawns the real binary (bin/kanon.js → dist/, built by `npm test`).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = join(ROOT, 'bin', 'kanon.js');
export const fixture = (...p: string[]): string => join(ROOT, 'fixtures', ...p);

export interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

export function kanon(args: string[], opts: { input?: string | Buffer; env?: Record<string, string | undefined>; cwd?: string } = {}): Result {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', KANON_KEY: undefined, ...opts.env };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? ROOT,
    input: opts.input ?? '',
    env: env as NodeJS.ProcessEnv,
    maxBuffer: 256 * 1024 * 1024,
  });
  return { code: r.status ?? -1, stdout: r.stdout.toString(), stderr: r.stderr.toString() };
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'kanon-test-'));
}
