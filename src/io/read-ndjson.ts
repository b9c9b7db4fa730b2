// NDJSON reader: one flat JSON object per line; blank lines are skipped. The first record's
// keys are the header; a later record may omit a key (→ empty) but not add one.
// Lines are found on bytes with indexOf and an unfinished line is carried as a list of pieces,
// joined once when its LF arrives: linear in the input (issue 11, item 8: the old string
// `carry + chunk` then split was quadratic, a 32 MB line took 62 s). A line longer than the
// record limit is INPUT_RECORD_SIZE as soon as the carried bytes pass it, so a stream with no
// LF (`< /dev/zero`) fails after 16 MiB instead of growing without bound.
import { KanonError } from '../errors.js';
import type { Batch, ReadOptions } from './types.js';
import { parseRecord, type RowState } from './json-values.js';
import { MAX_RECORD_SIZE } from './read-csv.js';

const LF = 10;

export async function* readNdjson(chunks: AsyncIterable<Buffer>, opts: ReadOptions & { maxRecordSize?: number }, state: RowState): AsyncGenerator<Batch> {
  const max = opts.maxRecordSize ?? MAX_RECORD_SIZE;
  let carry: Buffer[] = [];
  let carryLen = 0;
  let lineNo = 0;
  let first = true;
  const tooLarge = (line: number): KanonError =>
    new KanonError('INPUT_RECORD_SIZE', 'a line is larger than the maximum record size (16 MiB)', { file: opts.file, line });
  const handle = (buf: Buffer, rows: string[][], lines: number[]): void => {
    lineNo++;
    let s = 0;
    let e = buf.length;
    if (e > s && buf[e - 1] === 13) e--;
    if (first) {
      if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) s = 3;
      first = false;
    }
    if (e - s > max) throw tooLarge(lineNo);
    const text = buf.toString('utf8', s, e);
    if (text.trim() === '') return;
    const where = { file: opts.file, line: lineNo };
    rows.push(parseRecord(text, state, where));
    lines.push(lineNo);
  };
  for await (const chunk of chunks) {
    const rows: string[][] = [];
    const lines: number[] = [];
    let pos = 0;
    for (;;) {
      const e = chunk.indexOf(LF, pos);
      if (e < 0) break;
      if (carryLen > 0) {
        carry.push(chunk.subarray(pos, e));
        const line = Buffer.concat(carry, carryLen + e - pos);
        carry = [];
        carryLen = 0;
        handle(line, rows, lines);
      } else {
        handle(chunk.subarray(pos, e), rows, lines);
      }
      pos = e + 1;
    }
    if (pos < chunk.length) {
      // Copied: a piece must not pin its whole input chunk while the line is unfinished.
      carry.push(Buffer.from(chunk.subarray(pos)));
      carryLen += chunk.length - pos;
      // +1: the line's CR, if any, is not part of the record.
      if (carryLen > max + 1 + (first ? 3 : 0)) throw tooLarge(lineNo + 1);
    }
    if (rows.length) yield { rows, lines };
  }
  const rows: string[][] = [];
  const lines: number[] = [];
  if (carryLen > 0) handle(Buffer.concat(carry, carryLen), rows, lines);
  if (rows.length) yield { rows, lines };
}
