// Column names are data: a name that is a built-in property name (constructor, __proto__,
// toString…) must not crash a renderer (issue 11 item 4), and control characters in a name
// (ANSI escapes, bidi overrides) must never reach a terminal or a page raw (item 12).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sampleReport } from './sample-report.js';
import { renderJson } from '../../src/risk/render/json.js';
import { renderMarkdown } from '../../src/risk/render/markdown.js';
import { renderTerminal } from '../../src/risk/render/terminal.js';
import { renderHtml } from '../../src/risk/render/html.js';
import { kanon, tempDir } from '../helpers/cli.js';

const BUILTIN = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'isPrototypeOf'];
const ESC = '\u001b[31mRED\u001b[0m';
const BIDI = 'a\u202eb';

/** A report whose every column-name slot carries `a` and `b`. */
function reportWith(a: string, b: string) {
  return sampleReport({
    columns: [
      { name: 'name', role: 'identifier', operator: 'hmac' },
      { name: a, role: 'quasi', level: 2, maxLevel: 4 },
      { name: b, role: 'quasi', level: 1, maxLevel: 5 },
      { name: `${b}s`, role: 'sensitive' },
    ],
    loss: {
      metric: 'loss',
      value: 0.42,
      perColumn: Object.fromEntries([
        [a, 0.5],
        [b, 0.2],
      ]),
    },
    sensitive: [{ after: { column: `${b}s`, distinctL: 2, entropyL: 1.9, t: 0.15, distance: 'equal' } }],
    explanations: [
      { column: a, level: 2, lower: { level: 1, satisfiable: true, violatingRecords: 7, suppressed: 7 } },
      { column: b, level: 1, lower: { level: 0, satisfiable: false } },
    ],
    contributions: [
      { column: b, uniques: 6, uniquesWithout: 1, uniquesRemoved: 5, share: 5 / 6 },
      { column: a, uniques: 6, uniquesWithout: 4, uniquesRemoved: 2, share: 2 / 6 },
    ],
  });
}

const render = (r: ReturnType<typeof reportWith>) => ({
  json: renderJson(r),
  md: renderMarkdown(r, { gate: { passed: true, failures: [] } }),
  term: renderTerminal(r, { color: false, gate: { passed: true, failures: [] } }),
  color: renderTerminal(r, { color: true }),
  html: renderHtml(r),
});

for (const name of BUILTIN) {
  test(`a column named ${name} renders in every format with its own loss`, () => {
    const out = render(reportWith(name, 'zip'));
    // the loss of that column is its own (0.5), not a property inherited from Object.prototype
    assert.ok(out.term.includes(`${name}: level 2 of 4, loss 0.500`), out.term);
    assert.match(out.md, new RegExp(`\\| ${name.replace(/_/g, '\\\\_')} \\| quasi \\| level 2 of 4 \\| 0\\.5 \\|`));
    assert.ok(out.html.includes(`<td>${name}</td><td>quasi</td>`));
    assert.is(JSON.parse(out.json).loss.perColumn[name], 0.5);
    assert.ok(Object.hasOwn(JSON.parse(out.json).loss.perColumn, name));
  });
}

test('a column without a loss entry does not inherit one from Object.prototype', () => {
  const r = reportWith('constructor', 'toString');
  r.loss = { metric: 'loss', value: 0.1, perColumn: {} };
  const out = render(r);
  assert.not.match(out.term, /function|\[native code\]/);
  assert.not.match(out.md + out.html, /function|native code/);
});

const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

test('control characters in column names are escaped in the terminal summary (no color)', () => {
  const out = render(reportWith(ESC, BIDI));
  assert.not.match(out.term, CONTROL);
  assert.ok(out.term.includes('\\x1b[31mRED\\x1b[0m'), out.term);
  assert.ok(out.term.includes('a\\u202eb'));
});

test("with color the only escape codes are kanon's own (SGR around its text)", () => {
  const out = render(reportWith(ESC, BIDI));
  assert.not.ok(out.color.includes(ESC));
  assert.not.ok(out.color.includes('\u001b[31mRED'));
  assert.not.match(out.color, /[\u202a-\u202e]/);
});

