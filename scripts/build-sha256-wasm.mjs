// Generates src/crypto/sha256-wasm.generated.ts: a WebAssembly module (as base64) with the
// SHA-256 compression and a one-call HMAC tail for src/crypto/hmac-sha256.ts. There is no wasm
// toolchain in the build, so this script is the assembler: it writes the binary format
// (WebAssembly core spec 1.0, §5) byte by byte for the few instructions used. Deterministic:
// the same script always writes the same bytes (test/crypto/sha256-wasm.test.ts checks that
// the committed module equals this script's output).
//
//   node scripts/build-sha256-wasm.mjs           regenerate the TS module
//   node scripts/build-sha256-wasm.mjs --stdout  print it instead (used by the test)
//
// Memory layout (byte offsets, all 4-byte words in the machine's little-endian order):
//   INNER  8 words  HMAC inner midstate (state after the ipad block), set up from JS
//   OUTER  8 words  HMAC outer midstate (state after the opad block), set up from JS
//   OUT    8 words  the digest of the last hmac() call (JS reads it as an Int32Array)
//   OB     64 bytes the outer message block (inner digest || padding), written by hmac()
//   MSG    ...      the message label || value, written from JS; hmac() pads it in place
// Exports: memory, compress(state, block) (one FIPS 180-4 §6.2.2 compression of the 64 bytes
// at `block` into the 8 words at `state`), hmac(n) (OUT := HMAC of the n bytes at MSG, given
// the two midstates).
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const LAYOUT = { INNER: 0, OUTER: 32, OUT: 64, OB: 128, MSG: 256 };
const { INNER, OUTER, OUT, OB, MSG } = LAYOUT;

const K = [
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74,
  0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d,
  0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e,
  0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5,
  0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];

// --- Encoding (spec §5.1–5.2) ---
const uleb = (n) => {
  const out = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
};
const sleb = (v) => {
  let n = BigInt(v);
  const out = [];
  for (;;) {
    const b = Number(n & 0x7fn);
    n >>= 7n;
    if ((n === 0n && (b & 0x40) === 0) || (n === -1n && (b & 0x40) !== 0)) return [...out, b];
    out.push(b | 0x80);
  }
};
const vec = (items) => [...uleb(items.length), ...items.flat()];
const name = (s) => vec([...Buffer.from(s, 'utf8')]);
const section = (id, bytes) => [id, ...uleb(bytes.length), ...bytes];

const I32 = 0x7f,
  I64 = 0x7e;

// --- Instructions (spec §5.4): each returns its bytes ---
const get = (i) => [0x20, ...uleb(i)];
const set = (i) => [0x21, ...uleb(i)];
const tee = (i) => [0x22, ...uleb(i)];
const i32c = (v) => [0x41, ...sleb(v | 0)];
const i64c = (v) => [0x42, ...sleb(v)];
const mem = (op, align, offset) => [op, ...uleb(align), ...uleb(offset)];
const i32load = (off) => mem(0x28, 2, off);
const i64load = (off) => mem(0x29, 3, off);
const i32store = (off) => mem(0x36, 2, off);
const i64store = (off) => mem(0x37, 3, off);
const call = (f) => [0x10, ...uleb(f)];
const [add, sub, and, or, xor, shl, shrU, rotl, rotr, ltU, geU] = [[0x6a], [0x6b], [0x71], [0x72], [0x73], [0x74], [0x76], [0x77], [0x78], [0x49], [0x4f]];
const [i64and, i64or, i64shl, i64sub, i64extendU] = [[0x83], [0x84], [0x86], [0x7d], [0xad]];
const block = (...body) => [0x02, 0x40, ...body.flat(), 0x0b];
const loop = (...body) => [0x03, 0x40, ...body.flat(), 0x0b];
const brIf = (depth) => [0x0d, ...uleb(depth)];
const br = (depth) => [0x0c, ...uleb(depth)];

/** Instructions in sequence: each argument is one instruction's (or sequence's) bytes. */
const ops = (...parts) => parts.flat();

