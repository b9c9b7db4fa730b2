import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readAll, rejection } from '../helpers/read.js';
import { sniffDelimiter, sniffFormat, formatFromPath } from '../../src/io/sniff.js';

const CSV = '\ufeffname;note\r\n"Ada";"line one\r\nline two"\r\nBob;"say ""hi"""\r\n';

test('reads CSV with BOM, CRLF, quotes and an embedded newline, byte by byte', async () => {
  for (const chunk of [1, 2, 7, 1000]) {
    const t = await readAll(CSV, { chunk });
    assert.equal(t.header, ['name', 'note']);
    assert.is(t.delimiter, ';');
    assert.equal(t.rows, [
      ['Ada', 'line one\r\nline two'],
      ['Bob', 'say "hi"'],
    ]);
  }
});

test('detects the delimiter among , ; tab | from the header', () => {
  assert.is(sniffDelimiter(Buffer.from('a,b,c\n1;2;3;4;5\n')), ',');
  assert.is(sniffDelimiter(Buffer.from('a;b;c\n')), ';');
  assert.is(sniffDelimiter(Buffer.from('a\tb\n')), '\t');
  assert.is(sniffDelimiter(Buffer.from('"x,y"|b|c\n')), '|');
  assert.is(sniffDelimiter(Buffer.from('single\n')), ',');
});

test('format comes from the extension, else from the first bytes', () => {
  assert.is(formatFromPath('a/b.JSONL'), 'ndjson');
  assert.is(formatFromPath('x.tsv'), 'csv');
  assert.is(formatFromPath('x.bin'), undefined);
  assert.is(sniffFormat(Buffer.from('  [{"a":1}]')), 'json');
  assert.is(sniffFormat(Buffer.from('\ufeff{"a":1}\n')), 'ndjson');
  assert.is(sniffFormat(Buffer.from('a,b\n')), 'csv');
});

test('skips blank lines and reports the input line of each record', async () => {
  const t = await readAll('a,b\n1,2\n\n"x\ny",3\n4,5');
  assert.equal(t.rows, [
    ['1', '2'],
    ['x\ny', '3'],
    ['4', '5'],
  ]);
  assert.is(t.lines[0], 2);
  assert.is(t.lines[2], 6);
});

test('a ragged row is INPUT_RECORD_LENGTH with its line', async () => {
  const e = await rejection(() => readAll('a,b\n1,2\n3,4,5\n'));
  assert.is(e.code, 'INPUT_RECORD_LENGTH');
  assert.is(e.where.line, 3);
  assert.match(e.message, /3 fields, the header has 2/);
});

test('an unclosed quote is INPUT_CSV_SYNTAX, and the message holds no cell', async () => {
  const e = await rejection(() => readAll('a,b\n1,"SECRETCELL\n', { chunk: 3 }));
  assert.is(e.code, 'INPUT_CSV_SYNTAX');
  assert.not.match(e.message, /SECRETCELL/);
});

test('a header with a repeated or empty name is INPUT_HEADER', async () => {
  assert.is((await rejection(() => readAll('a,a\n1,2\n'))).code, 'INPUT_HEADER');
  assert.is((await rejection(() => readAll('a,,c\n1,2,3\n'))).code, 'INPUT_HEADER');
});

test('empty input is INPUT_EMPTY', async () => {
  assert.is((await rejection(() => readAll(''))).code, 'INPUT_EMPTY');
  assert.is((await rejection(() => readAll('[]', { format: 'json' }))).code, 'INPUT_EMPTY');
});

test('a header-only CSV has no rows', async () => {
  const t = await readAll('a,b\r\n');
  assert.equal(t.header, ['a', 'b']);
  assert.equal(t.rows, []);
});

test('reads NDJSON: types become strings, null becomes empty, missing keys are empty', async () => {
  const t = await readAll('{"a":"x","b":1.5,"c":true}\r\n\n{"a":null,"c":false}\n{"b":-2,"a":"z","c":null}', { chunk: 5 });
  assert.is(t.format, 'ndjson');
  assert.equal(t.header, ['a', 'b', 'c']);
  assert.equal(t.rows, [
    ['x', '1.5', 'true'],
    ['', '', 'false'],
    ['z', '-2', ''],
  ]);
  assert.equal(t.lines, [1, 3, 4]);
});

test('NDJSON: bad JSON is INPUT_JSON_SYNTAX with its line, a new key or nesting INPUT_JSON_SHAPE', async () => {
  const bad = await rejection(() => readAll('{"a":"1"}\n{"a": SECRET}\n', { format: 'ndjson' }));
  assert.is(bad.code, 'INPUT_JSON_SYNTAX');
  assert.is(bad.where.line, 2);
  assert.not.match(bad.message, /SECRET/);
  const extra = await rejection(() => readAll('{"a":"1"}\n{"a":"2","b":"3"}\n', { format: 'ndjson' }));
  assert.is(extra.code, 'INPUT_JSON_SHAPE');
  assert.is(extra.where.column, undefined); // a key outside the header may be data: not named
  assert.is(extra.where.line, 2);
  const nested = await rejection(() => readAll('{"a":{"x":1}}\n', { format: 'ndjson' }));
  assert.is(nested.code, 'INPUT_JSON_SHAPE');
});

test('reads a JSON array of objects fed byte by byte, with braces and escapes inside strings', async () => {
  const text = '[\n {"a": "br{ace}\\"q", "b": 2},\n {"b": 3, "a": "]"}\n]\n';
  for (const chunk of [1, 3, 100]) {
    const t = await readAll(text, { chunk });
    assert.is(t.format, 'json');
    assert.equal(t.rows, [
      ['br{ace}"q', '2'],
      [']', '3'],
    ]);
    assert.equal(t.lines, [2, 3]);
  }
});

test('JSON array errors: not an array, unclosed, trailing comma, junk after the end', async () => {
  for (const bad of ['{"a":1}', '[{"a":1}', '[{"a":1},]', '[{"a":1}] x', '[{"a":1} {"a":2}]']) {
    const e = await rejection(() => readAll(bad, { format: 'json' }));
    assert.is(e.code, 'INPUT_JSON_SYNTAX', bad);
  }
});

test.run();
