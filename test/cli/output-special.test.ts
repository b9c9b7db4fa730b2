// Output targets that are not regular files, and outputs that would destroy an input (issue 11
// item 11): a device or FIFO given as -o is written as a stream, never replaced by a file;
// scan --policy-out naming the input is refused and the input is left as it was.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fixture, kanon, tempDir } from '../helpers/cli.js';

test('-o /dev/null stays the character device it is (the run writes into it)', () => {
  const r = kanon(['run', fixture('people.csv'), '-p', fixture('people.policy.json'), '-o', '/dev/null']);
  assert.is(r.code, 0, r.stderr);
  assert.ok(statSync('/dev/null').isCharacterDevice());
});

test('-o FIFO: the records arrive through the pipe and the FIFO is still a FIFO', async () => {
  const dir = tempDir();
  const fifo = join(dir, 'out.fifo');
  assert.is(spawnSync('mkfifo', [fifo]).status, 0);
  const reader = spawn('cat', [fifo]);
  let got = '';
  reader.stdout.on('data', (b: Buffer) => {
    got += b.toString();
  });
  const closed = new Promise<void>((res) => reader.on('close', () => res()));
  const r = kanon(['run', fixture('people.csv'), '-p', fixture('people.policy.json'), '-o', fifo]);
  await closed;
  assert.is(r.code, 0, r.stderr);
  assert.ok(statSync(fifo).isFIFO());
  assert.is(got, kanon(['run', fixture('people.csv'), '-p', fixture('people.policy.json')]).stdout);
});

test('-o naming a folder is OUTPUT_WRITE (exit 3)', () => {
  const r = kanon(['run', fixture('people.csv'), '-p', fixture('people.policy.json'), '-o', tempDir()]);
  assert.is(r.code, 3);
  assert.match(r.stderr, /OUTPUT_WRITE/);
});

test('scan --policy-out naming the input is USAGE_OUTPUT_IS_INPUT and the input is untouched', () => {
  const dir = tempDir();
  const input = join(dir, 'people.csv');
  const bytes = readFileSync(fixture('people.csv'));
  spawnSync('cp', [fixture('people.csv'), input]);
  const r = kanon(['scan', input, '--policy-out', input]);
  assert.is(r.code, 2);
  assert.match(r.stderr, /USAGE_OUTPUT_IS_INPUT/);
  assert.equal(readFileSync(input), bytes);
});

test.run();
