// The policy's output section is honoured on its own; a flag given overrides it, a flag not
// given does not (issue 10: failOnCollision and escapeFormulas failed open).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { kanon, tempDir } from '../helpers/cli.js';

const KEY = 'ab'.repeat(32);

// 200,000 distinct values under 32-bit tokens (hex, 8 characters): a few birthday collisions
// (expected n²/2³³ ≈ 4.7), deterministic for a fixed key.
function collisionCase(output: Record<string, unknown>): { dir: string; input: string; policy: string; out: string } {
  const dir = tempDir();
  const input = join(dir, 'ids.csv');
  const rows = ['id'];
  for (let i = 0; i < 200_000; i++) rows.push(`p${i}`);
  writeFileSync(input, rows.join('\n') + '\n');
  const policy = join(dir, 'p.json');
  writeFileSync(policy, JSON.stringify({ output, columns: { id: { role: 'identifier', operator: 'hmac', encoding: 'hex', length: 8 } } }));
  return { dir, input, policy, out: join(dir, 'out.csv') };
}

test('output.failOnCollision from the policy alone: exit 4 TOKEN_COLLISION, no output file', () => {
  const c = collisionCase({ failOnCollision: true });
  const r = kanon(['run', c.input, '-p', c.policy, '-o', c.out], { env: { KANON_KEY: KEY } });
  assert.is(r.code, 4, r.stderr);
  assert.match(r.stderr, /TOKEN_COLLISION/);
  assert.not.ok(existsSync(c.out));
  // --no-fail-on-collision given overrides the policy: the file is written, with a warning.
  const w = kanon(['run', c.input, '-p', c.policy, '-o', c.out, '--no-fail-on-collision'], { env: { KANON_KEY: KEY } });
  assert.is(w.code, 0, w.stderr);
  assert.ok(existsSync(c.out));
  assert.match(w.stderr, /collision/);
});

test('no failOnCollision in the policy: collisions warn; --fail-on-collision given makes them fatal', () => {
  const c = collisionCase({});
  const r = kanon(['run', c.input, '-p', c.policy, '-o', c.out], { env: { KANON_KEY: KEY } });
  assert.is(r.code, 0, r.stderr);
  assert.ok(existsSync(c.out));
  const f = kanon(['run', c.input, '-p', c.policy, '-o', join(c.dir, 'o2.csv'), '--fail-on-collision'], { env: { KANON_KEY: KEY } });
  assert.is(f.code, 4, f.stderr);
  assert.not.ok(existsSync(join(c.dir, 'o2.csv')));
});

function formulaCase(output: Record<string, unknown>): { input: string; policy: string } {
  const dir = tempDir();
  const input = join(dir, 'f.csv');
  writeFileSync(input, 'id,note\n1,=SUM(A1)\n2,plain\n');
  const policy = join(dir, 'p.json');
  writeFileSync(policy, JSON.stringify({ output, columns: { id: { role: 'insensitive' }, note: { role: 'insensitive' } } }));
  return { input, policy };
}

test('output.escapeFormulas false from the policy alone: cells are written as they are', () => {
  const c = formulaCase({ escapeFormulas: false });
  const r = kanon(['run', c.input, '-p', c.policy]);
  assert.is(r.code, 0, r.stderr);
  assert.is(r.stdout.split('\n')[1], '1,=SUM(A1)');
  // --escape-formulas given overrides the policy.
  const e = kanon(['run', c.input, '-p', c.policy, '--escape-formulas']);
  assert.is(e.stdout.split('\n')[1], "1,'=SUM(A1)");
});

test('escapeFormulas: default on; --no-escape-formulas given turns it off; policy true + no flag stays on', () => {
  const d = formulaCase({});
  assert.is(kanon(['run', d.input, '-p', d.policy]).stdout.split('\n')[1], "1,'=SUM(A1)");
  assert.is(kanon(['run', d.input, '-p', d.policy, '--no-escape-formulas']).stdout.split('\n')[1], '1,=SUM(A1)');
  const t = formulaCase({ escapeFormulas: true });
  assert.is(kanon(['run', t.input, '-p', t.policy]).stdout.split('\n')[1], "1,'=SUM(A1)");
  assert.is(kanon(['run', t.input, '-p', t.policy, '--no-escape-formulas']).stdout.split('\n')[1], '1,=SUM(A1)');
});

test('--report naming the input, -o or --report naming the policy: USAGE_OUTPUT_IS_INPUT, both files intact', () => {
  const c = formulaCase({});
  // A JSON input: a report file (.json) could name it.
  c.input = c.input.replace(/\.csv$/, '.json');
  writeFileSync(c.input, JSON.stringify([{ id: '1', note: 'x' }]));
  const input = readFileSync(c.input, 'utf8');
  const policy = readFileSync(c.policy, 'utf8');
  for (const args of [
    ['-r', c.input],
    ['-o', c.policy],
    ['-r', c.policy.replace(/p\.json$/, './p.json')],
  ]) {
    const r = kanon(['run', c.input, '-p', c.policy, ...args]);
    assert.is(r.code, 2, r.stderr);
    assert.match(r.stderr, /USAGE_OUTPUT_IS_INPUT/);
    assert.is(readFileSync(c.input, 'utf8'), input);
    assert.is(readFileSync(c.policy, 'utf8'), policy);
  }
});

test.run();
