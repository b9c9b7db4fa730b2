// Turning the text of one JSON object into a row of strings (NDJSON and JSON-array readers).
// Values: strings as they are; numbers, true and false as their source text; null → "" (empty).
// Nested objects/arrays are refused: kanon works on flat records.
//
// A small hand-written parser, not JSON.parse (issue 11, item 5): JSON.parse turns numbers into
// doubles, so 12345678901234567890 and 12345678901234567891 became the same value (and the same
// pseudonym), 3.10 became 3.1 and 1e2 became 100. A value must be the bytes the data owner wrote.
// (JSON.parse's source-text access, the reviver's `context.source`, is not in Node 20.) Keys
// are kept in source order with no object built, so "__proto__" or "constructor" are plain names.
import { KanonError } from '../errors.js';

export interface RowState {
  header?: string[];
  index?: Map<string, number>;
}
type Where = { file: string; line: number };

const QUOTE = 34;
const BACKSLASH = 92;

/** Parses `text` (one JSON value, white space around it allowed) as a flat object and returns
 *  its row in the header's column order; the first record's keys become the header. */
export function parseRecord(text: string, state: RowState, where: Where): string[] {
  const p = new FlatParser(text, where);
  p.ws();
  if (p.peek() !== 123) {
    // Not an object: a syntax error, or valid JSON of the wrong shape.
    let valid = true;
    try {
      JSON.parse(text);
    } catch {
      valid = false;
    }
    throw valid ? new KanonError('INPUT_JSON_SHAPE', 'a record is not a JSON object', where) : p.syntax();
  }
  p.pos++;
  const first = state.header === undefined;
  const keys: string[] = [];
  const values: string[] = [];
  p.ws();
  if (p.peek() === 125) p.pos++;
  else {
    for (;;) {
      p.ws();
      if (p.peek() !== QUOTE) throw p.syntax();
      const key = p.string();
      p.ws();
      if (p.peek() !== 58) throw p.syntax();
      p.pos++;
      p.ws();
      if (!first && !state.index!.has(key)) {
        // The key is not named: a key outside the header may itself be data.
        throw new KanonError(
          'INPUT_JSON_SHAPE',
          "the record has a field that the first record does not have (records must share the first record's keys)",
          where,
        );
      }
      keys.push(key);
      values.push(p.value(key));
      p.ws();
      const c = p.peek();
      p.pos++;
      if (c === 44) continue;
      if (c === 125) break;
      p.pos--;
      throw p.syntax();
    }
  }
  p.ws();
  if (p.pos < text.length) throw p.syntax();
  if (first) {
    state.header = keys;
    state.index = new Map(keys.map((k, i) => [k, i]));
    // A key named twice in the first record is caught by the header check (INPUT_HEADER).
    return values;
  }
  const index = state.index!;
  const row = new Array<string>(state.header!.length).fill('');
  const seen = new Uint8Array(row.length);
  for (let k = 0; k < keys.length; k++) {
    const i = index.get(keys[k]!)!;
    // JSON.parse would keep the last of two equal keys silently: which one the owner meant is
    // unknown, so the record is refused.
    if (seen[i]) throw new KanonError('INPUT_JSON_SHAPE', 'the record names the same key twice', { ...where, column: keys[k]! });
    seen[i] = 1;
    row[i] = values[k]!;
  }
  return row;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

class FlatParser {
  pos = 0;
  constructor(
    private readonly text: string,
    private readonly where: Where,
  ) {}

  peek(): number {
    return this.pos < this.text.length ? this.text.charCodeAt(this.pos) : -1;
  }

  ws(): void {
    const t = this.text;
    let i = this.pos;
    for (;;) {
      const c = t.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else break;
    }
    this.pos = i;
  }

  syntax(): KanonError {
    // Never quotes the text (V8's JSON.parse message would).
    return new KanonError('INPUT_JSON_SYNTAX', 'invalid JSON', this.where);
  }

  /** A string at pos (pos is on its opening quote); control characters must be escaped. */
  string(): string {
    const t = this.text;
    const s = this.pos;
    let i = s + 1;
    let esc = false;
    for (;;) {
      if (i >= t.length) throw this.syntax();
      const c = t.charCodeAt(i);
      if (c === QUOTE) break;
      if (c < 0x20) throw this.syntax();
      if (c === BACKSLASH) {
        esc = true;
        i += 2;
        continue;
      }
      i++;
    }
    this.pos = i + 1;
    if (!esc) return t.slice(s + 1, i);
    try {
      return JSON.parse(t.slice(s, i + 1)) as string; // validates and decodes the escapes
    } catch {
      throw this.syntax();
    }
  }

  value(key: string): string {
    const c = this.peek();
    if (c === QUOTE) return this.string();
    if (c === 123 || c === 91) {
      throw new KanonError('INPUT_JSON_SHAPE', 'nested objects and arrays are not supported (records must be flat)', { ...this.where, column: key });
    }
    if (c === 45 || (c >= 48 && c <= 57)) {
      NUMBER.lastIndex = this.pos;
      const m = NUMBER.exec(this.text);
      if (!m || m[0].length === 0) throw this.syntax();
      this.pos += m[0].length;
      const n = this.peek();
      // "01", "1.", "1e": the number regex stops early; what follows must end the value.
      if ((n >= 48 && n <= 57) || n === 46 || n === 101 || n === 69 || n === 43 || n === 45) throw this.syntax();
      return m[0];
    }
    for (const [lit, v] of LITERALS) {
      if (this.text.startsWith(lit, this.pos)) {
        this.pos += lit.length;
        return v;
      }
    }
    throw this.syntax();
  }
}

const LITERALS: readonly (readonly [string, string])[] = [
  ['true', 'true'],
  ['false', 'false'],
  ['null', ''],
];
