// Exact decimal arithmetic for interval cut points (issue 11 item 15): a number is m / 10^s
// with a bigint m and s ≥ 0, read from its decimal text. Binary doubles cannot hold 0.1 or 0.3,
// so floor((0.3 - 0) / 0.1) is 2 in floating point and 0.3 was labelled [0.2,0.3); in scaled
// integers it is 3 / 1 = 3. Policy numbers arrive as doubles: their shortest round-trip text
// (String(0.1) === "0.1", ECMA-262 Number::toString) is the decimal the user wrote.

export interface Dec {
  m: bigint;
  s: number;
}

const TEXT = /^\s*([-+]?)(\d*)(?:\.(\d*))?(?:[eE]([-+]?\d+))?\s*$/;

/** The exact decimal of a numeric text, or undefined (no digits, or an exponent too large to
 *  be a finite double — the caller rejects non-finite values before this). */
export function parseDec(text: string): Dec | undefined {
  const r = TEXT.exec(text);
  if (r === null) return undefined;
  const int = r[2] ?? '';
  const frac = r[3] ?? '';
  if (int === '' && frac === '') return undefined;
  const e = r[4] === undefined ? 0 : Number(r[4]);
  if (!Number.isSafeInteger(e) || Math.abs(e) > 400) return undefined;
  let m = BigInt(int + frac || '0');
  let s = frac.length - e;
  if (s < 0) {
    m *= 10n ** BigInt(-s);
    s = 0;
  }
  if (r[1] === '-') m = -m;
  return trim({ m, s });
}

export function fromNumber(x: number): Dec {
  const d = parseDec(String(x));
  if (d === undefined) throw new RangeError('not a finite number');
  return d;
}

/** Drop trailing zeros of the fraction (1.50 → 1.5), so that scales stay small. */
function trim(d: Dec): Dec {
  let { m, s } = d;
  while (s > 0 && m % 10n === 0n) {
    m /= 10n;
    s--;
  }
  return { m, s };
}

/** m at scale s (s ≥ d.s). */
export function at(d: Dec, s: number): bigint {
  return d.m * 10n ** BigInt(s - d.s);
}

export function cmp(a: Dec, b: Dec): number {
  const s = Math.max(a.s, b.s);
  const x = at(a, s),
    y = at(b, s);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** ⌊a / b⌋ for b > 0 (bigint division truncates towards zero). */
export function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n ? q - 1n : q;
}

/** Is a an integer multiple of b (b > 0)? */
export function isMultipleOf(a: Dec, b: Dec): boolean {
  const s = Math.max(a.s, b.s);
  return at(a, s) % at(b, s) === 0n;
}

export function isInteger(d: Dec): boolean {
  return d.s === 0;
}

/** Text of m / 10^s, as the shortest double text (so labels read "20", "2.5", "1e+21" as
 *  before; every bound here is a sum of policy decimals, printed as the user wrote them). */
export function decText(m: bigint, s: number): string {
  const neg = m < 0n;
  let digits = (neg ? -m : m).toString();
  if (s > 0) {
    digits = digits.padStart(s + 1, '0');
    digits = `${digits.slice(0, -s)}.${digits.slice(-s)}`.replace(/\.?0+$/, '');
  }
  return String(Number(`${neg ? '-' : ''}${digits}`));
}
