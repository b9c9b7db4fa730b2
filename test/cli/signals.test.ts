// SIGTERM takes effect at once in every phase (issue 12): during the synchronous search of a
// run and during an audit, the process ends within 2 s, leaves no spool or temp file in TMPDIR
// and no partial output. The phase is recognized from --progress's plain lines on stderr.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { createReadStream, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, tempDir } from '../helpers/cli.js';
// @ts-expect-error: plain ESM helper without types
import { writePeopleCsv, WIDE_HEADER } from '../../bench/generate.mjs';

const dir = tempDir();
const data = join(dir, 'wide.csv');
await writePeopleCsv(60000, data, 42, { wide: true });
// The audit reads and measures 60,000 rows in well under a second since issue 18: a larger
// input keeps it running when the signal is sent.
const auditData = join(dir, 'wide-audit.csv');
await writePeopleCsv(400000, auditData, 42, { wide: true });
const drop = { role: 'identifier', operator: 'drop' };
const quasi = ['zip', 'sex', 'age', 'race', 'marital', 'education', 'occupation', 'workclass', 'native_country', 'hours_per_week'];
const columns: Record<string, unknown> = Object.fromEntries(
  (WIDE_HEADER as string[]).map((h) => [h, quasi.includes(h) ? null : h === 'diagnosis' ? { role: 'sensitive' } : drop]),
);
const mask = { role: 'quasi', hierarchy: { type: 'mask' } };
for (const q of quasi) columns[q] = q === 'age' || q === 'hours_per_week' ? { role: 'quasi', hierarchy: { type: 'interval', widths: [5, 10, 20, 40] } } : mask;
const policy = join(dir, 'p.json');
// An equal 0.1-closeness on a dense, wide lattice: the search runs for many seconds.
writeFileSync(
  policy,
  JSON.stringify({ columns, privacy: { k: 5, suppressionLimit: 0.05, tCloseness: { column: 'diagnosis', t: 0.1 }, search: { maxChecks: 100000 } } }),
);

interface Outcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  ms: number;
  stderr: string;
}

/** Spawn kanon (stdin from the file), send SIGTERM when stderr matches `when`, time the exit. */
function termWhen(args: string[], when: RegExp, tmp: string, input = data): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, '--progress', ...args], {
      env: { ...process.env, NO_COLOR: '1', TMPDIR: tmp, CI: 'true' },
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    createReadStream(input)
      .pipe(child.stdin)
      .on('error', () => {});
    let stderr = '';
    let sent = 0;
    child.stderr.on('data', (b: Buffer) => {
      stderr += b.toString();
      if (!sent && when.test(stderr)) {
        // Well inside the phase that follows the line.
        setTimeout(() => {
          sent = performance.now();
          child.kill('SIGTERM');
        }, 300);
      }
    });
    child.on('exit', (code, signal) => resolve({ code, signal, ms: sent ? performance.now() - sent : -1, stderr }));
  });
}

const ended = (o: Outcome): boolean => o.code === 143 || o.signal === 'SIGTERM';

test('SIGTERM during the search of a run (stdin spooled): exits within 2 s, no spool, no temp, no output', async () => {
  const tmp = join(dir, 'tmp-run');
  const outDir = join(dir, 'out-run');
  mkdirSync(tmp);
  mkdirSync(outDir);
  const o = await termWhen(['run', '-p', policy, '-o', join(outDir, 'out.csv'), '-'], /planning done/, tmp);
  assert.ok(o.ms >= 0, `the search phase was never reached:\n${o.stderr}`);
  assert.not.match(o.stderr, /searching done/); // it was stopped inside the search
  assert.ok(ended(o), `code ${o.code} signal ${o.signal}`);
  assert.ok(o.ms < 2000, `took ${o.ms.toFixed(0)} ms`);
  assert.equal(readdirSync(tmp), []);
  assert.equal(readdirSync(outDir), []);
});

test('SIGTERM during an audit: exits within 2 s and leaves nothing in TMPDIR', async () => {
  const tmp = join(dir, 'tmp-audit');
  mkdirSync(tmp);
  const o = await termWhen(['audit', '--qi', quasi.join(','), '--sensitive', 'diagnosis,income', '-'], /kanon: /, tmp, auditData);
  assert.ok(o.ms >= 0, o.stderr);
  assert.ok(ended(o), `code ${o.code} signal ${o.signal}`);
  assert.ok(o.ms < 2000, `took ${o.ms.toFixed(0)} ms`);
  assert.equal(readdirSync(tmp), []);
});

test.run();
