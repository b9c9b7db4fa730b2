// JSON rendering of the report: keys sorted at every depth, 2-space indent, final newline, so
// the same report is always the same bytes (diffable in CI, hashable).
import type { Report } from '../report.js';

function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (v !== null && typeof v === 'object') {
    // No prototype: a key "__proto__" (a column named so, in loss.perColumn) is then an
    // ordinary property instead of a prototype assignment that would drop it.
    const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    for (const k of Object.keys(v).sort()) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== undefined) out[k] = canonical(x);
    }
    return out;
  }
  return v;
}

export function renderJson(report: Report): string {
  return `${JSON.stringify(canonical(report), null, 2)}\n`;
}
