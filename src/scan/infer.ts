// Cell-level type classes and date parsing for the profiler. Runs once per cell, so it is a
// handful of anchored regexes and no allocation beyond the match.

/** 0 integer, 1 decimal, 2 date, 3 datetime, 4 boolean word, 5 other. */
export type CellClass = 0 | 1 | 2 | 3 | 4 | 5;

const INTEGER = /^[-+]?\d+$/;
const DECIMAL = /^[-+]?(?:\d+[.,]\d+|\.\d+|\d+(?:\.\d+)?[eE][-+]?\d+)$/;
const BOOLEAN = /^(?:true|false|yes|no|y|n|t|f)$/i;
// ISO 8601 calendar dates; US month/day/year; day.month.year; year/month/day.
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const SLASH_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const DOT_DATE = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/;
const YMD_SLASH = /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/;
const ISO_DATETIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/;

export function classify(v: string): CellClass {
  if (INTEGER.test(v)) return 0;
  if (DECIMAL.test(v)) return 1;
  if (BOOLEAN.test(v)) return 4;
  const c = v.charCodeAt(0);
  if (c < 48 || c > 57) return 5;
  if (ISO_DATETIME.test(v)) return parseDate(v) === undefined ? 5 : 3;
  return parseDate(v) === undefined ? 5 : 2;
}

function days(y: number, m: number, d: number): number | undefined {
  if (m < 1 || m > 12 || d < 1 || d > 31 || y < 1000 || y > 2999) return undefined;
  const t = Date.UTC(y, m - 1, d);
  const back = new Date(t);
  if (back.getUTCDate() !== d) return undefined; // 2023-02-30
  return Math.floor(t / 86_400_000);
}

/** Days since 1970-01-01 for a date or datetime cell, or undefined. "03/04/2021" is read as
 *  US month/day unless the first number exceeds 12. */
export function parseDate(v: string): number | undefined {
  let m = ISO_DATE.exec(v) ?? ISO_DATETIME.exec(v);
  if (m) return days(+m[1]!, +m[2]!, +m[3]!);
  if ((m = SLASH_DATE.exec(v))) {
    const a = +m[1]!,
      b = +m[2]!;
    return a > 12 ? days(+m[3]!, b, a) : days(+m[3]!, a, b);
  }
  if ((m = DOT_DATE.exec(v))) return days(+m[3]!, +m[2]!, +m[1]!);
  if ((m = YMD_SLASH.exec(v))) return days(+m[1]!, +m[2]!, +m[3]!);
  return undefined;
}

export function isoDay(dayNumber: number): string {
  return new Date(dayNumber * 86_400_000).toISOString().slice(0, 10);
}

export function parseNumber(v: string): number {
  return Number(v.replace(',', '.'));
}
