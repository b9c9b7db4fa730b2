// Hand-rolled streaming CSV scanner (RFC 4180 plus csv-parse 7's edge-case behaviour), issue 2:
// on the 1M-row/184 MB bench file parsing takes 1.06 s instead of csv-parse's 5.68 s. It works on bytes, so chunk boundaries may fall anywhere
// (inside a UTF-8 character, between CR and LF); every field is decoded once, as csv-parse does,
// into a flat string (no slice pins an input chunk). Semantics reproduced from csv-parse with
// { bom, skip_empty_lines, max_record_size } and a one-byte delimiter; test/io/csv-scan.test.ts
// checks them differentially against csv-parse:
// - the record delimiter is the first CR LF, LF or lone CR seen outside quotes; afterwards other
//   CR/LF bytes are ordinary field characters;
// - a closing quote must be followed by the delimiter, the record delimiter, a NUL byte or the end;
// - `line` = csv-parse's info.lines at emission: 1 + the CR/LF bytes read before the record's end
//   (a CR LF record delimiter counts once, a CR LF inside quotes twice);
// - max record size: csv-parse's sum of completed fields' UTF-16 lengths plus the current field's
//   bytes, checked before each field byte.
// Only a UTF-8 BOM is skipped (csv-parse would switch to UTF-16LE on FF FE; kanon reads UTF-8).
const LF = 10;
const CR = 13;
const QUOTE = 34;
const RD_NONE = 0;
const RD_LF = 1;
const RD_CR = 2;
const RD_CRLF = 3;
const NEED_MORE = -1;
const EMPTY = Buffer.alloc(0);
/** Node's Buffer#latin1Slice (what toString('latin1') calls, minus argument checks): a pure-ASCII
 *  field is copied into a one-byte string without UTF-8 decoding. */
interface Slices {
  latin1Slice(start: number, end: number): string;
  utf8Slice(start: number, end: number): string;
}

export type CsvScanCode =
  | 'CSV_QUOTE_NOT_CLOSED'
  | 'CSV_INVALID_OPENING_QUOTE'
  | 'CSV_INVALID_CLOSING_QUOTE'
  | 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH'
  | 'CSV_MAX_RECORD_SIZE';

/** Carries only a code, a line and a field count: never cell data. */
export class CsvScanError extends Error {
  constructor(
    readonly code: CsvScanCode,
    readonly lines: number,
    readonly fields?: number,
  ) {
    super(code);
  }
}

export interface CsvScanOptions {
  /** One byte (ASCII), not a quote, CR or LF. */
  delimiter: number;
  maxRecordSize: number;
  /** A scanner that continues a stream at a record boundary (a worker's piece, src/parallel/):
   *  the stream's record delimiter and field count, already known, and no BOM to skip. */
  resume?: { recordDelimiter: RecordDelimiter; fields: number; line?: number }; // fields -1: from the first record
}

export type RecordDelimiter = 'lf' | 'crlf' | 'cr';
const RD_NAMES: RecordDelimiter[] = ['lf', 'cr', 'crlf'];

export class CsvScanner {
  private readonly cls = new Uint8Array(256); // 0 ordinary ASCII, 1 special, 2 non-ASCII
  private readonly delim: number;
  private readonly delimStr: string;
  private readonly max: number;
  private rd = RD_NONE;
  private lines = 1;
  private expected = -1;
  private started = false;
  private rest: Buffer | undefined;
  private pend: Buffer[] = [];
  private pendLen = 0;

  constructor(
    opts: CsvScanOptions,
    private readonly emit: (record: string[], line: number) => void,
  ) {
    this.delim = opts.delimiter;
    this.delimStr = String.fromCharCode(opts.delimiter);
    this.max = opts.maxRecordSize;
    if (opts.resume) {
      this.rd = RD_NAMES.indexOf(opts.resume.recordDelimiter) + 1;
      this.expected = opts.resume.fields;
      this.started = true;
      this.lines = opts.resume.line ?? 1;
    }
    this.cls.fill(2, 128);
    for (const b of [opts.delimiter, QUOTE, CR, LF]) this.cls[b] = 1;
  }

  /** csv-parse's line count so far: 1 + the CR/LF bytes of the records read. */
  get line(): number {
    return this.lines;
  }

  /** True while bytes of an unfinished record are held (more input, or end(), decides them). */
  get holding(): boolean {
    return this.rest !== undefined || this.pendLen > 0;
  }

  /** The record delimiter, once seen. */
  get recordDelimiter(): RecordDelimiter | undefined {
    return this.rd === RD_NONE ? undefined : RD_NAMES[this.rd - 1];
  }

