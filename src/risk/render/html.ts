// One self-contained HTML page: inline CSS, inline SVG charts, no script, no network, no
// external font. Charts carry stable ids/classes (`svg.chart.histogram#chart-histogram`,
// `svg.chart.levels#chart-levels`, `svg.chart.risk#chart-risk`) and bars `rect.bar` with
// data-value, so tests and users can find them.
import type { Report } from '../report.js';
import { bucketLabel } from '../histogram.js';
import { formatGateFailure, type GateResult } from '../gate.js';
import { explanationText, int, measureRows, num, own, pct, transformText, visible } from './format.js';

export function esc(s: string): string {
  return visible(s).replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

const CSS = `body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222;max-width:60em}
table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;padding:.2em .6em;text-align:left}.before{fill:#9ab}.after{fill:#258}.level{fill:#c73}
.axis{font-size:11px;fill:#444}.fail{color:#b00}.pass{color:#070}footer{color:#777;font-size:12px}`;

/** Grouped vertical bars: one group per label, one bar per series. */
function barChart(id: string, cls: string, title: string, labels: string[], series: { name: string; values: number[] }[],
  fmt: (x: number) => string): string {
  const W = Math.max(260, 52 * labels.length + 60), H = 200, top = 20, base = 160;
  const max = Math.max(1e-12, ...series.flatMap((s) => s.values));
  const bw = 32 / series.length;
  const parts: string[] = [];
  labels.forEach((label, i) => {
    const x0 = 50 + i * 52;
    series.forEach((s, k) => {
      const v = s.values[i] ?? 0;
      const h = v > 0 ? Math.max(1, ((base - top) * v) / max) : 0;
      parts.push(`<rect class="bar ${s.name}" data-value="${v}" x="${x0 + k * bw}" y="${(base - h).toFixed(2)}" width="${bw - 1}" height="${h.toFixed(2)}"><title>${esc(`${label} ${s.name}: ${fmt(v)}`)}</title></rect>`);
    });
    parts.push(`<text class="axis" x="${x0 + 16}" y="${base + 14}" text-anchor="middle">${esc(label)}</text>`);
  });
  parts.push(`<text class="axis" x="4" y="${top}">${esc(fmt(max))}</text><line x1="48" y1="${base}" x2="${W}" y2="${base}" stroke="#888"/>`);
  const legend = series.map((s, k) => `<rect class="${s.name}" x="${50 + k * 90}" y="${H - 16}" width="10" height="10"/><text class="axis" x="${64 + k * 90}" y="${H - 7}">${esc(s.name)}</text>`);
  return `<svg id="${id}" class="chart ${cls}" xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(title)}">${parts.join('')}${legend.join('')}</svg>`;
}

/** Horizontal bars: chosen generalization level per quasi-identifier. */
function levelChart(report: Report): string {
  const qis = report.columns.filter((c) => c.role === 'quasi');
  const H = 24 * qis.length + 20, W = 420;
  const rows = qis.map((c, i) => {
    const max = Math.max(1, c.maxLevel ?? c.level ?? 1);
    const w = (260 * (c.level ?? 0)) / max;
    const y = 10 + i * 24;
    return `<text class="axis" x="0" y="${y + 13}">${esc(c.name)}</text><rect class="bar level" data-value="${c.level ?? 0}" x="150" y="${y}" width="${w.toFixed(2)}" height="16"><title>${esc(transformText(c))}</title></rect><rect x="150" y="${y}" width="260" height="16" fill="none" stroke="#ccc"/>`;
  });
  return `<svg id="chart-levels" class="chart levels" xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="generalization level per quasi-identifier">${rows.join('')}</svg>`;
}

function table(head: string[], rows: string[][]): string {
  return `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((x) => `<td>${esc(x)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

export function renderHtml(report: Report, options: { gate?: GateResult; title?: string } = {}): string {
  const h = report.after.histogram, hb = report.before.histogram;
  const body: string[] = [`<h1>${esc(options.title ?? 'kanon risk report')}</h1>`];
  body.push(`<p>${int(report.before.records)} records in, ${int(report.after.records)} released, ${int(report.suppression.records)} suppressed (${pct(report.suppression.share)}).</p>`);
  if (options.gate) {
    body.push(options.gate.passed ? '<p class="pass"><strong>Risk gate: passed</strong></p>'
      : `<div class="fail"><strong>Risk gate: FAILED</strong><ul>${options.gate.failures.map((f) => `<li>${esc(formatGateFailure(f))}</li>`).join('')}</ul></div>`);
  }
  body.push('<h2>Risk before and after</h2>', table(['measure', 'before', 'after'], measureRows(report)));
  body.push('<h2>Class sizes</h2>', barChart('chart-histogram', 'histogram', 'number of equivalence classes by size',
    h.map(bucketLabel), [{ name: 'before', values: hb.map((b) => b.classes) }, { name: 'after', values: h.map((b) => b.classes) }], int));
  const taus = report.after.prosecutor.recordsAtRisk;
  body.push('<h2>Records above each risk threshold</h2>', barChart('chart-risk', 'risk', 'share of records above each risk threshold',
    taus.map((t) => `>${pct(t.risk)}`),
    [{ name: 'before', values: report.before.prosecutor.recordsAtRisk.map((t) => t.share) }, { name: 'after', values: taus.map((t) => t.share) }], pct));
  const why = new Map(report.explanations.map((e) => [e.column, explanationText(e)]));
  const loss = report.loss?.perColumn ?? {};
  body.push('<h2>Columns</h2>', levelChart(report), table(['column', 'role', 'transformation', 'loss', 'why this level'],
    report.columns.map((c) => [c.name, c.role, transformText(c), own(loss, c.name) !== undefined ? num(own(loss, c.name)!) : '', why.get(c.name) ?? ''])));
  if (report.sensitive.length) {
    body.push('<h2>Sensitive columns</h2>', table(['column', 'distinct l', 'entropy l', 't', 'distance'],
      report.sensitive.map((s) => [s.column, String(s.after.distinctL), s.after.entropyL.toFixed(2), s.after.t.toFixed(3), s.after.distance])));
  }
  if (report.riskDrivers.length) {
    body.push('<h2>What drives the remaining risk</h2>', table(['quasi-identifier', 'sample uniques that depend on it', 'share'],
      report.riskDrivers.map((d) => [d.column, int(d.uniquesRemoved), pct(d.share)])));
  }
  if (report.smallestClasses?.length) {
    body.push('<h2>Smallest classes</h2>', table(['size', 'labels'], report.smallestClasses.map((s) => [int(s.size), s.labels.join(', ')])));
  }
  const fp = report.fingerprints;
  body.push(`<footer>kanon ${esc(report.tool.version)} · report format v${report.reportVersion} · policy sha256 ${esc(fp.policySha256)} · input sha256 ${esc(fp.inputSha256)}${fp.keyFingerprint ? ` · key ${esc(fp.keyFingerprint)}` : ''}${report.generatedAt ? ` · ${esc(report.generatedAt)}` : ''}</footer>`);
  return `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"><title>${esc(options.title ?? 'kanon risk report')}</title><style>${CSS}</style></head><body>${body.join('\n')}</body></html>\n`;
}
