import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parsePolicy } from '../../src/policy/load.js';
import { bindPolicy } from '../../src/policy/bind.js';
import { findDuplicateKeys } from '../../src/policy/duplicate-keys.js';

function problems(text: string): { code: string; path?: string; message: string; where: { line?: number } }[] {
  try {
    parsePolicy(text, 'p.json');
  } catch (e: any) {
    return [e, ...e.more].map((x: any) => ({ code: x.code, path: x.where.path, message: x.message, where: x.where }));
  }
  return [];
}

test('accepts a minimal policy', () => {
  const p = parsePolicy('{"columns":{"a":{"role":"identifier","operator":"drop"},"b":{"role":"insensitive"}}}', 'p.json');
  assert.equal(
    p.columns.map((c) => c.name),
    ['a', 'b'],
  );
  assert.is(p.columns[0]!.configPath, '/columns/a');
  assert.is(p.sha256.length, 64);
});

test('an unknown key is POLICY_SCHEMA with its path and a suggestion', () => {
  const ps = problems('{"colums":{}}');
  assert.ok(ps.some((p) => p.code === 'POLICY_SCHEMA' && p.path === '/' && /did you mean "columns"/.test(p.message)));
  const op = problems('{"columns":{"a":{"role":"identifier","operator":"drop","with":"x"}}}');
  assert.equal(
    op.map((p) => [p.code, p.path]),
    [['POLICY_SCHEMA', '/columns/a']],
  );
});

test('an unknown role or operator lists the allowed ones', () => {
  const r = problems('{"columns":{"a":{"role":"identifer"}}}');
  assert.is(r[0]!.path, '/columns/a/role');
  assert.match(r[0]!.message, /"identifier"/);
  const o = problems('{"columns":{"a":{"role":"identifier","operator":"dorp"}}}');
  assert.is(o[0]!.path, '/columns/a/operator');
});

test('every problem is reported, not just the first', () => {
  const ps = problems('{"columns":{"a":{"role":"quasi"},"b":{"role":"insensitive","x":1}},"extra":true}');
  assert.is(ps.length, 3);
});

test('rejects a column listed twice (two roles), naming its line', () => {
  const ps = problems('{"columns":{\n"a":{"role":"insensitive"},\n"a":{"role":"identifier","operator":"drop"}}}');
  assert.is(ps[0]!.code, 'POLICY_SCHEMA');
  assert.is(ps[0]!.path, '/columns/a');
  assert.equal(findDuplicateKeys('{"x":[{"k":1,"k":2}],"y":{"k":"k"}}'), [{ path: '/x/0/k', line: 1 }]);
});

test('invalid JSON is POLICY_JSON with a line', () => {
  // The stray "}" after the comma is on line 4 (JSON.parse reports position 18).
  const ps = problems('{\n"columns": {\n}\n,}');
  assert.is(ps[0]!.code, 'POLICY_JSON');
  assert.is(ps[0]!.where.line, 4);
  assert.is(problems('{"columns": {}}\n\n\n  oops')[0]!.where.line, 4);
});

test('binding fails closed: columns without a role counted by position (never named), an entry naming no column', () => {
  const p = parsePolicy('{"columns":{"nmae":{"role":"identifier","operator":"drop"},"b":{"role":"insensitive"}}}', 'p.json');
  try {
    bindPolicy(p, ['name', 'b', 'c'], 'in.csv');
    assert.unreachable('should fail');
  } catch (e: any) {
    const all = [e, ...e.more].map((x: any) => [x.code, x.where.column, x.where.path]);
    // Unmatched header names are data until matched: one problem, no column named.
    assert.equal(all, [
      ['POLICY_COLUMN_MISSING', undefined, '/columns'],
      ['POLICY_COLUMN_UNKNOWN', 'nmae', '/columns/nmae'],
    ]);
    assert.not.match(e.message, /"name"|"c"/);
    // The close header name is suggested as a short prefix only, with its position.
    assert.match(e.more[0].message, /input column 1, "nam…"/);
  }
});

test('binding orders columns as in the input', () => {
  const p = parsePolicy('{"columns":{"b":{"role":"insensitive"},"a":{"role":"identifier","operator":"drop"}}}', 'p.json');
  const b = bindPolicy(p, ['a', 'b'], 'in.csv');
  assert.equal(
    b.columns.map((c) => [c.name, c.index]),
    [
      ['a', 0],
      ['b', 1],
    ],
  );
  assert.equal(
    b.byRole('identifier').map((c) => c.name),
    ['a'],
  );
});

test.run();
