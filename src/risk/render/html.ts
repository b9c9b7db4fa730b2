// The HTML report: a document a privacy officer can hand on (issue 17). One self-contained
// page — inline CSS and SVG, no script, no network, no external font — that prints well
// (@media print). Order: verdict in plain words, warnings, risk before/after, class sizes on a
// log scale, per quasi-identifier what the released data still says (distribution before and
// after, level and loss in words), sensitive columns with weak classes flagged, glossary,
// provenance (dataset, policy/input digests, kanon version).
//
// Values (`--report-values`, Report.distributions, REPORT.md "Values in the report"): this
// renderer shows whatever labels the report holds; the report builder decides. Without
// --report-values the report holds no input value: the "before" distribution is its shape only
// (unlabelled bars), the "after" distribution names only generalized labels that at least
// max(k, 11) released records carry (aggregates of the release itself); smallestClasses is
// absent. Column names, level names and kanon's own text are not values; they are escaped
// (control characters made visible, issue 11 item 12).
//
// Stable hooks for tests and users: section#verdict.verdict.{pass,warn,fail}, section#warnings
// li.warning, svg#chart-histogram.chart.histogram[data-scale=log] (g.axis.y[data-scale=log]),
// svg.chart.distribution[data-column] with g.series.before / g.series.after, svg#chart-levels
// (loss per QI), svg#chart-risk, dl#glossary, table#provenance; bars are rect.bar[data-value].
import type { Report } from '../report.js';
import type { DistributionSide, QiDistribution } from '../distributions.js';
import { bucketLabel } from '../histogram.js';
import type { GateResult } from '../gate.js';
import { explanationText, int, measureRows, num, own, pct, transformText, visible } from './format.js';
import { reportWarnings, verdict } from './verdict.js';
import { GLOSSARY } from './glossary.js';

