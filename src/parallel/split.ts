// Splitting CSV input at record boundaries for the worker pipeline (issue 18). The main thread
// does not parse: it reads the header itself, then cuts the rest into ~1 MiB pieces after a
// record delimiter that is outside quotes. Quote state is a parity: in RFC 4180 every quote
// byte either opens, closes or (doubled) escapes, so an even count since the last boundary
// means "outside". A stray quote inside an unquoted field is a syntax error; the piece holding
// it fails at that quote, before any wrong cut after it matters. Each piece is scanned by a
// CsvScanner resumed with the stream's record delimiter and field count (csv-scan.ts), so
// records, errors and line numbers are those of one scanner over the whole stream.
import { CsvScanner, type RecordDelimiter } from '../io/csv-scan.js';
import { MAX_RECORD_SIZE } from '../io/read-csv.js';
import type { SplitTable } from '../io/types.js';
import { isOwnRead } from '../io/input.js';

const LF = 10;
const CR = 13;
const QUOTE = 34;

export interface SplitCsv {
  header: string[];
  recordDelimiter: RecordDelimiter;
  /** csv-parse's line count after the header: the base line of the first piece. */
  firstLine: number;
  /** The bytes after the header. */
  body: AsyncIterable<Buffer>;
}

/** The header read off `head` (the peeked first bytes), or undefined when this input is not
 *  one to split (a quote in the header, a blank first line, a header longer than the head):
 *  the caller then reads it the usual way; nothing was consumed. */
export function splitHeader(head: Buffer, chunks: AsyncIterable<Buffer>, delimiter: number, maxRecordSize: number): SplitCsv | undefined {
  const i0 = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  if (i0 >= head.length || head[i0] === CR || head[i0] === LF) return undefined;
  const lf = head.indexOf(LF, i0);
  const cr = head.indexOf(CR, i0);
  const e = lf < 0 ? cr : cr < 0 ? lf : Math.min(lf, cr);
  if (e < 0) return undefined;
  const q = head.indexOf(QUOTE, i0);
  if (q >= 0 && q < e) return undefined;
  let rd: RecordDelimiter;
  if (head[e] === LF) rd = 'lf';
  else if (e + 1 >= head.length) return undefined;
  else rd = head[e + 1] === LF ? 'crlf' : 'cr';
  const end = e + (rd === 'crlf' ? 2 : 1);
  let header: string[] | undefined;
  // The record delimiter is given (a lone CR is only known to be one by the byte after it,
  // which belongs to the next record); the BOM is skipped here, as the scanner would.
  const scanner = new CsvScanner({ delimiter, maxRecordSize, resume: { recordDelimiter: rd, fields: -1 } }, (rec) => {
    header ??= rec;
  });
  try {
    scanner.write(head.subarray(i0, end));
  } catch {
    return undefined; // the usual reader reports it
  }
  if (!header || scanner.holding || scanner.recordDelimiter !== rd) return undefined;
  const firstLine = scanner.line;
  async function* body(): AsyncGenerator<Buffer> {
    let skip = end;
    for await (const chunk of chunks) {
      if (skip >= chunk.length) {
        skip -= chunk.length;
        continue;
      }
      yield skip ? chunk.subarray(skip) : chunk;
      skip = 0;
    }
  }
  return { header, recordDelimiter: rd, firstLine, body: body() };
}

export interface Piece {
  bytes: Buffer;
  /** The input ends with this piece. */
  last: boolean;
  /** No record boundary was found within the size limit: the piece is one unfinished record. */
  oversize: boolean;
  /** bytes.buffer belongs to this piece alone (it may be transferred to a worker). */
  owned: boolean;
}

/** Cuts `body` into pieces of about `target` bytes, each ending after a record delimiter
 *  outside quotes (the last one ends where the input ends). */
