// The byte lane (src/parallel/lane.ts) against the scanner's way (the same piece runner with the
// lane off): on random pieces — LF, CRLF and CR, blank lines, a last record without its
// delimiter, formula-like and non-ASCII cells, now and then a quote, a stray CR or LF or a wrong
// field count (pieces the lane must refuse) — both give the same bytes, counts and lines, or
// the same error (code, line, column). Operators: released as is, mask, hmac, ff1 (which fails
// on a cell that is not digits), dateShift (which reads another column), drop; and a plan-like
// drop decision reading other columns.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { KanonError } from '../../src/errors.js';
import { keyRingOf } from '../../src/keys.js';
import { bindPolicy } from '../../src/policy/bind.js';
import { parsePolicy } from '../../src/policy/load.js';
import { compileRowPipeline } from '../../src/pipeline.js';
import { pieceRunner, type PieceSetup } from '../../src/parallel/piece.js';
import { createLane } from '../../src/parallel/lane.js';
import { NotPlanned } from '../../src/plan/release.js';
import type { RecordDelimiter } from '../../src/io/csv-scan.js';
import { csvFormatter } from '../../src/io/write.js';
import { ByteChunk } from '../../src/io/bytes.js';
import { mulberry32 } from '../../src/prng.js';

const HEADER = ['id', 'name', 'account', 'day', 'note', 'city', 'phone'];
const POLICY = parsePolicy(
  JSON.stringify({
    columns: {
      id: { role: 'insensitive' },
      name: { role: 'identifier', operator: 'hmac' },
      account: { role: 'identifier', operator: 'ff1' },
      day: { role: 'identifier', operator: 'dateShift', subject: 'id' },
      note: { role: 'insensitive' },
      city: { role: 'identifier', operator: 'mask', keepStart: 1 },
      phone: { role: 'identifier', operator: 'drop' },
    },
  }),
  'p.json',
);
const PASS = parsePolicy(JSON.stringify({ columns: Object.fromEntries(HEADER.map((h) => [h, { role: 'insensitive' }])) }), 'pass.json');
const keys = keyRingOf(new Map([['default', Buffer.alloc(32, 7)]]));

const NOTES = [
  'plain',
  '',
  '=1+2',
  '-12',
  '+3.5e2',
  '@x',
  '\tx',
  'é€😀 ünï',
  'a;b',
  'Zürich',
  '-',
  '+',
  '-.5',
  '+1e',
  '1.',
  '-1.e5',
  '+-1',
  '-.',
  '-1e+5',
  '+1E-07x',
  '@é',
];
const RDS: [RecordDelimiter, string][] = [
  ['lf', '\n'],
  ['crlf', '\r\n'],
  ['cr', '\r'],
];

function table(rnd: () => number, rows: number, rd: string, faults: boolean): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const lines: string[] = [];
  for (let i = 0; i < rows; i++) {
    if (rnd() < 0.03) {
      lines.push('');
      continue;
    }
    const account = faults && rnd() < 0.01 ? '12x4' : String(1000000 + Math.floor(rnd() * 9e6));
    const day = `20${10 + Math.floor(rnd() * 15)}-0${1 + Math.floor(rnd() * 9)}-1${Math.floor(rnd() * 9)}`;
    const cells = [String(Math.floor(rnd() * 50)), pick(['Ann', 'Bo', 'Émile', '']), account, day, pick(NOTES), pick(['Oslo', 'Köln', '']), '555'];
    if (faults && rnd() < 0.01) cells.pop(); // a wrong field count
    if (faults && rnd() < 0.01) cells[4] = '"quoted, note"';
    if (faults && rnd() < 0.005) cells[4] = rd === '\n' ? 'stray\rcr' : 'stray\nlf';
    lines.push(cells.join(','));
  }
  return lines.join(rd) + (rnd() < 0.5 ? rd : '');
}

type Outcome = { out: string; recordsIn: number; recordsOut: number; lines: number } | { error: string };

function runBoth(setup: Omit<PieceSetup, 'lane'>, bytes: Buffer, last: boolean): [Outcome, Outcome] {
  const res: Outcome[] = [];
  for (const lane of [true, false]) {
    const run = pieceRunner({ ...setup, lane });
    try {
      const r = run({ seq: 0, bytes, last, sample: 0 });
      res.push({ out: Buffer.from(r.out, r.outOffset, r.outLength).toString('latin1'), recordsIn: r.recordsIn, recordsOut: r.recordsOut, lines: r.lines });
    } catch (e) {
      if (!(e instanceof KanonError)) throw e;
      res.push({ error: `${e.code} ${e.where.line} ${e.where.column ?? ''} ${e.message}` });
    }
  }
  return [res[0]!, res[1]!];
}

