// JSON values are the source text (issue 11, item 5): numbers are never turned into doubles.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readAll, rejection } from '../helpers/read.js';
import { mulberry32 } from '../../src/prng.js';

const NUMS = '{"id":12345678901234567890,"x":3.10,"y":1e2,"z":-0.0,"w":1E-7,"t":true,"f":false,"n":null}';
const VALUES = ['12345678901234567890', '3.10', '1e2', '-0.0', '1E-7', 'true', 'false', ''];

test('NDJSON and JSON numbers keep their source text, byte by byte', async () => {
  const nd = `${NUMS}\n{"id":12345678901234567891,"x":0,"y":2,"z":3,"w":4,"t":true,"f":false,"n":null}\n`;
  const arr = `[${NUMS},\n{"id":12345678901234567891,"x":0,"y":2,"z":3,"w":4,"t":true,"f":false,"n":null}]`;
  for (const [text, format] of [
    [nd, 'ndjson'],
    [arr, 'json'],
  ] as const) {
    for (const chunk of [1, 3, 1000]) {
      const t = await readAll(text, { format, chunk });
      assert.equal(t.rows[0], VALUES, `${format} chunk ${chunk}`);
      assert.is(t.rows[1]![0], '12345678901234567891');
      assert.is.not(t.rows[0]![0], t.rows[1]![0]);
    }
  }
});

test('keys keep their source order and built-in property names are plain columns', async () => {
  const t = await readAll('{"b":1,"2":2,"__proto__":3,"constructor":4}\n{"constructor":"c","__proto__":"p"}\n', { format: 'ndjson' });
  assert.equal(t.header, ['b', '2', '__proto__', 'constructor']);
  assert.equal(t.rows, [
    ['1', '2', '3', '4'],
    ['', '', 'p', 'c'],
  ]);
});

test('strings are decoded like JSON.parse (random escapes, unicode, white space around tokens)', async () => {
  const r = mulberry32(7);
  const alphabet = ['a', '"', '\\', '\n', '\t', '\u0001', 'é', '😀', '\u2028', '/', ' ', '\ud800'];
  for (let n = 0; n < 200; n++) {
    const vals = Array.from({ length: 3 }, () => Array.from({ length: Math.floor(r() * 6) }, () => alphabet[Math.floor(r() * alphabet.length)]).join(''));
    const text = ' { "a" : ' + JSON.stringify(vals[0]) + ' ,\t"b":' + JSON.stringify(vals[1]) + ',"c":' + JSON.stringify(vals[2]) + ' } ';
    const t = await readAll(text + '\n', { format: 'ndjson' });
    assert.equal(t.rows[0], vals, text);
  }
});

test('malformed JSON is INPUT_JSON_SYNTAX with its line; wrong shapes are INPUT_JSON_SHAPE', async () => {
  const head = '{"a":1}\n';
  const bad = [
    '{"a":01}',
    '{"a":1.}',
    '{"a":.5}',
    '{"a":+1}',
    '{"a":1e}',
    '{"a":tru}',
    '{"a":"x\ty"}',
    '{"a":"\\x"}',
    '{"a":1,}',
    '{"a":1} x',
    '{a:1}',
    '{"a":1',
    '{"a":NaN}',
    '{"a":- 1}',
  ];
  for (const b of bad) {
    const e = await rejection(() => readAll(head + '\n' + b + '\n', { format: 'ndjson' }));
    assert.is(e.code, 'INPUT_JSON_SYNTAX', b);
    assert.is(e.where.line, 3, b);
  }
  const shapes = ['[1]', '5', '"s"', '{"a":{"b":1}}', '{"a":[1]}', '{"z":1}', '{"a":1,"a":2}'];
  for (const b of shapes) {
    const e = await rejection(() => readAll(head + b + '\n', { format: 'ndjson' }));
    assert.is(e.code, 'INPUT_JSON_SHAPE', b);
    assert.is(e.where.line, 2, b);
    assert.not.match(e.message, /"z"/);
  }
});

test.run();
