// Turning a 256-bit digest (8 big-endian 32-bit words) into a short token of `length`
// characters. hex and base32 take the leading bits; base62 takes the low `length` base-62
// digits of the leading words read as one number (see below).
// Each encoder works on the words in place — no BigInt, no Buffer — since it runs per value.

export type TokenEncoding = 'hex' | 'base32' | 'base62';

const HEX = '0123456789abcdef';
/** RFC 4648 base32 alphabet, lower-cased (tokens read better; case-insensitive anyway). */
const B32 = 'abcdefghijklmnopqrstuvwxyz234567';
const B62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const codesOf = (s: string): number[] => Array.from(s, (ch) => ch.charCodeAt(0));
const HEXC = codesOf(HEX),
  B32C = codesOf(B32),
  B62C = codesOf(B62);

/** Most characters each encoding can take from 256 bits. */
export const MAX_TOKEN_LENGTH: Record<TokenEncoding, number> = { hex: 64, base32: 51, base62: 43 };

/** Bits of the digest a token of this encoding and length carries (for collision odds). */
export function tokenBits(encoding: TokenEncoding, length: number): number {
  return encoding === 'hex' ? 4 * length : encoding === 'base32' ? 5 * length : length * Math.log2(62);
}

/** The token's character codes (ASCII letters and digits only), in one array that the next
 *  call overwrites: a byte writer copies them without making a string. */
export function tokenCodes(encoding: TokenEncoding, length: number): (words: Int32Array) => number[] {
  if (encoding === 'hex') {
    const codes = new Array<number>(length);
    return (w) => {
      for (let i = 0; i < length; i++) codes[i] = HEXC[(w[i >>> 3]! >>> (28 - 4 * (i & 7))) & 15]!;
      return codes;
    };
  }
  if (encoding === 'base32') {
    const codes = new Array<number>(length);
    return (w) => {
      for (let i = 0; i < length; i++) {
        const bit = 5 * i;
        const word = bit >>> 5,
          shift = bit & 31;
        // 5 bits starting at `bit` (MSB-first); they may straddle two words.
        let v = (w[word]! << shift) >>> 27;
        if (shift > 27 && word < 7) v |= (w[word + 1]! >>> 0) >>> (59 - shift);
        codes[i] = B32C[v & 31]!;
      }
      return codes;
    };
  }
  // base62: N = the first W words (W = enough for the token plus 32 spare bits, so the bias of
  // N mod 62^length is below 2^-32), divided by 62^3 at a time (rem·2^32 + limb < 2^50 stays
  // exact in a double), each remainder giving 3 digits.
  const W = Math.min(8, Math.ceil((length * Math.log2(62)) / 32) + 1);
  const limbs = new Float64Array(W);
  const codes = new Array<number>(length);
  const D = 62 * 62 * 62;
  return (w) => {
    for (let i = 0; i < W; i++) limbs[i] = w[i]! >>> 0;
    for (let c = length - 1; c >= 0; ) {
      let rem = 0;
      for (let i = 0; i < W; i++) {
        const cur = rem * 0x100000000 + limbs[i]!;
        const q = Math.floor(cur / D);
        limbs[i] = q;
        rem = cur - q * D;
      }
      // rem < 62^3 is an exact integer: int32 arithmetic here, since a double's % is a call to fmod.
      let r = rem | 0;
      for (let k = 0; k < 3 && c >= 0; k++, c--) {
        const q = (r / 62) | 0;
        codes[c] = B62C[r - q * 62]!;
        r = q;
      }
    }
    return codes;
  };
}
