// Date parsing/printing for dateShift: ISO 8601 dates and datetimes by default, or a user
// format with the tokens YYYY MM DD HH mm ss. Only the calendar date is ever rewritten; the
// rest of the text (time, offset, fraction, literals) is kept byte for byte, so the output has
// exactly the input's format. Calendar arithmetic is on day numbers in the proleptic Gregorian
// calendar (no Date, no time zones: no DST or two-digit-year surprises).

export interface ParsedDate {
  y: number;
  m: number;
  d: number;
  /** Rebuild the text with another date. */
  render(y: number, m: number, d: number): string;
}

export type DateParser = (text: string) => ParsedDate | undefined;

const pad = (n: number, w: number): string => String(n).padStart(w, '0');

export function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Days since 1970-01-01 (H. Hinnant, "chrono-compatible low-level date algorithms"). */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function civilFromDays(z: number): [number, number, number] {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  return [era * 400 + yoe + (m <= 2 ? 1 : 0), m, d];
}

const validDate = (y: number, m: number, d: number): boolean => m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);

// YYYY-MM-DD, optionally T (or a space) HH:MM[:SS[.f…]][Z|±HH:MM]
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:([T ])(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))?)?$/;

export const isoParser: DateParser = (text) => {
  const g = ISO.exec(text);
  if (g === null) return undefined;
  const [y, m, d] = [Number(g[1]), Number(g[2]), Number(g[3])];
  if (!validDate(y, m, d)) return undefined;
  if (g[4] !== undefined) {
    if (Number(g[5]) > 23 || Number(g[6]) > 59 || (g[7] !== undefined && Number(g[7]) > 60)) return undefined;
    if (g[8] !== undefined && (Number(g[8]) > 23 || Number(g[9]) > 59)) return undefined;
  }
  const rest = text.slice(10);
  return { y, m, d, render: (y2, m2, d2) => `${pad(y2, 4)}-${pad(m2, 2)}-${pad(d2, 2)}${rest}` };
};

type Token = 'YYYY' | 'MM' | 'DD' | 'HH' | 'mm' | 'ss';
const TOKENS: readonly Token[] = ['YYYY', 'MM', 'DD', 'HH', 'mm', 'ss'];
const MAX: Record<Token, number> = { YYYY: 9999, MM: 12, DD: 31, HH: 23, mm: 59, ss: 60 };

/** A parser for a format like "DD/MM/YYYY" or "MM/DD/YYYY HH:mm"; undefined if the format is bad. */
export function formatParser(format: string): DateParser | undefined {
  const parts: (Token | { lit: string })[] = [];
  let re = '^';
  for (let i = 0; i < format.length; ) {
    const tok = TOKENS.find((t) => format.startsWith(t, i));
    if (tok !== undefined) {
      if (parts.includes(tok)) return undefined;
      parts.push(tok);
      re += tok === 'YYYY' ? '(\\d{4})' : '(\\d{2})';
      i += tok.length;
    } else {
      const ch = format[i]!;
      parts.push({ lit: ch });
      re += ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      i++;
    }
  }
  if (!parts.includes('YYYY') || !parts.includes('MM') || !parts.includes('DD')) return undefined;
  const rx = new RegExp(re + '$');
  const toks = parts.filter((p): p is Token => typeof p === 'string');
  return (text) => {
    const g = rx.exec(text);
    if (g === null) return undefined;
    const val = new Map<Token, string>();
    toks.forEach((t, i) => {
      val.set(t, g[i + 1]!);
    });
    for (const [t, v] of val) if (Number(v) > MAX[t]) return undefined;
    const y = Number(val.get('YYYY')),
      m = Number(val.get('MM')),
      d = Number(val.get('DD'));
    if (!validDate(y, m, d)) return undefined;
    return {
      y,
      m,
      d,
      render: (y2, m2, d2) =>
        parts
          .map((p) => (typeof p !== 'string' ? p.lit : p === 'YYYY' ? pad(y2, 4) : p === 'MM' ? pad(m2, 2) : p === 'DD' ? pad(d2, 2) : val.get(p)!))
          .join(''),
    };
  };
}