export function esc(s: string): string {
  return visible(s).replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

const CSS = `body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2em auto;padding:0 1.5em;color:#1d1d1f;max-width:62em}
h1{font-size:1.6em;margin:.2em 0}h2{font-size:1.2em;margin:1.6em 0 .4em;border-bottom:1px solid #ddd;padding-bottom:.2em}h3{font-size:1em;margin:1.2em 0 .3em}
.meta{color:#555;margin:0 0 1em}table{border-collapse:collapse;margin:.5em 0 1em}td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left;vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.verdict{border-left:6px solid;padding:.6em 1em;margin:1em 0;background:#f6f8f6}.verdict.pass{border-color:#2a7a2a}.verdict.warn{border-color:#c98a00;background:#fffaf0}.verdict.fail{border-color:#b00020;background:#fff5f5}
.verdict .status{font-weight:700;text-transform:uppercase;letter-spacing:.05em;margin-right:.5em}.verdict.pass .status{color:#2a7a2a}.verdict.warn .status{color:#8a5d00}.verdict.fail .status{color:#b00020}
.verdict .headline{font-size:1.1em;margin:.2em 0 .5em}.verdict ul{margin:.3em 0;padding-left:1.3em}
#warnings{border:1px solid #e0b400;background:#fffbe6;padding:.4em 1em;margin:1em 0}#warnings h2{border:0;margin:.4em 0}
.weak{color:#b00020;font-weight:600}
svg.chart{display:block;margin:.4em 0 .2em;max-width:100%;height:auto}.chart .before{fill:#9fb3c8}.chart .after{fill:#1f5f99}.chart .rest{fill:#ddd}.chart .loss{fill:#c76f2e}
.chart text{font:11px system-ui,sans-serif;fill:#333}.chart .title{font-size:12px;font-weight:600}.chart .grid{stroke:#e4e4e4}.chart .axisline{stroke:#777}
figure{margin:1em 0 1.6em;break-inside:avoid;page-break-inside:avoid}figcaption{color:#333;max-width:52em}
dl#glossary dt{font-weight:600;margin-top:.5em}dl#glossary dd{margin:0 0 0 1.5em}cite{color:#666;font-style:normal;font-size:.9em}
footer{color:#777;font-size:12px;margin-top:2em}code{font-size:.9em;word-break:break-all}
@media print{body{margin:0;max-width:none;font-size:11pt}h2{break-after:avoid;page-break-after:avoid}table,figure,section,svg{break-inside:avoid;page-break-inside:avoid}.verdict,#warnings{background:none}a{color:inherit}}`;

const svgOpen = (attrs: string, W: number, H: number, label: string) =>
  `<svg ${attrs} xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(label)}">`;

function legend(x: number, y: number, names: [string, string][]): string {
  return names
    .map(
      ([cls, text], k) =>
        `<rect class="${cls}" x="${x + k * 110}" y="${y - 9}" width="10" height="10"/><text x="${x + 14 + k * 110}" y="${y}">${esc(text)}</text>`,
    )
    .join('');
}

/** Class sizes, before and after, number of classes on a log10 axis: the 49,990 one-record
 *  classes before must not hide the few large classes after (issue 17). */
function histogramChart(r: Report): string {
  const hb = r.before.histogram,
    ha = r.after.histogram;
  const W = 860,
    H = 250,
    left = 72,
    top = 28,
    base = 196,
    bw = 52;
  const max = Math.max(1, ...hb.map((b) => b.classes), ...ha.map((b) => b.classes));
  const decades = Math.max(1, Math.ceil(Math.log10(max + 0.5)));
  const floor = 0.5; // the baseline stands for ½ so that a single class gets a visible bar
  const y = (v: number) => base - ((base - top) * Math.log10(v / floor)) / Math.log10(10 ** decades / floor);
  const parts: string[] = [];
  const ticks: string[] = [];
  for (let d = 0; d <= decades; d++) {
    const ty = y(10 ** d).toFixed(1);
    ticks.push(
      `<line class="grid" x1="${left}" x2="${W - 10}" y1="${ty}" y2="${ty}"/><text class="tick" x="${left - 6}" y="${Number(ty) + 4}" text-anchor="end">${int(10 ** d)}</text>`,
    );
  }
  ha.forEach((b, i) => {
    const x0 = left + 6 + i * bw;
    [
      ['before', hb[i]?.classes ?? 0],
      ['after', b.classes],
    ].forEach(([cls, v], s) => {
      const val = v as number;
      const top1 = val > 0 ? y(val) : base;
      parts.push(
        `<rect class="bar ${cls}" data-value="${val}" x="${x0 + s * 21}" y="${top1.toFixed(1)}" width="20" height="${(base - top1).toFixed(1)}"><title>${esc(`classes of size ${bucketLabel(b)}, ${cls}: ${int(val)}`)}</title></rect>`,
      );
    });
    parts.push(`<text x="${x0 + 20}" y="${base + 14}" text-anchor="middle">${esc(bucketLabel(b))}</text>`);
  });
  return (
    `${svgOpen('id="chart-histogram" class="chart histogram" data-scale="log"', W, H, 'number of equivalence classes by class size, before and after, logarithmic scale')}` +
    `<text class="title" x="${left}" y="14">classes (log scale) by class size</text>` +
    `<g class="axis y" data-scale="log">${ticks.join('')}</g><line class="axisline" x1="${left}" x2="${W - 10}" y1="${base}" y2="${base}"/>${parts.join('')}` +
    `<text x="${(W + left) / 2}" y="${base + 30}" text-anchor="middle">records in the class</text>${legend(left, H - 6, [
      ['before', 'before'],
      ['after', 'after (released)'],
    ])}</svg>`
  );
}

/** Shares of records above each risk threshold, before and after (linear: shares 0–100 %). */
function riskChart(r: Report): string {
  const taus = r.after.prosecutor.recordsAtRisk;
  const W = Math.max(300, 90 * taus.length + 80),
    H = 190,
    left = 50,
    top = 20,
    base = 150;
  const parts: string[] = [
    `<line class="axisline" x1="${left}" x2="${W - 10}" y1="${base}" y2="${base}"/><text x="${left - 6}" y="${top + 4}" text-anchor="end">100%</text><line class="grid" x1="${left}" x2="${W - 10}" y1="${top}" y2="${top}"/>`,
  ];
  taus.forEach((t, i) => {
    const x0 = left + 10 + i * 90;
    [
      ['before', r.before.prosecutor.recordsAtRisk[i]?.share ?? 0],
      ['after', t.share],
    ].forEach(([cls, v], s) => {
      const h = (base - top) * (v as number);
      parts.push(
        `<rect class="bar ${cls}" data-value="${v}" x="${x0 + s * 28}" y="${(base - h).toFixed(1)}" width="26" height="${h.toFixed(1)}"><title>${esc(`risk > ${pct(t.risk)}, ${cls}: ${pct(v as number)} of records`)}</title></rect>`,
      );
    });
    parts.push(`<text x="${x0 + 27}" y="${base + 14}" text-anchor="middle">&gt; ${esc(pct(t.risk))}</text>`);
  });
  return `${svgOpen('id="chart-risk" class="chart risk"', W, H, 'share of records above each risk threshold, before and after')}${parts.join('')}${legend(
    left,
    H - 6,
    [
      ['before', 'before'],
      ['after', 'after'],
    ],
  )}</svg>`;
}

/** Information loss per quasi-identifier (0 = unchanged, 1 = all hidden). */
function lossChart(r: Report): string {
  const qis = r.columns.filter((c) => c.role === 'quasi');
  const W = 640,
    H = 26 * qis.length + 30,
    left = 170,
    w = 300;
  const rows = qis.map((c, i) => {
    const loss = own(r.loss?.perColumn, c.name) ?? 0;
    const y = 8 + i * 26;
    return (
      `<text x="${left - 8}" y="${y + 13}" text-anchor="end">${esc(clip(c.name, 26))}</text><rect x="${left}" y="${y}" width="${w}" height="16" fill="#f3f3f3"/>` +
      `<rect class="bar loss" data-value="${loss}" x="${left}" y="${y}" width="${(w * loss).toFixed(1)}" height="16"><title>${esc(`${c.name}: ${transformText(c)}, loss ${num(loss)}`)}</title></rect>` +
      `<text x="${left + w + 6}" y="${y + 13}">${esc(num(loss))} · ${c.recoding === 'local' ? 'local' : `level ${c.level ?? 0}${c.maxLevel !== undefined ? `/${c.maxLevel}` : ''}`}</text>`
    );
  });
  const ay = 8 + qis.length * 26 + 12;
  return `${svgOpen('id="chart-levels" class="chart levels"', W, H, 'information loss per quasi-identifier')}${rows.join('')}<text x="${left}" y="${ay}">0 = unchanged</text><text x="${left + w}" y="${ay}" text-anchor="end">1 = every value hidden</text></svg>`;
}

function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

/** One panel of a distribution chart: bars as shares of the side's records. */
function panel(side: DistributionSide, cls: 'before' | 'after', x0: number, width: number, top: number, base: number, maxShare: number, title: string): string {
  const n = side.bars.length + (side.rest.records > 0 ? 1 : 0);
  const step = Math.min(36, width / Math.max(1, n));
  const parts: string[] = [`<g class="series ${cls}" data-distinct="${side.distinct}"><text class="title" x="${x0}" y="${top - 8}">${esc(title)}</text>`];
  const bar = (i: number, count: number, klass: string, label: string | undefined, tip: string) => {
    const h = side.records ? ((base - top) * count) / side.records / maxShare : 0;
    const x = x0 + i * step;
    parts.push(
      `<rect class="bar ${klass}" data-value="${count}" x="${x.toFixed(1)}" y="${(base - h).toFixed(1)}" width="${Math.max(1, step - 2).toFixed(1)}" height="${h.toFixed(1)}"><title>${esc(tip)}</title></rect>`,
    );
    if (label !== undefined) {
      const lx = x + step / 2,
        ly = base + 10;
      parts.push(`<text class="label" x="${lx.toFixed(1)}" y="${ly}" transform="rotate(40 ${lx.toFixed(1)} ${ly})">${esc(clip(label, 16))}</text>`);
    }
  };
  side.bars.forEach((b, i) => {
    bar(
      i,
      b.count,
      cls,
      b.label,
      `${b.label ?? (side.kind === 'bins' ? `bin ${i + 1}` : 'a value')}: ${int(b.count)} records (${pct(b.count / Math.max(1, side.records))})`,
    );
  });
  if (side.rest.records > 0) {
    bar(
      side.bars.length,
      side.rest.records,
      'rest',
      'other',
      `${plural(side.rest.values, 'other value')} (not shown one by one): ${int(side.rest.records)} records`,
    );
  }
  parts.push(`<line class="axisline" x1="${x0}" x2="${x0 + width}" y1="${base}" y2="${base}"/></g>`);
  return parts.join('');
}

const plural = (n: number, one: string) => `${int(n)} ${n === 1 ? one : `${one}s`}`;

function maxShare(side: DistributionSide | undefined): number {
  if (!side || !side.records) return 0;
  return Math.max(...side.bars.map((b) => b.count), side.rest.records) / side.records;
}

/** A QI's distribution before and after, side by side on the same share scale. */
function distributionChart(d: QiDistribution, i: number): string {
  const W = 720,
    H = 230,
    top = 36,
    base = 160,
    half = 340;
  const m = Math.max(1e-9, maxShare(d.before), maxShare(d.after));
  const valuesNote = d.before.bars.some((b) => b.label !== undefined) ? '' : ' (shape only)';
  const beforeTitle = `before: ${plural(d.before.distinct, 'value')}${d.before.kind === 'bins' ? ` in ${d.before.bars.length} bins` : ''}${valuesNote}`;
  const body = [panel(d.before, 'before', 56, half - 56, top, base, m, beforeTitle)];
  if (d.after)
    body.push(
      panel(d.after, 'after', half + 40, W - half - 60, top, base, m, `after: ${plural(d.after.distinct, 'label')}, ${int(d.after.records)} released records`),
    );
  return (
    `${svgOpen(`id="chart-dist-${i}" class="chart distribution" data-column="${esc(d.column)}"`, W, H, `distribution of ${d.column} before and after`)}` +
    `<text x="50" y="${top + 4}" text-anchor="end">${esc(pct(m))}</text><text x="50" y="${base}" text-anchor="end">0</text>` +
    `<line class="grid" x1="56" x2="${W - 10}" y1="${top}" y2="${top}"/>${body.join('')}</svg>`
  );
}

/** The chosen level in words: kept, generalized (with the hierarchy's level name) or hidden. */
function levelWords(c: Report['columns'][number]): string {
  if (c.recoding === 'local')
    return 'generalized by local recoding (Mondrian): each group of similar records as far as it needs, so records may carry labels of different granularity';
  const L = c.level ?? 0,
    of = c.maxLevel !== undefined ? ` of ${c.maxLevel}` : '';
  if (L === 0) return `released with its original values (level 0${of})`;
  if (c.maxLevel !== undefined && L === c.maxLevel) return `fully hidden: every value written as its hierarchy's top label (level ${L}${of})`;
  return `generalized to level ${L}${of}`;
}

function lossWords(loss: number): string {
  if (loss === 0) return 'no detail lost';
  if (loss < 0.1) return 'little detail lost';
  if (loss < 0.4) return 'moderate loss of detail';
  if (loss < 0.8) return 'much detail lost';
  return 'nearly every detail hidden';
}

function table(head: string[], rows: string[][], opts: { id?: string; numeric?: number[] } = {}): string {
  const n = new Set(opts.numeric ?? []);
  const cell = (tag: string, x: string, i: number) => `<${tag}${n.has(i) ? ' class="n"' : ''}>${esc(x)}</${tag}>`;
  return `<table${opts.id ? ` id="${opts.id}"` : ''}><thead><tr>${head.map((h, i) => cell('th', h, i)).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((x, i) => cell('td', x, i)).join('')}</tr>`).join('')}</tbody></table>`;
}

export function renderHtml(report: Report, options: { gate?: GateResult; title?: string } = {}): string {
  const title = options.title ?? `kanon report${report.dataset ? `: ${report.dataset.name}` : ''}`;
  const v = verdict(report, options.gate ?? report.gate);
  const qis = report.columns.filter((c) => c.role === 'quasi');
  const body: string[] = [
    `<h1>${esc(title)}</h1>`,
    `<p class="meta">${int(report.before.records)} records in, ${int(report.after.records)} released, ${int(report.suppression.records)} suppressed (${pct(report.suppression.share)}) · kanon ${esc(report.tool.version)}</p>`,
  ];
  body.push(
    `<section id="verdict" class="verdict ${v.status}"><p class="headline"><span class="status">${v.status === 'pass' ? 'passed' : v.status === 'warn' ? 'caution' : 'failed'}</span>${esc(v.headline)}</p><ul>${v.points.map((p) => `<li>${esc(p)}</li>`).join('')}</ul></section>`,
  );
  const warnings = reportWarnings(report);
  if (warnings.length || !qis.length) {
    const items = warnings.map(
      (w) =>
        `<li class="warning" data-column="${esc(w.column)}"><strong>${esc(w.column)}</strong> is released as it is (role insensitive) but looks like ${w.looksLike === 'quasi' ? 'a quasi-identifier' : 'an identifier'}: ${esc(w.kind)} (${esc(w.reason)}). Give it a role in the policy, or confirm it is harmless.</li>`,
    );
    if (!qis.length)
      items.push(
        '<li class="warning no-quasi">The policy names no quasi-identifier, so nothing was measured against re-identification: the risk numbers below cannot show how easily a released record links to a person.</li>',
      );
    body.push(`<section id="warnings"><h2>Warnings</h2><ul>${items.join('')}</ul></section>`);
  }
  if (qis.length)
    body.push('<h2>Risk before and after</h2>', table(['measure', 'before', 'after'], measureRows(report), { numeric: [1, 2] }), riskChart(report));
  else
    body.push(
      '<h2>Risk before and after</h2>',
      `<p id="not-measured"><strong>Not measured.</strong> Without quasi-identifiers every released record counts as one class of ${int(report.after.records)}, so k, uniqueness and risk would only restate the record count. They do not show how easily a record links to a person through the columns released as they are.</p>`,
    );
  if (qis.length) {
    body.push(
      '<h2>Class sizes</h2><p>How many equivalence classes have each size. A class of size 1 is a record that can be singled out. The vertical axis is logarithmic (1, 10, 100, …) so that both the many small classes before and the few large ones after stay visible.</p>',
      histogramChart(report),
    );
    body.push(
      '<h2>What the released data still says</h2><p>Per quasi-identifier: the generalization chosen, its information loss, and the distribution of the column before (the input) and after (the released records), as shares of records on the same scale.</p>',
      lossChart(report),
    );
    const dist = new Map((report.distributions ?? []).map((d, i) => [d.column, { d, i }]));
    const why = new Map(report.explanations.map((e) => [e.column, explanationText(e)]));
    for (const c of qis) {
      const loss = own(report.loss?.perColumn, c.name);
      const x = dist.get(c.name);
      const words = [levelWords(c)];
      if (x?.d.after) words.push(`${plural(x.d.before.distinct, 'distinct value')} in the input, ${plural(x.d.after.distinct, 'label')} released`);
      if (loss !== undefined) {
        const onlySuppression = (c.level ?? 0) === 0 && c.recoding !== 'local' && loss > 0 && report.suppression.records > 0;
        words.push(
          `loss ${num(loss)}: ${lossWords(loss)}${onlySuppression ? ` (all of it from the ${int(report.suppression.records)} suppressed records)` : ''}`,
        );
      }
      const w = (c.level ?? 0) > 0 ? why.get(c.name) : undefined;
      body.push(
        `<figure class="qi" data-column="${esc(c.name)}"><h3>${esc(c.name)}</h3>${x ? distributionChart(x.d, x.i) : '<p>(no distribution in this report)</p>'}` +
          `<figcaption>${esc(words.join('; '))}.${w ? ` Why this level: ${esc(w)}.` : ''}${x && x.d.after && x.d.after.rest.values > 0 ? ` ${esc(plural(x.d.after.rest.values, 'label'))} carried by few records (or beyond the first bars) are shown together as “other”.` : ''}</figcaption></figure>`,
      );
    }
  }
  const looks = new Map(warnings.map((w) => [w.column, w]));
  body.push(
    '<h2>All columns</h2>',
    table(
      ['column', 'role', 'transformation', 'loss', 'why this level'],
      report.columns.map((c) => {
        const loss = own(report.loss?.perColumn, c.name);
        const why = report.explanations.find((e) => e.column === c.name);
        const w = looks.get(c.name);
        const how = w
          ? `${transformText(c)} — ⚠ looks like ${w.looksLike === 'quasi' ? 'a quasi-identifier' : 'an identifier'} (see Warnings)`
          : transformText(c);
        return [c.name, c.role, how, loss !== undefined ? num(loss) : '', why ? explanationText(why) : ''];
      }),
    ),
  );
  if (report.sensitive.length) {
    const weak = new Map((report.diversity ?? []).map((d) => [d.column, d]));
    const rows = report.sensitive.map((s) => {
      const w = weak.get(s.column);
      const flagged = (w && w.classes > 0) || s.after.distinctL <= 1;
      const cell = w ? (w.classes > 0 ? `${int(w.classes)} classes (${int(w.records)} records)` : 'none') : s.after.distinctL <= 1 ? 'at least one' : 'none';
      return `<tr${flagged ? ' class="weak"' : ''}><td>${esc(s.column)}</td><td class="n">${s.after.distinctL}</td><td class="n">${s.after.entropyL.toFixed(2)}</td><td class="n">${s.after.t.toFixed(3)}</td><td>${esc(s.after.distance)}</td><td>${flagged ? '⚠ ' : ''}${esc(cell)}</td></tr>`;
    });
    body.push(
      '<h2>Sensitive columns</h2><p>How varied the sensitive values are inside each released class. A class with one value (l = 1) discloses it to anyone who can place a person in that class.</p>',
      `<table id="sensitive"><thead><tr><th>column</th><th class="n">distinct l</th><th class="n">entropy l</th><th class="n">t</th><th>distance</th><th>classes with a single value (l = 1)</th></tr></thead><tbody>${rows.join('')}</tbody></table>`,
    );
  }
  if (report.riskDrivers.length) {
    body.push(
      '<h2>What drives the remaining risk</h2>',
      table(
        ['quasi-identifier', 'sample uniques that depend on it', 'share'],
        report.riskDrivers.map((d) => [d.column, int(d.uniquesRemoved), pct(d.share)]),
        { numeric: [1, 2] },
      ),
    );
  }
  if (report.smallestClasses?.length) {
    body.push(
      '<h2>Smallest classes (values shown with --report-values)</h2>',
      table(
        ['size', ...qis.map((c) => c.name)],
        report.smallestClasses.map((s) => [int(s.size), ...s.labels]),
      ),
    );
  }
  body.push(
    '<h2>Glossary</h2>',
    `<dl id="glossary">${GLOSSARY.map((g) => `<dt>${esc(g.term)}</dt><dd>${esc(g.text)} <cite>${esc(g.source)}</cite></dd>`).join('')}</dl>`,
  );
  const fp = report.fingerprints;
  const prov: string[][] = [];
  if (report.dataset) prov.push(['dataset', report.dataset.name]);
  prov.push(['policy sha256', fp.policySha256 || '(none: --qi)'], ['input sha256', fp.inputSha256]);
  if (fp.keyFingerprint) prov.push(['key fingerprint', fp.keyFingerprint]);
  prov.push(['kanon', report.tool.version], ['report format', `v${report.reportVersion}`]);
  if (report.generatedAt) prov.push(['generated', report.generatedAt]);
  body.push(
    '<h2>About this report</h2>',
    `<table id="provenance">${prov.map(([k, x]) => `<tr><th>${esc(k!)}</th><td><code>${esc(x!)}</code></td></tr>`).join('')}</table>`,
  );
  body.push(
    `<footer>kanon ${esc(report.tool.version)} · report format v${report.reportVersion} · policy sha256 ${esc(fp.policySha256)} · input sha256 ${esc(fp.inputSha256)}${fp.keyFingerprint ? ` · key ${esc(fp.keyFingerprint)}` : ''}</footer>`,
  );
  return `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"><title>${esc(title)}</title><style>${CSS}</style></head><body>${body.join('\n')}</body></html>\n`;
}
