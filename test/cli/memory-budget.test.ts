// A run that would pass its memory budget stops first with RESOURCE_LIMIT (exit 3), naming the
// structure, and writes nothing (issue 12; issue 11 item 10: many distinct quasi-identifier
// values used to end in a V8 out-of-memory crash, exit 134).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { kanon, tempDir } from '../helpers/cli.js';

const dir = tempDir();
const data = join(dir, 'wide.csv');
// 200,000 records whose quasi-identifier is unique per record: a large dictionary and tables.
const lines = ['id,code'];
for (let i = 0; i < 200_000; i++) lines.push(`${i},C${(i * 7919) % 1_000_003}`);
writeFileSync(data, lines.join('\n') + '\n');
const policy = join(dir, 'p.json');
writeFileSync(
  policy,
  JSON.stringify({
    columns: { id: { role: 'identifier', operator: 'drop' }, code: { role: 'quasi', hierarchy: { type: 'mask' } } },
    privacy: { k: 5, suppressionLimit: 0.05 },
  }),
);

test('a budget too small for the run: RESOURCE_LIMIT, exit 3, the structure named, no output file', () => {
  const out = join(dir, 'out', 'o.csv');
  const outDir = join(dir, 'out');
  mkdirSync(outDir);
  const r = kanon(['run', data, '-p', policy, '-o', out, '--max-memory', '8M']);
  assert.is(r.code, 3, r.stderr);
  assert.match(r.stderr, /kanon: error RESOURCE_LIMIT: .*(plan pass|class table|search)/);
  assert.match(r.stderr, /--max-memory/);
  assert.not.ok(existsSync(out));
  assert.equal(readdirSync(outDir), []);
});

test('the same run within a sufficient budget passes (the budget is what stopped it)', () => {
  const r = kanon(['run', data, '-p', policy, '-o', join(dir, 'ok.csv'), '--max-memory', '4G']);
  assert.is(r.code, 0, r.stderr);
});

test('audit honours --max-memory too', () => {
  const r = kanon(['audit', data, '--qi', 'code', '--max-memory', '8M']);
  assert.is(r.code, 3, r.stderr);
  assert.match(r.stderr, /RESOURCE_LIMIT/);
});

test.run();
