// What the input bytes are, before any reader sees them (issue 11 item 13, issue 16):
// - binary formats kanon does not read (Parquet, zip/xlsx, other compressions, databases) and
//   data with NUL bytes are INPUT_FORMAT naming what they look like, not a CSV syntax error;
// - UTF-16 (a byte order mark, or NUL bytes interleaved with ASCII) is INPUT_ENCODING;
// - every byte must be valid UTF-8: invalid bytes are INPUT_ENCODING with their line instead of
//   being replaced by U+FFFD (a replaced byte changes the value, and with it the pseudonym or
//   the class a record falls in). Node's isUtf8 (simdutf) checks each chunk; only a failing
//   chunk is walked in JS to find the line.
import { isUtf8 } from 'node:buffer';
import { KanonError } from '../errors.js';

const MAGICS: readonly (readonly [string, readonly number[]])[] = [
  ['Parquet', [0x50, 0x41, 0x52, 0x31]], // "PAR1"
  ['a zip archive (or an .xlsx/.ods workbook)', [0x50, 0x4b, 0x03, 0x04]],
  ['an empty zip archive', [0x50, 0x4b, 0x05, 0x06]],
  ['an Excel 97–2003 workbook (OLE)', [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]],
  ['ORC', [0x4f, 0x52, 0x43]], // "ORC"
  ['Avro', [0x4f, 0x62, 0x6a, 0x01]], // "Obj\x01"
  ['Arrow IPC', [0x41, 0x52, 0x52, 0x4f, 0x57, 0x31]], // "ARROW1"
  ['SQLite', [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65, 0x20, 0x66, 0x6f, 0x72, 0x6d, 0x61, 0x74, 0x20, 0x33, 0x00]],
  ['PDF', [0x25, 0x50, 0x44, 0x46, 0x2d]], // "%PDF-"
  ['bzip2 data', [0x42, 0x5a, 0x68]], // "BZh"
  ['xz data', [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]],
  ['zstd data', [0x28, 0xb5, 0x2f, 0xfd]],
  ['a 7-Zip archive', [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]],
];

const READS = 'kanon reads CSV, NDJSON and JSON (UTF-8, optionally gzip-compressed)';

/** Refuses a head that is not text kanon can read. Only names formats, never shows bytes. */
export function checkHead(head: Buffer, file: string): void {
  for (const [name, magic] of MAGICS) {
    if (head.length >= magic.length && magic.every((b, i) => head[i] === b)) {
      throw new KanonError('INPUT_FORMAT', `looks like ${name}, not text: ${READS}; export it to CSV first`, { file });
    }
  }
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    throw new KanonError(
      'INPUT_ENCODING',
      'the input is UTF-16 (it starts with a UTF-16 byte order mark): kanon reads UTF-8; convert it (e.g. iconv -f UTF-16 -t UTF-8)',
      { file, line: 1 },
    );
  }
  const n = Math.min(head.length, 4096);
  let nul = 0;
  let nulEven = 0;
  for (let i = 0; i < n; i++)
    if (head[i] === 0) {
      nul++;
      if ((i & 1) === 0) nulEven++;
    }
  if (nul === 0) return;
  // UTF-16 text without a BOM: mostly ASCII, so every other byte is NUL (LE: odd, BE: even).
  const pairs = Math.floor(n / 2);
  if (pairs >= 2 && (nulEven >= pairs * 0.9 || nul - nulEven >= pairs * 0.9) && nul <= pairs + 1) {
    throw new KanonError(
      'INPUT_ENCODING',
      'the input looks like UTF-16 (every other byte is NUL): kanon reads UTF-8; convert it (e.g. iconv -f UTF-16 -t UTF-8)',
      { file, line: 1 },
    );
  }
  throw new KanonError('INPUT_FORMAT', `looks like binary data (it has NUL bytes), not text: ${READS}`, { file });
}

/** Passes the chunks through unchanged, checking that together they are valid UTF-8. */
export async function* checkUtf8(chunks: AsyncIterable<Buffer>, file: string): AsyncGenerator<Buffer> {
  let line = 1; // 1 + LF bytes before the current chunk
  let tail: Buffer | undefined; // an incomplete character at the end of the previous chunks
  const fail = (l: number): KanonError =>
    new KanonError('INPUT_ENCODING', 'the input is not valid UTF-8: kanon reads UTF-8; convert it (e.g. iconv -f LATIN1 -t UTF-8)', { file, line: l });
  for await (const c of chunks) {
    let start = 0;
    if (tail !== undefined) {
      const need = seqLen(tail[0]!) - tail.length;
      if (c.length < need) {
        tail = Buffer.concat([tail, c]);
        yield c;
        continue;
      }
      if (!isUtf8(Buffer.concat([tail, c.subarray(0, need)]))) throw fail(line);
      tail = undefined;
      start = need;
    }
    const end = c.length - incompleteTail(c, start);
    if (!isUtf8(c.subarray(start, end))) throw fail(line + countLf(c, 0, firstInvalid(c, start, end)));
    if (end < c.length) tail = Buffer.from(c.subarray(end));
    line += countLf(c, 0, c.length);
    yield c;
  }
  if (tail !== undefined) throw fail(line);
}

/** The length of the sequence a lead byte starts (1 for ASCII or an invalid lead). */
function seqLen(b: number): number {
  return b >= 0xf0 && b <= 0xf4 ? 4 : b >= 0xe0 ? (b < 0xf0 ? 3 : 1) : b >= 0xc2 ? 2 : 1;
}

/** How many bytes at the end of c[start..] start a character that continues in the next chunk. */
function incompleteTail(c: Buffer, start: number): number {
  for (let k = 1; k <= 3 && c.length - k >= start; k++) {
    const b = c[c.length - k]!;
    if ((b & 0xc0) === 0x80) continue; // a continuation byte: look further back
    return seqLen(b) > k ? k : 0;
  }
  return 0;
}

function countLf(c: Buffer, from: number, to: number): number {
  let n = 0;
  for (let i = c.indexOf(10, from); i >= 0 && i < to; i = c.indexOf(10, i + 1)) n++;
  return n;
}

/** The offset of the first byte that is not part of a valid UTF-8 character (RFC 3629 table). */
export function firstInvalid(c: Buffer, start: number, end: number): number {
  let i = start;
  while (i < end) {
    const b = c[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const n = seqLen(b);
    if (n === 1 || i + n > end) return i;
    const b1 = c[i + 1]!;
    const lo = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80; // no overlong forms
    const hi = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf; // no surrogates, nothing > U+10FFFF
    if (b1 < lo || b1 > hi) return i;
    for (let k = 2; k < n; k++) if ((c[i + k]! & 0xc0) !== 0x80) return i;
    i += n;
  }
  return end;
}
