// Number formatting shared by the renderers. Locale-free on purpose (deterministic output
// whatever the machine's locale): thousands separated by ",", at most 4 significant decimals.
import type { Report } from '../report.js';

/** A column's entry in a record keyed by column names, own properties only: a column named
 *  "constructor" or "toString" must not find Object.prototype's (issue 11 item 4). */
export function own<T>(o: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return o !== undefined && Object.hasOwn(o, key) ? o[key] : undefined;
}

/** C0 and C1 controls, DEL, and the bidirectional overrides/isolates/marks: in a column name
 *  (data, not kanon's text) they could recolour, move the cursor, clear a terminal or reorder
 *  what a reader sees (Trojan Source, Boucher & Anderson 2021). Issue 11 item 12. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** The string with every control character written as a visible escape (`\x1b`, `\u202e`).
 *  Every renderer passes names through this (Markdown and HTML escape on top). */
export function visible(s: string): string {
  return s.replace(CONTROL, (ch) => {
    const c = ch.charCodeAt(0);
    return c < 0x100 ? `\\x${c.toString(16).padStart(2, '0')}` : `\\u${c.toString(16).padStart(4, '0')}`;
  });
}

export function int(x: number): string {
  return String(Math.round(x)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function pct(x: number): string {
  const p = x * 100;
  if (p === 0) return '0%';
  return `${Number(p.toPrecision(p < 1 ? 2 : 4))}%`;
}

export function num(x: number): string {
  return Number.isInteger(x) ? int(x) : String(Number(x.toPrecision(4)));
}

/** One row per measure: label, before, after — the side-by-side table every renderer shows. */
export function measureRows(r: Report): [string, string, string][] {
  const b = r.before,
    a = r.after;
  const rows: [string, string, string][] = [
    ['records', int(b.records), int(a.records)],
    ['equivalence classes', int(b.classes), int(a.classes)],
    ['k (smallest class)', int(b.k), int(a.k)],
    ['sample uniques', int(b.sampleUniques), int(a.sampleUniques)],
    ['highest risk (prosecutor)', pct(b.prosecutor.highest), pct(a.prosecutor.highest)],
    ['records at highest risk', int(b.prosecutor.recordsAtHighest), int(a.prosecutor.recordsAtHighest)],
    ['average risk (prosecutor)', pct(b.prosecutor.average), pct(a.prosecutor.average)],
  ];
  b.prosecutor.recordsAtRisk.forEach((x, i) => {
    rows.push([`records with risk > ${pct(x.risk)}`, pct(x.share), pct(a.prosecutor.recordsAtRisk[i]?.share ?? 0)]);
  });
  if (b.journalist.source === 'population-table') {
    rows.push(['highest risk (journalist)', pct(b.journalist.highest), pct(a.journalist.highest)]);
    rows.push(['average risk (journalist)', pct(b.journalist.average), pct(a.journalist.average)]);
  }
  rows.push(['average risk (marketer)', pct(b.marketer.average), pct(a.marketer.average)]);
  const pu = r.populationUniqueness;
  if (pu) {
    const show = (e: typeof pu.before.chosen) => (e && e.share !== null ? `${pct(e.share)} (${e.model})` : 'no estimate');
    rows.push(['population uniques (estimated)', show(pu.before.chosen), show(pu.after.chosen)]);
  }
  return rows;
}

/** "level 2 of 4 (10-year bands)" / "operator hmac" / "kept". */
export function transformText(c: Report['columns'][number]): string {
  if (c.role === 'identifier') return `operator ${c.operator ?? '?'}`;
  if (c.role === 'quasi') {
    if (c.recoding === 'local') return 'local recoding (per group of similar records)';
    const of = c.maxLevel !== undefined ? ` of ${c.maxLevel}` : '';
    return `level ${c.level ?? 0}${of}`;
  }
  return 'kept';
}

/** "why this level": what the next lower level would have cost. */
export function explanationText(e: Report['explanations'][number]): string {
  if (e.lower === null) return 'original values (level 0)';
  const l = e.lower;
  if (!l.satisfiable) {
    return l.violatingRecords !== undefined
      ? `level ${l.level} would leave ${int(l.violatingRecords)} records in classes that break the privacy models, more than the suppression limit allows`
      : `level ${l.level} cannot satisfy the privacy models`;
  }
  const parts: string[] = [];
  if (l.suppressed !== undefined) parts.push(`${int(l.suppressed)} records would have to be suppressed`);
  if (l.loss !== undefined) parts.push(`loss ${num(l.loss)}`);
  return `level ${l.level} satisfies the models but ${parts.join(', ') || 'costs more'}, at a higher information loss`;
}
