// NDJSON reader: one flat JSON object per line; blank lines are skipped. The first record's
// keys are the header; a later record may omit a key (→ empty) but not add one.
import type { Batch, ReadOptions } from './types.js';
import { objectToRow, parseJsonText } from './json-values.js';

export async function* readNdjson(
  chunks: AsyncIterable<Buffer>,
  opts: ReadOptions,
  state: { header?: string[]; index?: Map<string, number> },
): AsyncGenerator<Batch> {
  let carry = '';
  let lineNo = 0;
  const decoder = new TextDecoder('utf-8');
  let first = true;
  const handle = (text: string, rows: string[][], lines: number[]): void => {
    lineNo++;
    let t = text.endsWith('\r') ? text.slice(0, -1) : text;
    if (first) { if (t.charCodeAt(0) === 0xfeff) t = t.slice(1); first = false; }
    if (t.trim() === '') return;
    const where = { file: opts.file, line: lineNo };
    rows.push(objectToRow(parseJsonText(t, where), state, where));
    lines.push(lineNo);
  };
  for await (const chunk of chunks) {
    const text = carry + decoder.decode(chunk, { stream: true });
    const parts = text.split('\n');
    carry = parts.pop()!;
    const rows: string[][] = [];
    const lines: number[] = [];
    for (const p of parts) handle(p, rows, lines);
    if (rows.length) yield { rows, lines };
  }
  carry += decoder.decode();
  const rows: string[][] = [];
  const lines: number[] = [];
  if (carry.length) handle(carry, rows, lines);
  if (rows.length) yield { rows, lines };
}
