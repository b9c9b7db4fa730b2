// The plan pass by pieces and bytes (src/plan/plan.ts encodePieces) against the plan pass over
// the scanner's records (KANON_LANE=0): on random tables cut into small pieces (LF, CRLF, CR,
// blank lines, multi-byte values, a last record without its delimiter, now and then a quoted
// field, a short record or a value missing from a tree hierarchy), the same encoded table —
// codes, values, first lines, records — and the same sample, or the same error (code, line).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Readable } from 'node:stream';
import { KanonError } from '../../src/errors.js';
import { openTable } from '../../src/io/read.js';
import { loadHierarchy } from '../../src/hierarchy/load.js';
import { encodePass } from '../../src/plan/plan.js';
import { mulberry32 } from '../../src/prng.js';

const progress = { phase() {}, add() {} };
const at = (p: string) => ({ baseDir: '.', configPath: p });
const cols = {
  quasi: [
    { col: { name: 'age', index: 1 }, hierarchy: loadHierarchy({ type: 'interval', widths: [10, 20] }, at('/columns/age/hierarchy')) },
    {
      col: { name: 'city', index: 3 },
      hierarchy: loadHierarchy({ type: 'tree', groups: { North: ['Oslo', 'Tromsø'], South: ['Köln', 'Zürich', ''] } }, at('/columns/city/hierarchy')),
    },
  ],
  sensitive: [{ col: { name: 'diag', index: 2 } }],
};

async function encodeBoth(text: string, pieceBytes: number, withSample: boolean): Promise<[string, string]> {
  const out: string[] = [];
  for (const lane of ['1', '0']) {
    process.env.KANON_LANE = lane;
    process.env.KANON_PIECE_BYTES = String(pieceBytes);
    try {
      const buf = Buffer.from(text, 'utf8');
      const parts: Buffer[] = [];
      for (let i = 0; i < buf.length; i += 97) parts.push(buf.subarray(i, i + 97));
      const table = await openTable(Readable.from(parts), { file: 'in.csv', format: 'csv', split: true });
      // The first SAMPLE_ROWS records are read as records either way; without a sample, none.
      const sample: string[][] | undefined = withSample ? [] : undefined;
      const enc = await encodePass(table, 'in.csv', cols, progress, undefined, sample);
      out.push(
        JSON.stringify({
          rows: enc.rows,
          records: enc.records,
          quasi: enc.quasi.map((q) => ({ values: q.values, codes: [...q.codes], levels: q.levels })),
          sensitive: enc.sensitive.map((s) => ({ values: s.values, codes: [...s.codes] })),
          sample,
        }),
      );
    } catch (e) {
      if (!(e instanceof KanonError)) throw e;
      out.push(`${e.code} ${e.where.line} ${e.where.column ?? ''} ${e.message}`);
    } finally {
      delete process.env.KANON_LANE;
      delete process.env.KANON_PIECE_BYTES;
    }
  }
  return [out[0]!, out[1]!];
}

test('the plan pass by bytes encodes what the plan pass over records encodes, or fails the same way', async () => {
  const rnd = mulberry32(42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  let errors = 0;
  for (let round = 0; round < 60; round++) {
    const rd = pick(['\n', '\r\n', '\r']);
    const faults = round % 3 === 2;
    const lines = ['id,age,diag,city'];
    const n = 200 + Math.floor(rnd() * 2500);
    // One fault in a fault round, anywhere (mostly past the first pieces): its line must agree.
    const faultAt = faults ? Math.floor(rnd() * n) : -1;
    const faultKind = rnd() < 0.5 ? 'city' : 'short';
    for (let i = 0; i < n; i++) {
      if (rnd() < 0.02) {
        lines.push('');
        continue;
      }
      let city = pick(['Oslo', 'Tromsø', 'Köln', 'Zürich', '']);
      if (i === faultAt && faultKind === 'city') city = 'Atlantis'; // not in the hierarchy
      const cells = [String(i), String(Math.floor(rnd() * 90)), pick(['flu', 'cold', 'é-ache']), city];
      if (i === faultAt && faultKind === 'short') cells.pop();
      if (rnd() < 0.003) cells[2] = '"quoted, diag"';
      lines.push(cells.join(','));
    }
    const text = lines.join(rd) + (rnd() < 0.5 ? rd : '');
    const [a, b] = await encodeBoth(text, 200 + Math.floor(rnd() * 4000), round % 2 === 0);
    assert.is(a, b, `round ${round}`);
    if (!a.startsWith('{')) errors++;
  }
  assert.ok(errors > 3, `some tables fail (${errors})`);
});

test.run();
