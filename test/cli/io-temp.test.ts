// Temp files and disk trouble through the real binary (issue 11 items 6 and 9): the stdin spool
// has no name on disk while kanon reads it, SIGKILL leaves no copy of the input, a stale output
// temp of a killed run is swept by the next run, a full disk or a bad TMPDIR is a coded error.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { BIN, fixture, kanon, tempDir } from '../helpers/cli.js';
import { mountTmpfs, skipped } from '../io/tmpfs.js';

const ADULT = readFileSync(fixture('adult', 'adult.csv'));
const PLANNED = fixture('adult.policy.json');
const DROP = fixture('adult-drop.policy.json');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function start(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c) => {
    stderr += c;
  });
  child.stdout.resume();
  const exit = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  return { child, exit, stderr: () => stderr };
}

function openFds(pid: number): string[] {
  try {
    return readdirSync(`/proc/${pid}/fd`).map((fd) => {
      try {
        return readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        return '';
      }
    });
  } catch {
    return [];
  }
}

test('the stdin spool has no name on disk while the run reads it (an open, deleted file)', async () => {
  const tmp = tempDir();
  const run = start(['run', '-p', PLANNED, '--dry-run', '-'], { TMPDIR: tmp });
  run.child.stdin.write(ADULT.subarray(0, ADULT.length >> 1));
  let fds: string[] = [];
  for (let i = 0; i < 200 && !fds.some((l) => l.includes('kanon-spool-')); i++) {
    await sleep(25);
    fds = openFds(run.child.pid!);
  }
  assert.equal(readdirSync(tmp), []); // mid-copy: nothing with a name
  if (existsSync('/proc/self/fd'))
    assert.ok(
      fds.some((l) => /kanon-spool-.*\/input \(deleted\)$/.test(l)),
      fds.join('\n'),
    );
  run.child.stdin.end(ADULT.subarray(ADULT.length >> 1));
  assert.is(await run.exit, 0, run.stderr());
  assert.equal(readdirSync(tmp), []);
});

test('SIGKILL during the export leaves no spool; its output temp is swept by the next run', async () => {
  const tmp = tempDir();
  const dir = tempDir();
  const out = join(dir, 'out.csv');
  const run = start(['run', '-p', PLANNED, '-o', out, '-'], { TMPDIR: tmp });
  run.child.stdin.end(ADULT);
  let temps: string[] = [];
  for (let i = 0; i < 2400 && temps.length === 0; i++) {
    await sleep(25);
    temps = readdirSync(dir).filter((f) => f.includes('.kanon-'));
  }
  assert.is(temps.length, 1, 'the export never started');
  run.child.kill('SIGKILL');
  await run.exit;
  assert.equal(readdirSync(tmp), []); // the spool died with the process
  assert.ok(existsSync(join(dir, temps[0]!))); // SIGKILL: no exit hook could remove it
  const again = kanon(['run', '-p', PLANNED, '-o', out, '-'], { input: ADULT, env: { TMPDIR: tmp } });
  assert.is(again.code, 0, again.stderr);
  assert.equal(readdirSync(dir), ['out.csv']);
});

test('a full disk under the output folder is OUTPUT_WRITE (exit 3) and leaves nothing', () => {
  const fs = mountTmpfs('64k');
  if (!fs) return skipped('disk full (CLI)');
  try {
    const out = join(fs.dir, 'out.csv');
    const r = kanon(['run', '-p', DROP, '-o', out, '-'], { input: ADULT });
    assert.is(r.code, 3, r.stderr);
    assert.match(r.stderr, /OUTPUT_WRITE: .*out\.csv/);
    assert.equal(readdirSync(fs.dir), []);
  } finally {
    fs.unmount();
  }
});

test('a missing or full TMPDIR when spooling stdin is INPUT_READ naming TMPDIR (exit 3)', () => {
  const r = kanon(['run', '-p', PLANNED, '--dry-run', '-'], { input: ADULT, env: { TMPDIR: '/nonexistent/kanon' } });
  assert.is(r.code, 3, r.stderr);
  assert.match(r.stderr, /INPUT_READ: .*TMPDIR \(\/nonexistent\/kanon\)/);
  const fs = mountTmpfs('64k');
  if (!fs) return skipped('full TMPDIR (CLI)');
  try {
    const f = kanon(['run', '-p', PLANNED, '--dry-run', '-'], { input: ADULT, env: { TMPDIR: fs.dir } });
    assert.is(f.code, 3, f.stderr);
    assert.match(f.stderr, /INPUT_READ: .*TMPDIR/);
    assert.equal(readdirSync(fs.dir), []);
  } finally {
    fs.unmount();
  }
});

test.run();
