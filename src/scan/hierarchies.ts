// Hierarchy drafts for quasi-identifiers: interval ladders from the observed numeric range,
// age bands and date ladders (category trees: trees.ts).
//
// Values in the policy (decision for issue 6): the draft is written by the user's own command
// to their own disk and must run as is, but policy files get committed and shared, so a label
// goes into a tree only when it says nothing about fewer than k people (trees.ts). Interval
// bounds are the observed min/max rounded outward to the finest bin width (age: to 20 years).

/** 1, 2, 5 × 10^e: the finest width giving at most `bins` bins over the span. */
function niceWidth(span: number, bins: number): number {
  const raw = span / bins;
  const e = Math.floor(Math.log10(raw > 0 ? raw : 1));
  for (const m of [1, 2, 5, 10]) {
    const w = m * 10 ** e;
    if (span / w <= bins) return round(w);
  }
  return round(10 ** (e + 1));
}

function round(x: number): number {
  return Number(x.toPrecision(12));
}

/** Widths w, 2w, 4w, … (each a multiple of the one before, so the bins nest) up to 4 levels
 *  or until one bin covers half the range; min floored to the widest band, max raised to w strictly above the
 *  largest observed value so that it is covered whether the builder's upper bound is inclusive
 *  or exclusive. Undefined when doubles cannot carry such bands (issue 11 item 7): a range
 *  wider than the largest double (-1.7e308..1.7e308), bounds that overflow when rounded out,
 *  or a width below the spacing of doubles at the bounds (integers past 2^53 that differ by
 *  less than their precision) — the caller drafts a mask instead and says why. */
export function intervalHierarchy(min: number, max: number, integer: boolean): Record<string, unknown> | undefined {
  const span = max - min;
  if (!Number.isFinite(span)) return undefined;
  let w = niceWidth(span > 0 ? span : 1, 20);
  if (integer && w < 1) w = 1;
  const widths = [w];
  while (widths.length < 4 && widths[widths.length - 1]! * 2 < span) widths.push(round(widths[widths.length - 1]! * 2));
  // Aligned at a multiple of the widest band, so that every level's bands start at round
  // numbers (hours 40 → 40-44, 40-49, 40-59, 40-79 rather than bands from the minimum).
  const top = widths[widths.length - 1]!;
  const lo = round(Math.floor(min / top) * top);
  const hi = round(Math.floor(max / w) * w + w);
  const sound = [...widths, lo, hi].every(Number.isFinite) && lo <= min && hi > max && lo + w > lo && hi - w < hi;
  return sound ? { type: 'interval', widths, min: lo, max: hi } : undefined;
}

export const DATE_LEVELS = ['month', 'year', '5years', 'decade'];

/** Ages: 5-, 10- and 20-year bands (the Adult hierarchy's 5/10/20 years, issue 13), aligned
 *  at a multiple of 20 below the youngest and ending past the oldest. */
export function ageHierarchy(min: number, max: number): Record<string, unknown> {
  const lo = Math.max(0, Math.floor(min / 20) * 20);
  return { type: 'interval', widths: [5, 10, 20], min: lo, max: Math.floor(max / 20) * 20 + 20 };
}