export async function* pieces(
  body: AsyncIterable<Buffer>,
  rd: RecordDelimiter,
  target: number,
  maxRecordSize: number,
  opts: { views?: boolean } = {},
): AsyncGenerator<Piece> {
  // views: the pieces stay on this thread (never transferred), so pending bytes that lie side by
  // side in one read buffer are handed out as a view of it instead of a copy (a read larger than
  // a piece is cut into several without copying; only a piece across two reads is copied).
  const views = opts.views === true;
  const join = (parts: Buffer[], len: number): Buffer => {
    if (views && parts.length > 0) {
      const a = parts[0]!;
      let at = a.byteOffset + a.length,
        adjacent = true;
      for (let i = 1; i < parts.length && adjacent; i++) {
        const p = parts[i]!;
        if (p.buffer !== a.buffer || p.byteOffset !== at) adjacent = false;
        at += p.length;
      }
      if (adjacent) return Buffer.from(a.buffer, a.byteOffset, len);
    }
    return Buffer.concat(parts, len);
  };
  const term = rd === 'cr' ? CR : LF;
  let pend: Buffer[] = [];
  let pendLen = 0;
  let cut = -1; // end of the last boundary, as an offset into the pending bytes
  let inQuote = false;
  let prevByte = -1;
  let held: Piece | undefined; // one piece of look-ahead, to mark the last
  const limit = 2 * maxRecordSize + target;
  /** End of the last record delimiter in chunk[from, to) (all outside quotes), or -1. */
  const lastBoundary = (chunk: Buffer, from: number, to: number): number => {
    if (to <= from) return -1;
    let p = chunk.lastIndexOf(term, to - 1);
    if (rd !== 'crlf') return p >= from ? p + 1 : -1;
    while (p >= from) {
      const prev = p > from ? chunk[p - 1] : from === 0 ? prevByte : -1;
      if (prev === CR) return p + 1;
      if (p - 1 < from) return -1;
      p = chunk.lastIndexOf(LF, p - 1);
    }
    return -1;
  };
  /** A whole chunk that ends after a record delimiter outside quotes (an even number of quote
   *  bytes: it starts outside, as pend is empty). */
  const endsAtBoundary = (chunk: Buffer): boolean => {
    let odd = false;
    for (let q = chunk.indexOf(QUOTE); q >= 0; q = chunk.indexOf(QUOTE, q + 1)) odd = !odd;
    return !odd && lastBoundary(chunk, Math.max(0, chunk.length - 2), chunk.length) === chunk.length;
  };
  /** Joined pending bytes own their memory when they are a copy of their own (not a view,
   *  and too large for Buffer's shared pool). */
  const ownsCopy = (len: number): boolean => !views && len >= Buffer.poolSize >>> 1;
  const pendingPiece = (last: boolean, oversize: boolean): Piece => ({ bytes: join(pend, pendLen), last, oversize, owned: ownsCopy(pendLen) });
  const ready: Piece[] = [];
  /** Hands `out` on one piece behind (so the last can be marked); true after an oversize one. */
  const emit = (out: Piece): boolean => {
    if (held) ready.push(held);
    held = out;
    if (out.oversize) {
      ready.push(out);
      return true;
    }
    return false;
  };
  const takePending = (oversize = false): Piece => {
    const p = pendingPiece(false, oversize);
    pend = [];
    pendLen = 0;
    cut = -1;
    return p;
  };
  for await (const big of body) {
    if (big.length === 0) continue;
    // Pending bytes that end at a record boundary are a piece of their own before a chunk of
    // another read (a short piece, instead of a copy of two reads' bytes).
    if (pendLen > 0 && cut === pendLen) {
      const lastPart = pend[pend.length - 1]!;
      if (lastPart.buffer !== big.buffer || lastPart.byteOffset + lastPart.length !== big.byteOffset) {
        if (emit(takePending())) {
          yield* ready.splice(0);
          return;
        }
      }
    }
    // A read of the file's own (src/io/input.ts: its memory is this chunk's alone) that ends
    // at a record boundary is one piece as it is, for a worker: transferred, never copied.
    if (!views && pendLen === 0 && !inQuote && big.length <= 4 * target && isOwnRead(big) && endsAtBoundary(big)) {
      prevByte = big[big.length - 1]!;
      emit({ bytes: big, last: false, oversize: false, owned: true });
      yield* ready.splice(0);
      continue;
    }
    // A chunk larger than a piece (a test's tiny pieces, a decompressed chunk) is looked at in
    // slices of `target` bytes, so each slice can end a piece.
    for (let off = 0; off < big.length; off += target) {
      const chunk = big.subarray(off, off + target);
      let i = 0;
      while (i <= chunk.length) {
        const q = chunk.indexOf(QUOTE, i);
        const segEnd = q < 0 ? chunk.length : q;
        if (!inQuote) {
          const b = lastBoundary(chunk, i, segEnd);
          if (b >= 0) cut = pendLen + b;
        }
        if (q < 0) break;
        inQuote = !inQuote;
        i = q + 1;
      }
      prevByte = chunk[chunk.length - 1]!;
      pend.push(chunk);
      pendLen += chunk.length;
      let out: Piece | undefined;
      if (pendLen >= target && cut > 0) {
        const all = join(pend, pendLen);
        const owned = ownsCopy(pendLen);
        // The rest is copied so the piece owns its memory (it is transferred to a worker).
        const rest = views ? all.subarray(cut) : Buffer.from(all.subarray(cut));
        out = { bytes: all.subarray(0, cut), last: false, oversize: false, owned };
        pend = rest.length ? [rest] : [];
        pendLen = rest.length;
        cut = -1;
      } else if (cut < 0 && pendLen > limit) out = takePending(true);
      if (out && emit(out)) {
        yield* ready.splice(0);
        return; // the worker reports the record; nothing after it is read
      }
    }
    yield* ready.splice(0);
  }
  const tail = pendLen ? pendingPiece(true, false) : undefined;
  if (held) yield tail ? held : { ...held, last: true };
  if (tail) yield tail;
}

/** About 1 MiB of input a piece; KANON_PIECE_BYTES sets it smaller for tests (many pieces
 *  from a small table, so every kind of boundary is crossed). */
export const PIECE_BYTES = 1024 * 1024;
export const pieceBytes = (): number => {
  const n = Number(process.env.KANON_PIECE_BYTES);
  return Number.isInteger(n) && n > 0 ? n : PIECE_BYTES;
};

/** The pieces of the input after the header, all read on this thread (the export with one
 *  thread, the plan pass). */
export function allPieces(split: SplitTable): AsyncIterable<Piece> {
  return pieces(split.body(), split.recordDelimiter, pieceBytes(), MAX_RECORD_SIZE, { views: true });
}
