// Turning one parsed JSON object into a row of strings (NDJSON and JSON-array readers).
// Values: strings as they are; numbers and booleans as their JSON text; null → "" (empty).
// Nested objects/arrays are refused: kanon works on flat records.
import { KanonError } from '../errors.js';

export function objectToRow(
  obj: unknown,
  state: { header?: string[]; index?: Map<string, number> },
  where: { file: string; line: number },
): string[] {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
    throw new KanonError('INPUT_JSON_SHAPE', 'a record is not a JSON object', where);
  }
  const rec = obj as Record<string, unknown>;
  if (state.header === undefined) {
    state.header = Object.keys(rec);
    state.index = new Map(state.header.map((k, i) => [k, i]));
  }
  const index = state.index!;
  const row = new Array<string>(state.header.length).fill('');
  for (const key in rec) {
    const i = index.get(key);
    if (i === undefined) {
      // The key is not named: a key outside the header may itself be data.
      throw new KanonError('INPUT_JSON_SHAPE', 'the record has a field that the first record does not have (records must share the first record\'s keys)', where);
    }
    const v = rec[key];
    if (typeof v === 'string') row[i] = v;
    else if (v === null || v === undefined) row[i] = '';
    else if (typeof v === 'number' || typeof v === 'boolean') row[i] = String(v);
    else throw new KanonError('INPUT_JSON_SHAPE', 'nested objects and arrays are not supported (records must be flat)', { ...where, column: key });
  }
  return row;
}

/** JSON.parse whose error never carries the input (V8 quotes the text in its message). */
export function parseJsonText(text: string, where: { file: string; line: number }): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new KanonError('INPUT_JSON_SYNTAX', 'invalid JSON', where);
  }
}
