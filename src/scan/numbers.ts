// Per-value content rules for numbered identifiers: US SSN, payment card, IBAN, phone number.
// Check digits and issuer rules do the work, so that order numbers, product codes and other
// digit strings of the same length are not taken for them.

/** US SSN in the printed form ddd-dd-dddd (or spaced); bare 9 digits only when `bare` is set
 *  (a header says SSN), because any 9-digit number would pass otherwise. Rules of the SSA
 *  (Program Operations Manual RM 10201.035 / "SSN randomization", 2011): area not 000, 666
 *  or 900–999; group not 00; serial not 0000. */
export function isSsn(v: string, opts: { bare?: boolean } = {}): boolean {
  const m = /^(\d{3})([- ]?)(\d{2})\2(\d{4})$/.exec(v);
  if (!m) return false;
  if (m[2] === '' && !opts.bare) return false;
  const area = m[1]!;
  if (area === '000' || area === '666' || area[0] === '9') return false;
  return m[3] !== '00' && m[4] !== '0000';
}

/** Luhn (ISO/IEC 7812-1 annex B) over a digit string. */
export function luhn(digits: string): boolean {
  let sum = 0;
  let dbl = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (dbl) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    dbl = !dbl;
  }
  return sum % 10 === 0;
}

// Issuer identification number prefixes and lengths of the major schemes (ISO/IEC 7812;
// scheme rules as published by Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay).
const IIN: Array<[RegExp, number[]]> = [
  [/^4/, [13, 16, 19]],
  [/^(5[1-5]|222[1-9]|22[3-9]\d|2[3-6]\d\d|27[01]\d|2720)/, [16]],
  [/^3[47]/, [15]],
  [/^(6011|64[4-9]|65)/, [16, 17, 18, 19]],
  [/^(352[89]|35[3-8]\d)/, [16, 17, 18, 19]],
  [/^(30[0-5]|36|38|39)/, [14, 15, 16, 17, 18, 19]],
  [/^62/, [16, 17, 18, 19]],
  [/^(50|5[6-9]|6[0-9])/, [12, 13, 14, 15, 16, 17, 18, 19]],
];

/** 13–19 digits, optionally grouped by single spaces or dashes, known IIN, valid Luhn. */
export function isCardNumber(v: string): boolean {
  if (!/^\d[\d -]{11,22}\d$/.test(v) || /[ -]{2}/.test(v)) return false;
  const digits = v.replace(/[ -]/g, '');
  if (digits.length < 13 || digits.length > 19) return false;
  if (!IIN.some(([re, lens]) => re.test(digits) && lens.includes(digits.length))) return false;
  return luhn(digits);
}

// IBAN lengths per country (ISO 13616 registry, SWIFT, release 2024).
const IBAN_LENGTH: Record<string, number> = {
  AD: 24,
  AE: 23,
  AL: 28,
  AT: 20,
  AZ: 28,
  BA: 20,
  BE: 16,
  BG: 22,
  BH: 22,
  BR: 29,
  BY: 28,
  CH: 21,
  CR: 22,
  CY: 28,
  CZ: 24,
  DE: 22,
  DK: 18,
  DO: 28,
  EE: 20,
  EG: 29,
  ES: 24,
  FI: 18,
  FO: 18,
  FR: 27,
  GB: 22,
  GE: 22,
  GI: 23,
  GL: 18,
  GR: 27,
  GT: 28,
  HR: 21,
  HU: 28,
  IE: 22,
  IL: 23,
  IQ: 23,
  IS: 26,
  IT: 27,
  JO: 30,
  KW: 30,
  KZ: 20,
  LB: 28,
  LC: 32,
  LI: 21,
  LT: 20,
  LU: 20,
  LV: 21,
  MC: 27,
  MD: 24,
  ME: 22,
  MK: 19,
  MR: 27,
  MT: 31,
  MU: 30,
  NL: 18,
  NO: 15,
  PK: 24,
  PL: 28,
  PS: 29,
  PT: 25,
  QA: 29,
  RO: 24,
  RS: 22,
  SA: 24,
  SC: 31,
  SE: 24,
  SI: 19,
  SK: 24,
  SM: 27,
  ST: 25,
  SV: 28,
  TL: 23,
  TN: 24,
  TR: 26,
  UA: 29,
  VA: 22,
  VG: 24,
  XK: 20,
};

/** ISO 13616: registered country, its length, and the ISO 7064 mod 97-10 check (== 1). */
export function isIban(v: string): boolean {
  const s = v.replace(/ /g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(s)) return false;
  if (IBAN_LENGTH[s.slice(0, 2)] !== s.length) return false;
  const moved = s.slice(4) + s.slice(0, 4);
  let rem = 0;
  for (const ch of moved) {
    const c = ch.charCodeAt(0);
    const n = c >= 65 ? c - 55 : c - 48;
    rem = n >= 10 ? (rem * 100 + n) % 97 : (rem * 10 + n) % 97;
  }
  return rem === 1;
}

// Phone numbers (ITU-T E.164: at most 15 digits). Accepted shapes:
//  - international: "+" country code then digit groups, optional "(0)" or "(area)";
//  - NANP: (415) 555-0132, 415-555-0132, 415.555.0132, 1-415-555-0132 — area and exchange
//    codes start 2–9 (NANPA numbering plan);
//  - national trunk-prefix forms used across Europe and elsewhere: 020 7946 0958,
//    030/12345678, 01 23 45 67 89 (a leading 0 then separated groups).
// A bare digit run counts only with `bare` (a header says phone): IDs look the same.
const INTL = /^\+[1-9]\d{0,3}(?:[ .-]?\(\d{1,4}\))?(?:[ .-]?\d{1,6}){1,6}$/;
const NANP = /^(?:\+?1[ .-]?)?(?:\([2-9]\d{2}\)\s?|[2-9]\d{2}[ .-])[2-9]\d{2}[ .-]\d{4}$/;
const NATIONAL = /^0\d{1,4}(?:[ ./-]\d{2,8}){1,4}$/;
const SSN_LAYOUT = /^\d{3}[- ]\d{2}[- ]\d{4}$/;
const NANP_BARE = /^1?[2-9]\d{2}[2-9]\d{6}$/;
export function isPhone(v: string, opts: { bare?: boolean } = {}): boolean {
  const digits = v.replace(/\D/g, '').length;
  if (digits < 7 || digits > 15) return false;
  if (v.startsWith('+')) return INTL.test(v) && digits >= 8;
  if (NANP.test(v)) return true;
  // ddd-dd-dddd is the SSN layout, never a national phone grouping.
  if (SSN_LAYOUT.test(v)) return false;
  if (NATIONAL.test(v)) return digits >= 9 && digits <= 12;
  if (opts.bare && /^\d+$/.test(v)) return NANP_BARE.test(v) || (v.startsWith('0') && digits >= 9 && digits <= 12);
  return false;
}