function setupFor(
  policy: typeof POLICY,
  rd: RecordDelimiter,
  opts: { outDelimiter?: string; escape?: boolean; drop?: boolean } = {},
): Omit<PieceSetup, 'lane'> {
  const stats = { collisions: 0 };
  const bound = bindPolicy(policy, HEADER, 'in.csv');
  const pipeline = compileRowPipeline(bound, { keys, stats });
  // A plan-like decision reading columns no closure reads: leave out rows whose note is "-",
  // and refuse (NotPlanned) a record whose city is "Oslo" and id is "13".
  const drop = (row: readonly string[]): boolean => {
    if (row[5] === 'Oslo' && row[0] === '13') throw new NotPlanned();
    return row[4] === '-';
  };
  return {
    pipeline,
    stats,
    header: HEADER,
    file: 'in.csv',
    read: { delimiter: 44, recordDelimiter: rd, maxRecordSize: 1 << 20 },
    write: { format: 'csv', delimiter: opts.outDelimiter ?? ',', escapeFormulas: opts.escape ?? true },
    ...(opts.drop ? { drop, dropReads: [0, 4, 5] } : {}),
  };
}

/** The lane of the all-insensitive policy for `rd` input (CSV out, ',', formulas escaped). */
function passLane(rd: RecordDelimiter) {
  return createLane({
    pipeline: setupFor(PASS, rd).pipeline,
    header: HEADER,
    file: 'in.csv',
    delimiter: 44,
    recordDelimiter: rd,
    maxRecordSize: 1 << 20,
    outDelimiter: ',',
    escapeFormulas: true,
    cell: csvFormatter(',', true).cell,
    reads: [],
  })!;
}

test('the lane writes what scan → transform → format writes, or fails the same way', () => {
  const rnd = mulberry32(20261202);
  let compared = 0,
    errors = 0,
    laned = 0;
  for (let round = 0; round < 240; round++) {
    const [rd, rdText] = RDS[round % 3]!;
    const faults = round % 4 === 3;
    const text = table(rnd, 1 + Math.floor(rnd() * 60), rdText, faults);
    const last = !text.endsWith(rdText) || rnd() < 0.5;
    const bytes = Buffer.from(text, 'utf8');
    for (const [policy, opts] of [
      [POLICY, {}],
      [POLICY, { escape: false }],
      [POLICY, { drop: true }],
      [PASS, {}],
      [PASS, { outDelimiter: ';' }],
    ] as const) {
      const s = setupFor(policy, rd, opts);
      const [a, b] = runBoth(s, bytes, last);
      assert.equal(a, b, `round ${round} ${rd} ${JSON.stringify(opts)}`);
      compared++;
      if ('error' in a) errors++;
    }
    // Whether the lane took the clean pieces at all (else the comparison proves little).
    if (passLane(rd)(bytes, last, new ByteChunk()) !== null) laned++;
  }
  assert.ok(compared === 1200);
  assert.ok(errors > 10, `some pieces fail (${errors})`);
  assert.ok(laned > 120, `the lane took most pieces (${laned} of 240)`);
});

test('a clean CR LF piece takes the lane; one with a lone CR does not, and is written as the formatter writes it', () => {
  // (recordsOf once looked for LF as the CR LF terminator, so no CR LF piece ever took the lane)
  const lane = passLane('crlf');
  const clean = Buffer.from('1,Ann,1234567,2020-01-01,-1e5,Oslo,555\r\n2,Bo,1234567,2020-01-02,=x,Köln,555\r\n');
  const out = new ByteChunk();
  assert.equal(lane(clean, true, out), { recordsIn: 2, recordsOut: 2, lines: 2 });
  assert.is(out.buf.toString('utf8', 0, out.pos), "1,Ann,1234567,2020-01-01,-1e5,Oslo,555\n2,Bo,1234567,2020-01-02,'=x,Köln,555\n");
  assert.is(lane(Buffer.from('1,Ann,1234567,2020-01-01,-\r1,Oslo,555\r\n'), true, new ByteChunk()), null);
  for (const note of ['-\r1', '=a\rb', '-1\r', 'x\ry']) {
    const text = `1,Ann,1234567,2020-01-01,${note},Oslo,555\r\n2,Bo,1234567,2020-01-02,-12,Köln,555\r\n`;
    for (const esc of [true, false]) {
      const [a, b] = runBoth(setupFor(PASS, 'crlf', { escape: esc }), Buffer.from(text, 'utf8'), true);
      assert.equal(a, b, JSON.stringify(note));
    }
  }
});

