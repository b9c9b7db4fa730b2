// FF1 format-preserving encryption, NIST SP 800-38G (rev. 1), Algorithms 7 (FF1.Encrypt) and
// 8 (FF1.Decrypt), over AES from node:crypto. The key length picks AES-128/192/256 (16/24/32
// bytes). PRF is CBC-MAC with a zero IV (SP 800-38G §4.3 Algorithm 6); CBC-MAC and the
// CIPH(R ⊕ [j]^16) expansion both use one reusable AES-ECB single-block cipher, so a call
// allocates no cipher objects. NUM_radix / STR_radix use BigInt: m numerals can exceed 2^53.
import { createCipheriv, type Cipher } from 'node:crypto';

/** The round function's fixed parts for one (key, radix, length, tweak length). */
interface Rounds {
  ecb: (block: Buffer) => Buffer;
  u: number;
  v: number;
  b: number;
  d: number;
  /** CIPH_K(P): CBC-MAC state after the fixed first block P (Algorithm 7 step 5). */
  macP: Buffer;
}

const ciphers = new WeakMap<Buffer, Cipher>();

function ecbFor(key: Buffer): (block: Buffer) => Buffer {
  if (key.length !== 16 && key.length !== 24 && key.length !== 32) {
    throw new RangeError('FF1 key must be 16, 24 or 32 bytes (AES-128/192/256)');
  }
  let c = ciphers.get(key);
  if (c === undefined) {
    // ECB with padding off: each update() of one 16-byte block returns its encryption and
    // keeps no chaining state, so one cipher object serves every block of every call.
    c = createCipheriv(`aes-${key.length * 8}-ecb`, key, null);
    c.setAutoPadding(false);
    ciphers.set(key, c);
  }
  const cipher = c;
  return (block) => cipher.update(block);
}

/** Bits needed for radix^v − 1, i.e. ⌈v·log2(radix)⌉, exactly (no floating-point log). */
function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

function setup(key: Buffer, tweakLen: number, radix: number, n: number): Rounds {
  if (!Number.isInteger(radix) || radix < 2 || radix > 65536) throw new RangeError('FF1 radix must be 2..65536');
  if (n < 2) throw new RangeError('FF1 needs at least 2 numerals');
  const ecb = ecbFor(key);
  const u = Math.floor(n / 2);
  const v = n - u;
  const b = Math.ceil(bitLength(BigInt(radix) ** BigInt(v) - 1n) / 8);
  const d = 4 * Math.ceil(b / 4) + 4;
  // P = [1]^1 || [2]^1 || [1]^1 || [radix]^3 || [10]^1 || [u mod 256]^1 || [n]^4 || [t]^4
  const P = Buffer.alloc(16);
  P[0] = 1;
  P[1] = 2;
  P[2] = 1;
  P.writeUIntBE(radix, 3, 3);
  P[6] = 10;
  P[7] = u % 256;
  P.writeUInt32BE(n, 8);
  P.writeUInt32BE(tweakLen, 12);
  return { ecb, u, v, b, d, macP: ecb(P) };
}

function num(numerals: readonly number[], from: number, to: number, radix: bigint): bigint {
  let x = 0n;
  for (let i = from; i < to; i++) x = x * radix + BigInt(numerals[i]!);
  return x;
}

function str(x: bigint, m: number, radix: bigint): number[] {
  const out = new Array<number>(m);
  for (let i = m - 1; i >= 0; i--) {
    out[i] = Number(x % radix);
    x /= radix;
  }
  return out;
}

