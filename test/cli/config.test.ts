// argv × policy → configuration, through the real commander program (changesets' cli.test.ts
// shape): configFromArgv parses a command line and normalizes it without running anything.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { configFromArgv } from '../../src/cli/program.js';
import type { RunConfig } from '../../src/policy/normalize.js';
import { tempDir } from '../helpers/cli.js';

const dir = tempDir();
function policy(name: string, extra: Record<string, unknown>): string {
  const p = join(dir, `${name}.json`);
  writeFileSync(p, JSON.stringify({ ...extra, columns: { id: { role: 'identifier', operator: 'drop' }, v: { role: 'insensitive' } } }));
  return p;
}
const BARE = policy('bare', {});
const STRICT = policy('strict', { input: { format: 'csv', delimiter: ';' }, output: { format: 'ndjson', escapeFormulas: false, failOnCollision: true } });

type Pick = (c: RunConfig) => unknown;
const write: Pick = (c) => ({ ...c.write });
const read: Pick = (c) => ({ ...c.read });

const TABLE: [string, string[], Pick, unknown][] = [
  ['defaults are fail-closed', ['run', 'in.csv', '-p', BARE], write, { escapeFormulas: true, failOnCollision: false }],
  ['the policy alone sets the output section', ['run', 'in.csv', '-p', STRICT], write, { format: 'ndjson', escapeFormulas: false, failOnCollision: true }],
  ['--escape-formulas given beats the policy', ['run', '-p', STRICT, '--escape-formulas'], (c) => c.write.escapeFormulas, true],
  ['--no-escape-formulas given beats the default', ['run', '-p', BARE, '--no-escape-formulas'], (c) => c.write.escapeFormulas, false],
  ['--no-fail-on-collision given beats the policy', ['run', '-p', STRICT, '--no-fail-on-collision'], (c) => c.write.failOnCollision, false],
  ['--fail-on-collision given beats the default', ['run', '-p', BARE, '--fail-on-collision'], (c) => c.write.failOnCollision, true],
  [
    "an unrelated flag leaves the policy's settings",
    ['run', '-p', STRICT, '--dry-run'],
    (c) => [c.write.escapeFormulas, c.write.failOnCollision, c.dryRun],
    [false, true, true],
  ],
  [
    '--to and --out-delimiter beat the policy',
    ['run', '-p', STRICT, '--to', 'csv', '--out-delimiter', 'tab'],
    write,
    { format: 'csv', delimiter: '\t', escapeFormulas: false, failOnCollision: true },
  ],
  ['input settings from the policy', ['run', '-p', STRICT], read, { format: 'csv', delimiter: ';' }],
  ["-f / -d beat the policy's input settings", ['run', '-p', STRICT, '-f', 'ndjson', '-d', '|'], read, { format: 'ndjson', delimiter: '|' }],
  [
    'input, output, reports, key files',
    ['run', 'a.csv', '-p', BARE, '-o', 'b.csv', '-r', 'r.json', '-r', 'r.md', '-k', 'k.hex'],
    (c) => [c.input, c.output, [...c.reports], [...c.keyFiles]],
    ['a.csv', 'b.csv', ['r.json', 'r.md'], ['k.hex']],
  ],
  ['--max-memory is parsed to bytes', ['run', '-p', BARE, '--max-memory', '2G'], (c) => c.maxMemory, 2 ** 31],
  ['reveal makes a reveal configuration', ['reveal', '-p', STRICT], (c) => c.mode, 'reveal'],
  ['run without quasi-identifiers has no privacy section', ['run', '-p', BARE], (c) => c.privacy, undefined],
];

for (const [name, argv, pick, want] of TABLE) {
  test(`argv → config: ${name}`, async () => {
    const c = await configFromArgv(argv);
    assert.equal(pick(c), want);
  });
}

test('the configuration is frozen', async () => {
  const c = await configFromArgv(['run', '-p', STRICT]);
  assert.ok(Object.isFrozen(c) && Object.isFrozen(c.write) && Object.isFrozen(c.read) && Object.isFrozen(c.columns));
});

test('a policy problem surfaces as its code from the same entry point', async () => {
  const bad = join(dir, 'bad.json');
  writeFileSync(bad, JSON.stringify({ columns: { id: { role: 'identifier', operator: 'hmac', encoding: 'base62', length: 50 } } }));
  try {
    await configFromArgv(['run', '-p', bad]);
    assert.unreachable();
  } catch (e) {
    assert.is((e as { code: string }).code, 'POLICY_INVALID');
    assert.is((e as { where: { path: string } }).where.path, '/columns/id/length');
  }
});

test.run();