test('the lane refuses what it cannot prove the same: a quote, a stray CR, a short record, another output delimiter', () => {
  const s = setupFor(PASS, 'lf');
  const mk = (outDelimiter: string) =>
    createLane({
      pipeline: s.pipeline,
      header: HEADER,
      file: 'in.csv',
      delimiter: 44,
      recordDelimiter: 'lf',
      maxRecordSize: 1 << 20,
      outDelimiter,
      escapeFormulas: true,
      cell: csvFormatter(outDelimiter, true).cell,
      reads: [],
    });
  assert.is(mk(';'), null);
  const lane = mk(',')!;
  const ok = 'a,b,c,d,e,f,g\n';
  assert.ok(lane(Buffer.from(ok), true, new ByteChunk()) !== null);
  for (const bad of ['a,b,"c",d,e,f,g\n', 'a,b,c\r,d,e,f,g\n', 'a,b,c,d,e,f\n', 'a,b,c,d,e,f,g,h\n'])
    assert.is(lane(Buffer.from(bad), true, new ByteChunk()), null, JSON.stringify(bad));
  // An unfinished record in a piece that is not the last.
  assert.is(lane(Buffer.from('a,b,c,d,e,f,g'), false, new ByteChunk()), null);
});

test('hmac written from the cell bytes (CellBytes) equals the string way, with its byte cache and without', () => {
  // 70,000 distinct values (every 50th empty, every 97th non-ASCII): the byte cache fills
  // (65,536 entries: past that it starts again) until 65,536 lookups with few hits switch it
  // off, and the rest are hashed from their bytes uncached. Prefixes: none, a plain one, one the formula escape rewrites ("=") and one
  // that needs quoting (","): the lane must write the last two the string way.
  const rnd = mulberry32(7);
  const rows: string[] = [];
  for (let i = 0; i < 70_000; i++) {
    const name = i % 50 === 0 ? '' : i % 97 === 0 ? `Zoë ${i} 😀` : `n${i}-${Math.floor(rnd() * 1e9)}`;
    rows.push(`${i},${name},1234567,2020-01-01,x,Oslo,555`);
  }
  // And a column of repeats, so the cache stays on: 70,000 records of 5,000 values, then
  // 80,000 new ones (the cache starts again at 65,536), then the first values again.
  const again: string[] = [];
  for (let i = 0; i < 230_000; i++) {
    const v = i < 70_000 ? i % 5_000 : i < 150_000 ? i : i % 7_000;
    again.push(`${i},r${v},1234567,2020-01-01,x,Oslo,555`);
  }
  for (const [bytes, hm] of [Buffer.from(`${rows.join('\n')}\n`, 'utf8'), Buffer.from(`${again.join('\n')}\n`, 'utf8')].flatMap((b) =>
    [{}, { encoding: 'hex', length: 20 }, { encoding: 'base32', length: 26, prefix: 'pt_' }, { prefix: '=' }, { prefix: 'a,' }, { empty: 'transform' }].map(
      (hm) => [b, hm] as const,
    ),
  )) {
    const policy = parsePolicy(
      JSON.stringify({
        columns: { ...Object.fromEntries(HEADER.map((h) => [h, { role: 'insensitive' }])), name: { role: 'identifier', operator: 'hmac', ...hm } },
      }),
      'p.json',
    );
    const s = setupFor(policy, 'lf');
    const [a, b] = runBoth(s, bytes, true);
    assert.equal(a, b, JSON.stringify(hm));
    assert.ok('out' in a && a.recordsOut === bytes.toString('latin1').split('\n').length - 1);
    // And the byte form ran (or, for the prefixes a CSV writer changes, did not).
    const s2 = setupFor(policy, 'lf');
    const fb = s2.pipeline.fns[1]!.bytes!;
    let wrote = 0;
    const write = fb.write;
    fb.write = (src, x, y, out) => {
      write(src, x, y, out);
      wrote++;
    };
    const r = pieceRunner({ ...s2, lane: true })({ seq: 0, bytes, last: true, sample: 0 });
    assert.is(Buffer.from(r.out, r.outOffset, r.outLength).toString('latin1'), (a as { out: string }).out);
    const asIs = hm.prefix === undefined || hm.prefix === 'pt_';
    if (asIs) assert.ok(wrote > 4000, `${JSON.stringify(hm)}: ${wrote} written from bytes`);
    else assert.is(wrote, 0, JSON.stringify(hm));
  }
});

test.run();
