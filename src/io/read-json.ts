// Streaming reader for a JSON array of flat objects: a small scanner finds each top-level
// object's text (tracking strings, escapes and nesting), which is then JSON.parse'd alone.
// Memory holds one record at a time, not the array.
import { KanonError } from '../errors.js';
import type { Batch, ReadOptions } from './types.js';
import { parseRecord, type RowState } from './json-values.js';
import { MAX_RECORD_SIZE } from './read-csv.js';

// Scanner states.
const S = { Start: 0, Between: 1, AfterValue: 2, InObject: 3, End: 4 } as const;
type State = (typeof S)[keyof typeof S];

export async function* readJsonArray(chunks: AsyncIterable<Buffer>, opts: ReadOptions & { maxRecordSize?: number }, state: RowState): AsyncGenerator<Batch> {
  const max = opts.maxRecordSize ?? MAX_RECORD_SIZE;
  let objLen = 0; // UTF-16 units of the current object held in objParts
  const decoder = new TextDecoder('utf-8');
  let s: State = S.Start;
  let line = 1;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let objParts: string[] = [];
  let objLine = 0;
  let first = true;
  const syntax = (what: string): KanonError => new KanonError('INPUT_JSON_SYNTAX', what, { file: opts.file, line });

  const tooLarge = (): KanonError =>
    new KanonError('INPUT_RECORD_SIZE', 'a record is larger than the maximum record size (16 MiB)', { file: opts.file, line: objLine });

  const scan = (text: string, rows: string[][], lines: number[]): void => {
    let objStart = s === S.InObject ? 0 : -1;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) line++;
      if (s === S.InObject) {
        if (inString) {
          if (escaped) escaped = false;
          else if (c === 92)
            escaped = true; // backslash
          else if (c === 34) inString = false;
          continue;
        }
        if (c === 34) inString = true;
        else if (c === 123 || c === 91) depth++;
        else if (c === 125 || c === 93) {
          depth--;
          if (depth === 0) {
            objParts.push(text.slice(objStart, i + 1));
            if (objLen + i + 1 - objStart > max) throw tooLarge();
            const where = { file: opts.file, line: objLine };
            rows.push(parseRecord(objParts.join(''), state, where));
            lines.push(objLine);
            objParts = [];
            objLen = 0;
            objStart = -1;
            s = S.AfterValue;
          }
        }
        continue;
      }
      if (c === 32 || c === 9 || c === 10 || c === 13 || (c === 0xfeff && first && i === 0)) continue;
      if (s === S.Start) {
        if (c !== 91) throw syntax('the input does not start with "[" (a JSON array of objects)');
        s = S.Between;
      } else if (s === S.Between) {
        if (c === 123) {
          s = S.InObject;
          depth = 1;
          objStart = i;
          objLine = line;
        } else if (c === 93 && rows.length === 0 && state.header === undefined) s = S.End;
        else throw syntax('expected an object in the array');
      } else if (s === S.AfterValue) {
        if (c === 44) s = S.Between;
        else if (c === 93) s = S.End;
        else throw syntax('expected "," or "]" after an object');
      } else {
        throw syntax('unexpected content after the end of the array');
      }
    }
    first = false;
    if (s === S.InObject && objStart >= 0 && objStart < text.length) {
      objParts.push(text.slice(objStart));
      objLen += text.length - objStart;
      // An object that never closes fails at the record limit, not when memory runs out.
      if (objLen > max) throw tooLarge();
    }
  };

  for await (const chunk of chunks) {
    const rows: string[][] = [];
    const lines: number[] = [];
    scan(decoder.decode(chunk, { stream: true }), rows, lines);
    if (rows.length) yield { rows, lines };
  }
  const rows: string[][] = [];
  const lines: number[] = [];
  scan(decoder.decode(), rows, lines);
  if (rows.length) yield { rows, lines };
  if ((s as State) !== S.End) throw syntax(s === S.Start ? 'the input is empty' : 'the JSON array is not closed');
}