/** The i32 on the stack byte-swapped (big-endian word ↔ little-endian load), via local t. */
const bswap = (t) => ops(tee(t), i32c(8), rotl, i32c(0x00ff00ff), and, get(t), i32c(8), rotr, i32c(0xff00ff00), and, or);
/** rotr(x, a) ^ rotr(x, b) ^ (rotr or shr)(x, c) of local x. */
const sigma = (x, a, b, c, lastShift) => ops(get(x), i32c(a), rotr, get(x), i32c(b), rotr, xor, get(x), i32c(c), lastShift ? shrU : rotr, xor);

/** compress(state, block): params 0, 1; locals 2–9 the working variables a–h, 10–25 the
 * message schedule as a rolling window of 16 words, 26 the round's T1. Fully unrolled: the
 * variables are renamed from round to round instead of moved. */
function compressBody() {
  const S = 0,
    P = 1,
    T = 26;
  const v = (k, i) => 2 + ((((k - i) % 8) + 8) % 8); // variable k (0 = a … 7 = h) at round i
  const w = (i) => 10 + (i % 16);
  const code = [];
  for (let j = 0; j < 8; j++) code.push(ops(get(S), i32load(4 * j), set(2 + j)));
  for (let j = 0; j < 16; j++) code.push(ops(get(P), i32load(4 * j), bswap(w(j)), set(w(j))));
  for (let i = 0; i < 64; i++) {
    const [a, b, c, d, e, f, g, h] = [0, 1, 2, 3, 4, 5, 6, 7].map((k) => v(k, i));
    // W[i] = σ1(W[i-2]) + W[i-7] + σ0(W[i-15]) + W[i-16], in place of W[i-16]
    if (i >= 16) code.push(ops(get(w(i)), sigma(w(i + 1), 7, 18, 3, true), add, get(w(i + 9)), add, sigma(w(i + 14), 17, 19, 10, true), add, set(w(i))));
    // T1 = h + Σ1(e) + Ch(e, f, g) + K[i] + W[i], with Ch = g ^ (e & (f ^ g))
    code.push(ops(get(h), sigma(e, 6, 11, 25, false), add, get(g), get(e), get(f), get(g), xor, and, xor, add, i32c(K[i]), add, get(w(i)), add, set(T)));
    // d += T1 (d becomes the next round's e)
    code.push(ops(get(d), get(T), add, set(d)));
    // h = T1 + Σ0(a) + Maj(a, b, c) (h becomes the next round's a), Maj = (a & b) | (c & (a | b))
    code.push(ops(get(T), sigma(a, 2, 13, 22, false), add, get(a), get(b), and, get(c), get(a), get(b), or, and, or, add, set(h)));
  }
  for (let j = 0; j < 8; j++) code.push(ops(get(S), get(S), i32load(4 * j), get(2 + j), add, i32store(4 * j)));
  return ops(vec([[25, I32]]), ...code, [0x0b]);
}