  write(chunk: Buffer): void {
    if (this.rest === undefined) {
      this.run(chunk, false);
      return;
    }
    this.pend.push(chunk);
    this.pendLen += chunk.length;
    // An unfinished record is rescanned from its start: wait until the new bytes at least match
    // the carried ones, so a long record costs O(size) in total, not O(size²).
    if (this.pendLen < this.rest.length) {
      // Fields are held to the limit at each rescan; this bounds the raw bytes of a record
      // whose fields stay small but never end (e.g. endless empty quoted fields "",""…), which
      // csv-parse would take. Only such records beyond 2 × the limit differ from csv-parse.
      if (this.rest.length + this.pendLen > 2 * this.max + 65536) throw new CsvScanError('CSV_MAX_RECORD_SIZE', this.lines);
      return;
    }
    const buf = Buffer.concat([this.rest, ...this.pend]);
    this.pend = [];
    this.pendLen = 0;
    this.run(buf, false);
  }

  end(): void {
    const buf = this.rest === undefined ? EMPTY : Buffer.concat([this.rest, ...this.pend]);
    this.rest = undefined;
    this.pend = [];
    this.run(buf, true);
  }

  private run(buf: Buffer, final: boolean): void {
    let i = 0;
    if (!this.started) {
      if (buf.length < 3 && !final) {
        this.rest = buf;
        return;
      }
      this.started = true;
      if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) i = 3;
    }
    const n = buf.length;
    let q = -1; // the next quote at or after i (n: none), found lazily with memchr
    let o = -1; // the next CR or LF that cannot be part of a record delimiter
    while (i < n) {
      const rd = this.rd;
      if (rd !== RD_NONE) {
        // Fast path: a record with no quote and no stray CR/LF is one decode and one split.
        if (q < i) {
          q = buf.indexOf(QUOTE, i);
          if (q < 0) q = n;
        }
        if (o < i) {
          o = buf.indexOf(rd === RD_LF ? CR : LF, i);
          if (o < 0) o = n;
        }
        const e = buf.indexOf(rd === RD_LF ? LF : CR, i);
        if (e >= 0 && q > e && o > e && e - i <= this.max + 1) {
          const next = rd === RD_CRLF ? e + 2 : e + 1;
          if (rd !== RD_CRLF || (next <= n && buf[e + 1] === LF)) {
            // Short records cannot break the size limit; a blank line is skipped.
            if (e > i) this.finish((buf as unknown as Slices).utf8Slice(i, e).split(this.delimStr), this.lines, 0);
            this.lines++;
            i = next;
            continue;
          }
        }
      }
      const next = this.record(buf, i, final);
      if (next === NEED_MORE) {
        this.rest = buf.subarray(i);
        return;
      }
      i = next;
    }
    this.rest = undefined;
  }

  /** Length of the record delimiter at buf[i] (a CR or LF), 0 if none, NEED_MORE to decide later.
   *  Discovers the record delimiter on its first sighting, as csv-parse does. */
  private rdAt(buf: Buffer, i: number, final: boolean): number {
    const c = buf[i];
    if (this.rd === RD_NONE) {
      if (c === LF) this.rd = RD_LF;
      else if (i + 1 >= buf.length && !final) return NEED_MORE;
      else this.rd = buf[i + 1] === LF ? RD_CRLF : RD_CR;
    }
    if (this.rd === RD_LF) return c === LF ? 1 : 0;
    if (this.rd === RD_CR) return c === CR ? 1 : 0;
    if (c !== CR) return 0;
    if (i + 1 >= buf.length) return final ? 0 : NEED_MORE;
    return buf[i + 1] === LF ? 2 : 0;
  }

  /** Scans one record from `start`; returns where the next begins, or NEED_MORE (nothing kept). */
  private record(buf: Buffer, start: number, final: boolean): number {
    const n = buf.length;
    const cls = this.cls;
    const d = this.delim;
    let lines = this.lines;
    let i = start;
    const rec: string[] = [];
    let recLen = 0;
    for (;;) {
      const fieldLine = lines;
      let pre: Buffer | undefined; // bytes already in this field (quoted content before a NUL)
      if (i < n && buf[i] === QUOTE) {
        i++;
        const s = i;
        let esc = false;
        let closed = false;
        while (!closed) {
          if (i >= n) {
            if (!final) return this.needMore(unescapeQuoted(buf, s, i, esc), recLen, fieldLine);
            this.checkSize(unescapeQuoted(buf, s, i, esc), recLen, fieldLine);
            throw new CsvScanError('CSV_QUOTE_NOT_CLOSED', endLines(buf, lines));
          }
          const c = buf[i]!;
          if (c === QUOTE) {
            if (i + 1 >= n) {
              if (!final) return this.needMore(unescapeQuoted(buf, s, i, esc), recLen, fieldLine);
              closed = true;
              break;
            }
            const nx = buf[i + 1]!;
            if (nx === QUOTE) {
              esc = true;
              i += 2;
              continue;
            }
            if (nx === 0 || nx === d) {
              closed = true;
              break;
            }
            if (nx === CR || nx === LF) {
              const r = this.rdAt(buf, i + 1, final);
              if (r === NEED_MORE) return NEED_MORE;
              if (r > 0) {
                closed = true;
                break;
              }
            }
            this.checkSize(unescapeQuoted(buf, s, i, esc), recLen, fieldLine);
            throw new CsvScanError('CSV_INVALID_CLOSING_QUOTE', lines);
          }
          if (c === CR || c === LF) lines++;
          i++;
        }
        const bytes = unescapeQuoted(buf, s, i, esc);
        i++; // the closing quote
        if (i >= n || buf[i] !== 0) {
          this.checkSize(bytes, recLen, fieldLine);
          const value = bytes.toString('utf8');
          rec.push(value);
          recLen += value.length;
          if (i < n && buf[i] === d) {
            i++;
            continue;
          }
          if (i >= n) return this.finish(rec, endLines(buf, lines), n);
          // a record delimiter (checked above)
          const r = this.rdAt(buf, i, final);
          this.finish(rec, lines, i);
          this.lines = lines + 1;
          return i + r;
        }
        pre = Buffer.from(bytes); // a NUL after a closing quote: csv-parse keeps appending
      }
      // Unquoted field (or the rest of one after a NUL).
      const s = i;
      let hi = 0;
      let rdLen = 0;
      for (;;) {
        let k = 0;
        while (i < n && (k = cls[buf[i]!]!) !== 1) {
          hi |= k;
          i++;
        }
        if (i >= n) break;
        const c = buf[i]!;
        if (c === d) break;
        if (c === QUOTE) {
          // csv-parse: a quote opens a field only as its first byte.
          this.checkSize(join(pre, buf, s, i), recLen, fieldLine);
          throw new CsvScanError('CSV_INVALID_OPENING_QUOTE', lines);
        }
        const r = this.rdAt(buf, i, final);
        if (r === NEED_MORE) return this.needMore(join(pre, buf, s, i), recLen, fieldLine);
        if (r > 0) {
          rdLen = r;
          break;
        }
        lines++; // a CR or LF that is not the record delimiter is field data
        i++;
      }
      if (i >= n && !final) return this.needMore(join(pre, buf, s, i), recLen, fieldLine);
      const m = i - s + (pre === undefined ? 0 : pre.length);
      if (rdLen > 0 && rec.length === 0 && m === 0) {
        // a blank line (skip_empty_lines)
        this.lines = lines + 1;
        return i + rdLen;
      }
      if (i >= n && rec.length === 0 && m === 0) return n;
      if (m > 0 && recLen + m > this.max + 1) this.checkSize(join(pre, buf, s, i), recLen, fieldLine);
      const value =
        pre !== undefined ? join(pre, buf, s, i).toString('utf8') : hi !== 0 ? buf.toString('utf8', s, i) : (buf as unknown as Slices).latin1Slice(s, i);
      rec.push(value);
      recLen += value.length;
      if (i >= n) return this.finish(rec, endLines(buf, lines), n);
      if (rdLen === 0) {
        i++;
        continue;
      } // the delimiter
      this.finish(rec, lines, i);
      this.lines = lines + 1;
      return i + rdLen;
    }
  }

  /** The record is unfinished at the end of the bytes so far: its open field is held to the
   *  size limit now (issue 11, item 8: a field that never ends — `cat /dev/zero`, a quote never
   *  closed — used to be carried and rescanned without bound). csv-parse checks before each
   *  byte, so a field already past the limit has failed there whatever follows. */
  private needMore(bytes: Buffer, recLen: number, fieldLine: number): number {
    this.checkSize(bytes, recLen, fieldLine);
    return NEED_MORE;
  }

  private finish(rec: string[], line: number, next: number): number {
    if (this.expected < 0) this.expected = rec.length;
    else if (rec.length !== this.expected) throw new CsvScanError('CSV_RECORD_INCONSISTENT_FIELDS_LENGTH', line, rec.length);
    this.emit(rec, line);
    return next;
  }

  /** csv-parse checks record_length + field bytes > max before appending each byte: find the
   *  first byte that fails, and its line. */
  private checkSize(bytes: Buffer, recLen: number, fieldLine: number): void {
    if (bytes.length === 0 || recLen + bytes.length <= this.max + 1) return;
    const j = Math.max(0, this.max - recLen + 1);
    let line = fieldLine;
    for (let k = 0; k < j; k++) if (bytes[k] === CR || bytes[k] === LF) line++;
    throw new CsvScanError('CSV_MAX_RECORD_SIZE', line);
  }
}

/** At the end of input csv-parse has not yet counted a final CR/LF byte. */
function endLines(buf: Buffer, lines: number): number {
  const last = buf[buf.length - 1];
  return last === CR || last === LF ? lines - 1 : lines;
}

/** The content of a quoted field, with each doubled quote made one. */
function unescapeQuoted(buf: Buffer, s: number, e: number, esc: boolean): Buffer {
  if (!esc) return buf.subarray(s, e);
  const out = Buffer.allocUnsafe(e - s);
  let o = 0;
  for (let k = s; k < e; k++) {
    out[o++] = buf[k]!;
    if (buf[k] === QUOTE) k++;
  }
  return out.subarray(0, o);
}

function join(pre: Buffer | undefined, buf: Buffer, s: number, e: number): Buffer {
  return pre === undefined ? buf.subarray(s, e) : Buffer.concat([pre, buf.subarray(s, e)]);
}