test('markdown and html escape control characters; markdown also escapes table and markup characters', () => {
  const out = render(reportWith(ESC, 'x|y*<b>'));
  assert.not.match(out.md, CONTROL);
  assert.not.match(out.html, CONTROL);
  assert.ok(out.md.includes('x\\|y\\*\\<b\\>'));
  assert.not.ok(out.md.includes('x|y'));
  assert.not.ok(out.html.includes('<b>'));
  // the JSON keeps the exact name (JSON escapes control characters itself)
  assert.ok(JSON.parse(out.json).columns.some((c: { name: string }) => c.name === ESC));
  assert.not.match(out.json, /\u001b/);
});

// Through the real binary: a header with a built-in property name and an ANSI sequence,
// a policy naming both as quasi-identifiers.
test('kanon run with columns named constructor, __proto__ and an ANSI sequence: reports and summary', () => {
  const dir = tempDir();
  const header = ['constructor', '__proto__', ESC, 'toString'];
  const rows = Array.from({ length: 12 }, (_, i) => [String(20 + (i % 4)), i % 2 ? 'a' : 'b', String(i % 3), 'x']);
  const csv = [header.map((h) => `"${h}"`).join(','), ...rows.map((r) => r.join(','))].join('\n') + '\n';
  writeFileSync(join(dir, 'in.csv'), csv);
  const mask = { type: 'mask' };
  const policy = {
    columns: {
      constructor: { role: 'quasi', hierarchy: mask },
      __proto__: { role: 'quasi', hierarchy: mask },
      [ESC]: { role: 'quasi', hierarchy: mask },
      toString: { role: 'insensitive' },
    },
    privacy: { k: 2 },
  };
  // JSON.stringify of an object literal with a "__proto__" key would drop it: write by hand.
  const json = JSON.stringify(policy).replace('"columns":{', '"columns":{"__proto__":{"role":"quasi","hierarchy":{"type":"mask"}},');
  writeFileSync(join(dir, 'p.json'), json);
  const files = ['r.md', 'r.html', 'r.json'].map((f) => join(dir, f));
  const r = kanon(['run', join(dir, 'in.csv'), '-p', join(dir, 'p.json'), '-o', join(dir, 'out.csv'), '--summary', ...files.flatMap((f) => ['-r', f])]);
  assert.is(r.code, 0, r.stderr);
  assert.not.match(r.stderr, /INTERNAL/);
  assert.not.match(r.stderr, CONTROL);
  assert.ok(r.stderr.includes('\\x1b[31mRED\\x1b[0m'), r.stderr);
  assert.match(r.stderr, /constructor: level \d/);
  assert.match(r.stderr, /__proto__: level \d/);
  assert.match(r.stderr, /search: .*constructor=\d/);
  const [md, html, rj] = files.map((f) => readFileSync(f, 'utf8'));
  assert.not.match(md!, CONTROL);
  assert.not.match(html!, CONTROL);
  assert.match(md!, /\| constructor \| quasi \|/);
  assert.match(md!, /\| \\_\\_proto\\_\\_ \| quasi \|/);
  assert.match(html!, /<td>__proto__<\/td><td>quasi<\/td>/);
  const rep = JSON.parse(rj!);
  assert.ok(Object.hasOwn(rep.loss.perColumn, '__proto__'), 'per-column loss of __proto__ kept');
  assert.ok(Object.hasOwn(rep.loss.perColumn, 'constructor'));
});

test('an error naming a policy column with an ANSI sequence shows it escaped (policy path and name)', () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'in.csv'), 'a\n1\n');
  writeFileSync(join(dir, 'p.json'), JSON.stringify({ columns: { a: { role: 'insensitive' }, [ESC]: { role: 'insensitive' } } }));
  const r = kanon(['run', join(dir, 'in.csv'), '-p', join(dir, 'p.json'), '-o', join(dir, 'o.csv')]);
  assert.is(r.code, 2, r.stderr);
  assert.match(r.stderr, /POLICY_COLUMN_UNKNOWN/);
  assert.not.match(r.stderr, CONTROL);
  assert.ok(r.stderr.includes('\\x1b[31mRED'), r.stderr);
});

test.run();
