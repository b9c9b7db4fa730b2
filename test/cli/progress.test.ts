// Progress goes to stderr on a terminal only: `script` gives kanon a pseudo-terminal.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, kanon, tempDir } from '../helpers/cli.js';
// @ts-expect-error: plain ESM helper without types
import { writePeopleCsv, HEADER } from '../../bench/generate.mjs';

const dir = tempDir();
const data = join(dir, 'people.csv');
const policy = join(dir, 'p.json');
await writePeopleCsv(80000, data);
writeFileSync(policy, JSON.stringify({ columns: Object.fromEntries((HEADER as string[]).map((h) => [h, { role: 'insensitive' }])) }));

function onTty(env: Record<string, string>): string {
  const cmd = `"${process.execPath}" "${BIN}" run "${data}" -p "${policy}" -o "${join(dir, 'out.csv')}"`;
  const r = spawnSync('script', ['-qec', cmd, '/dev/null'], { env: { ...process.env, NO_COLOR: '1', ...env } });
  assert.is(r.status, 0, r.stderr.toString());
  return r.stdout.toString(); // script merges the pty's output
}

test('on a terminal, a long run shows records and MB/s', () => {
  const out = spawnSync(
    'env',
    ['-u', 'CI', 'script', '-qec', `"${process.execPath}" "${BIN}" run "${data}" -p "${policy}" -o "${join(dir, 'out.csv')}"`, '/dev/null'],
    { env: { ...process.env, NO_COLOR: '1' } },
  ).stdout.toString();
  assert.match(out, /kanon: writing [\d,]+ records, [\d.]+ MB, \d+%(, ETA [\d:]+)?, [\d.]+ MB\/s/); // a file input: percent of its bytes
  assert.match(out, /80,000 of 80,000 records/);
});

test('never in CI, never on a pipe, never with --quiet', () => {
  assert.not.match(onTty({ CI: 'true' }), /MB\/s/);
  const piped = kanon(['run', data, '-p', policy, '-o', join(dir, 'o2.csv')]);
  assert.not.match(piped.stderr, /MB\/s/);
  assert.match(piped.stderr, /80,000 of 80,000 records/);
  const quiet = kanon(['--quiet', '--progress', 'run', data, '-p', policy, '-o', join(dir, 'o4.csv')]);
  assert.is(quiet.code, 0);
  assert.is(quiet.stderr, '');
});

test('--progress forces it on a pipe, as plain lines (no carriage returns or escape codes)', () => {
  const r = kanon(['--progress', 'run', data, '-p', policy, '-o', join(dir, 'o3.csv')]);
  assert.match(r.stderr, /^kanon: writing done: 80,000 records, [\d.]+ MB, 100%, [\d.]+ MB\/s, [\d.]+ s$/m);
  assert.not.match(r.stderr, /[\r\x1b]/);
});

test.run();
