// Start-up loads only what the command line needs (issue 18): `--version`, `--help` and a usage
// error load commander and the CLI wiring, never a command body, the reader or ajv; `validate`
// of a policy without input uses the validator compiled at build time (no ajv compiler) and no
// reader. Each run records the modules it loaded (test/helpers/record-modules.mjs).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { BIN, ROOT, fixture, tempDir } from '../helpers/cli.js';

const dir = tempDir();
let n = 0;
function loaded(args: string[]): { code: number; stdout: string; modules: string[] } {
  const log = join(dir, `modules-${n++}.txt`);
  rmSync(log, { force: true });
  const r = spawnSync(process.execPath, ['--import', join(ROOT, 'test/helpers/record-modules.mjs'), BIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1', KANON_MODULE_LOG: log },
  });
  const modules = readFileSync(log, 'utf8').split('\n').filter(Boolean);
  return { code: r.status ?? -1, stdout: r.stdout.toString(), modules };
}
const matching = (modules: string[], re: RegExp): string[] => modules.filter((m) => re.test(m));
const COMMANDS = /\/dist\/commands\//;
const AJV = /node_modules\/ajv\//;
const READER = /\/dist\/io\/read|csv-parse/;

test('the module log sees the CLI itself (the recorder works)', () => {
  const r = loaded(['--version']);
  assert.ok(matching(r.modules, /\/dist\/cli\/main\.js$/).length === 1, 'main.js is in the log');
  assert.ok(matching(r.modules, /commander/).length > 0, 'commander is in the log');
});

test('--version loads no command, no reader and no ajv', () => {
  const r = loaded(['--version']);
  assert.is(r.code, 0);
  assert.match(r.stdout, /^\d+\.\d+\.\d+\n$/);
  assert.equal(matching(r.modules, COMMANDS), []);
  assert.equal(matching(r.modules, AJV), []);
  assert.equal(matching(r.modules, READER), []);
});

test('--help and a command’s --help load no command', () => {
  for (const args of [['--help'], ['run', '--help'], ['validate', '--help']]) {
    const r = loaded(args);
    assert.is(r.code, 0, args.join(' '));
    assert.match(r.stdout, /Usage: kanon/);
    assert.equal(matching(r.modules, COMMANDS), [], args.join(' '));
    assert.equal(matching(r.modules, AJV), [], args.join(' '));
  }
});

test('validate of a policy without input loads validate only, and not the ajv compiler', () => {
  const r = loaded(['validate', '--policy', fixture('people.policy.json')]);
  assert.is(r.code, 0);
  assert.equal(
    matching(r.modules, COMMANDS).map((m) => m.replace(/.*\/dist\//, '')),
    ['commands/validate.js'],
  );
  // The precompiled validator needs two small ajv runtime helpers, never ajv's compiler.
  assert.equal(matching(r.modules, /node_modules\/ajv\/dist\/(compile|core|ajv)/), []);
  assert.equal(matching(r.modules, READER), []);
});

test('run loads its command when it runs', () => {
  const r = loaded(['run', fixture('people.csv'), '--policy', fixture('people.policy.json'), '-q']);
  assert.is(r.code, 0);
  assert.ok(matching(r.modules, /\/dist\/commands\/run\.js$/).length === 1);
});

test.after(() => rmSync(dir, { recursive: true, force: true }));
test.run();