/** hmac(n): param 0 = n; locals 1 = total (padded length), 2 = p, 3 = s (an i64 shift). */
function hmacBody() {
  const N = 0,
    TOTAL = 1,
    P = 2,
    S = 3;
  const copy = (from, to) => [0, 8, 16, 24].flatMap((o) => ops(i32c(0), i32c(0), i64load(from + o), i64store(to + o)));
  const code = [
    // total = (n + 9 + 63) & ~63; p = n & ~7; s = 8 * (n & 7)
    ops(get(N), i32c(72), add, i32c(-64), and, set(TOTAL)),
    ops(get(N), i32c(-8), and, set(P)),
    ops(get(N), i32c(7), and, i32c(3), shl, i64extendU, set(S)),
    // The 8 bytes at MSG + p: keep the message's bytes below n, then 0x80, then zeros.
    ops(get(P), get(P), i64load(MSG), i64c(1), get(S), i64shl, i64c(1), i64sub, i64and, i64c(0x80), get(S), i64shl, i64or, i64store(MSG)),
    // Zero the 8-byte words after it, up to the length field.
    block(loop(get(P), i32c(8), add, tee(P), get(TOTAL), i32c(8), sub, geU, brIf(1), get(P), i64c(0), i64store(MSG), br(0))),
    // Length field: (64 + n) * 8 bits as a big-endian 64-bit number (the ipad block counts).
    ops(get(TOTAL), get(N), i32c(64), add, i32c(29), shrU, bswap(P), i32store(MSG - 8)),
    ops(get(TOTAL), get(N), i32c(64), add, i32c(3), shl, bswap(P), i32store(MSG - 4)),
    // Inner hash: OUT = INNER, then each block of the message.
    copy(INNER, OUT),
    ops(i32c(0), set(P)),
    loop(i32c(OUT), get(P), i32c(MSG), add, call(0), get(P), i32c(64), add, tee(P), get(TOTAL), ltU, brIf(0)),
    // Outer block: the inner digest big-endian, 0x80, zeros, length (64 + 32) * 8 = 768 bits.
    ...[0, 1, 2, 3, 4, 5, 6, 7].map((j) => ops(i32c(0), i32c(0), i32load(OUT + 4 * j), bswap(P), i32store(OB + 4 * j))),
    ...[8, 9, 10, 11, 12, 13, 14, 15].map((j) => ops(i32c(0), i32c(j === 8 ? 0x80 : j === 15 ? 0x00030000 : 0), i32store(OB + 4 * j))),
    // Outer hash: OUT = OUTER, then the outer block.
    copy(OUTER, OUT),
    ops(i32c(OUT), i32c(OB), call(0)),
  ];
  return ops(
    vec([
      [2, I32],
      [1, I64],
    ]),
    ...code,
    [0x0b],
  );
}

export function buildModule() {
  const func = (body) => [...uleb(body.length), ...body];
  const types = vec([
    [0x60, ...vec([I32, I32]), ...vec([])], // 0: (i32, i32) -> ()
    [0x60, ...vec([I32]), ...vec([])], // 1: (i32) -> ()
  ]);
  const exports = vec([
    [...name('memory'), 0x02, 0],
    [...name('compress'), 0x00, 0],
    [...name('hmac'), 0x00, 1],
  ]);
  const bytes = [
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00], // "\0asm", version 1
    ...section(1, types),
    ...section(3, vec([[0], [1]])), // function 0 (compress) has type 0, function 1 (hmac) type 1
    ...section(5, vec([[0x00, ...uleb(1)]])), // one memory: 1 page to start, no maximum (JS grows it)
    ...section(7, exports),
    ...section(10, vec([func(compressBody()), func(hmacBody())])),
  ];
  return Uint8Array.from(bytes);
}

export function generatedSource() {
  const b64 = Buffer.from(buildModule()).toString('base64');
  const lines = b64.match(/.{1,120}/g).map((l) => `  '${l}' +`);
  lines[lines.length - 1] = lines[lines.length - 1].slice(0, -2) + ';';
  return [
    '// GENERATED by scripts/build-sha256-wasm.mjs: do not edit. Regenerate with',
    '//   node scripts/build-sha256-wasm.mjs',
    '// (test/crypto/sha256-wasm.test.ts fails when this file and the script disagree).',
    '// A WebAssembly module with the SHA-256 compression and the HMAC tail; layout and exports',
    '// are described in the script.',
    '',
    `/** Byte offsets in the module's memory. */`,
    `export const LAYOUT = { INNER: ${INNER}, OUTER: ${OUTER}, OUT: ${OUT}, OB: ${OB}, MSG: ${MSG} } as const;`,
    '',
    `/** The module's bytes, base64. */`,
    'export const SHA256_WASM =',
    ...lines,
    '',
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const src = generatedSource();
  if (process.argv.includes('--stdout')) process.stdout.write(src);
  else writeFileSync(join(dirname(fileURLToPath(import.meta.url)), '../src/crypto/sha256-wasm.generated.ts'), src);
}