/** y = NUM(S) for round i over the numeral value `half` (steps 6.i–6.iv). */
function roundValue(r: Rounds, tweak: Buffer, i: number, half: bigint): bigint {
  const { ecb, b, d } = r;
  // Q = T || [0]^((−t−b−1) mod 16) || [i]^1 || [NUM_radix(B)]^b; P || Q is a whole number of blocks.
  const pad = (((-tweak.length - b - 1) % 16) + 16) % 16;
  const Q = Buffer.alloc(tweak.length + pad + 1 + b);
  tweak.copy(Q, 0);
  Q[tweak.length + pad] = i;
  let h = half;
  for (let k = Q.length - 1; k > tweak.length + pad; k--) {
    Q[k] = Number(h & 0xffn);
    h >>= 8n;
  }
  // R = PRF(P || Q): CBC-MAC continuing from CIPH(P).
  let R = r.macP;
  const x = Buffer.alloc(16);
  for (let off = 0; off < Q.length; off += 16) {
    for (let k = 0; k < 16; k++) x[k] = R[k]! ^ Q[off + k]!;
    R = ecb(x);
  }
  // S = first d bytes of R || CIPH(R ⊕ [1]^16) || CIPH(R ⊕ [2]^16) || …
  const blocks = Math.ceil(d / 16);
  const S = Buffer.alloc(blocks * 16);
  R.copy(S, 0);
  for (let j = 1; j < blocks; j++) {
    const jb = Buffer.from(R);
    // [j]^16 is j as a 16-byte big-endian integer; j < 2^32 here, so only the last 4 bytes change.
    jb.writeUInt32BE((jb.readUInt32BE(12) ^ j) >>> 0, 12);
    ecb(jb).copy(S, j * 16);
  }
  return BigInt('0x' + S.subarray(0, d).toString('hex'));
}

function check(numerals: readonly number[], radix: number): void {
  for (const x of numerals) {
    if (!Number.isInteger(x) || x < 0 || x >= radix) throw new RangeError('FF1 numeral out of range for the radix');
  }
}

/** FF1.Encrypt(K, T, X) for a numeral string X in base `radix` (SP 800-38G Algorithm 7). */
export function ff1Encrypt(key: Buffer, tweak: Buffer, radix: number, numerals: readonly number[]): number[] {
  const r = setup(key, tweak.length, radix, numerals.length);
  check(numerals, radix);
  const R = BigInt(radix);
  const modU = R ** BigInt(r.u);
  const modV = R ** BigInt(r.v);
  let A = num(numerals, 0, r.u, R);
  let B = num(numerals, r.u, numerals.length, R);
  for (let i = 0; i < 10; i++) {
    const y = roundValue(r, tweak, i, B);
    const mod = i % 2 === 0 ? modU : modV;
    const c = (A + y) % mod;
    A = B;
    B = c;
  }
  // After 10 rounds A holds u numerals and B holds v (the halves swap every round).
  return [...str(A, r.u, R), ...str(B, r.v, R)];
}

/** FF1.Decrypt(K, T, Y) (SP 800-38G Algorithm 8): the inverse of ff1Encrypt. */
export function ff1Decrypt(key: Buffer, tweak: Buffer, radix: number, numerals: readonly number[]): number[] {
  const r = setup(key, tweak.length, radix, numerals.length);
  check(numerals, radix);
  const R = BigInt(radix);
  const modU = R ** BigInt(r.u);
  const modV = R ** BigInt(r.v);
  let A = num(numerals, 0, r.u, R);
  let B = num(numerals, r.u, numerals.length, R);
  for (let i = 9; i >= 0; i--) {
    const y = roundValue(r, tweak, i, A);
    const mod = i % 2 === 0 ? modU : modV;
    const c = (((B - y) % mod) + mod) % mod;
    B = A;
    A = c;
  }
  return [...str(A, r.u, R), ...str(B, r.v, R)];
}

/** Smallest numeral-string length allowed for a radix: radix^minlen ≥ 1,000,000 and ≥ 2
 *  (SP 800-38G rev. 1 §5.2, which raised the domain minimum to one million). */
export function ff1MinLength(radix: number): number {
  let len = 2;
  while (radix ** len < 1_000_000) len++;
  return len;
}
