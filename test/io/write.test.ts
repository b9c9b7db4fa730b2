import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PassThrough } from 'node:stream';
import { createWriter, escapeFormula } from '../../src/io/write.js';
import type { Format } from '../../src/io/types.js';

async function write(format: Format, header: string[], rows: string[][], opts: { delimiter?: string; escapeFormulas?: boolean } = {}): Promise<string> {
  const out = new PassThrough();
  let text = '';
  out.on('data', (c) => { text += c; });
  const w = createWriter(out, { format, header, delimiter: opts.delimiter ?? ',', escapeFormulas: opts.escapeFormulas ?? true });
  await w.write(rows);
  await w.end();
  return text;
}

test('formula-leading cells are prefixed with a quote; plain numbers are not', () => {
  for (const f of ['=1+1', '+cmd', '-x', '@SUM(A1)', '\tx', '\rx', '-', '+']) assert.is(escapeFormula(f), `'${f}`);
  for (const ok of ['-12', '+3.5', '-.5', '1e5', '-2E-3', 'a=b', '', 'x-1']) assert.is(escapeFormula(ok), ok);
});

test('CSV output quotes what needs quoting and escapes formulas by default', async () => {
  const s = await write('csv', ['a', 'b'], [['x,y', '=HYPERLINK("u")'], ['line\nbreak', '-7']]);
  assert.is(s, 'a,b\n"x,y","\'=HYPERLINK(""u"")"\n"line\nbreak",-7\n');
  const raw = await write('csv', ['a'], [['=1']], { escapeFormulas: false });
  assert.is(raw, 'a\n=1\n');
});

test('CSV output uses the given delimiter', async () => {
  assert.is(await write('csv', ['a', 'b'], [['1', '2;3']], { delimiter: ';' }), 'a;b\n1;"2;3"\n');
});

test('NDJSON and JSON writers produce parseable output with the header as keys', async () => {
  const nd = await write('ndjson', ['a', 'b'], [['1', 'x"y'], ['2', '']]);
  assert.equal(nd.trim().split('\n').map((l) => JSON.parse(l)), [{ a: '1', b: 'x"y' }, { a: '2', b: '' }]);
  const js = await write('json', ['a'], [['1'], ['2']]);
  assert.equal(JSON.parse(js), [{ a: '1' }, { a: '2' }]);
  assert.equal(JSON.parse(await write('json', ['a'], [])), []);
});

test.run();
