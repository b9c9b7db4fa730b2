// Markdown for a CI job summary ($GITHUB_STEP_SUMMARY): the verdict first, then short tables
// (the full measure table folded in <details>). GitHub-flavoured; every name escaped.
import type { Report } from '../report.js';
import { bucketLabel } from '../histogram.js';
import { formatGateFailure, type GateResult } from '../gate.js';
import { explanationText, int, measureRows, num, own, pct, transformText, visible } from './format.js';
import { reportWarnings, verdict } from './verdict.js';

/** Escapes the characters that break a table cell or start markup; control characters are
 *  made visible first. */
export function mdEscape(s: string): string {
  return visible(s)
    .replace(/[\\|*_`<>[\]#~]/g, (ch) => `\\${ch}`)
    .replace(/\r?\n/g, ' ');
}

function table(head: string[], rows: string[][]): string[] {
  return [`| ${head.join(' | ')} |`, `| ${head.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`), ''];
}

const STATUS = { pass: '✅ **PASSED**', warn: '⚠️ **CAUTION**', fail: '❌ **FAILED**' } as const;

export function renderMarkdown(report: Report, options: { gate?: GateResult } = {}): string {
  const gate = options.gate ?? report.gate;
  const v = verdict(report, gate);
  const out: string[] = [`## kanon risk report${report.dataset ? `: ${mdEscape(report.dataset.name)}` : ''}`, ''];
  out.push(`${STATUS[v.status]} — ${mdEscape(v.headline)}`, '');
  // the gate gets its own lines below
  for (const p of v.points) if (!p.startsWith('Risk gate:')) out.push(`- ${mdEscape(p)}`);
  out.push('');
  out.push(
    `${int(report.before.records)} records in, ${int(report.after.records)} released, ` +
      `${int(report.suppression.records)} suppressed (${pct(report.suppression.share)}).`,
    '',
  );
  if (gate) {
    out.push(gate.passed ? '**Risk gate: passed**' : '**Risk gate: FAILED**');
    for (const f of gate.failures) out.push(`- ${mdEscape(formatGateFailure(f))}`);
    out.push('');
  }
  const qis = report.columns.filter((c) => c.role === 'quasi');
  const warnings = reportWarnings(report);
  if (warnings.length || !qis.length) {
    out.push('### Warnings', '');
    for (const w of warnings) {
      out.push(
        `- **${mdEscape(w.column)}** is released as it is (role insensitive) but looks like ${w.looksLike === 'quasi' ? 'a quasi-identifier' : 'an identifier'}: ${mdEscape(w.kind)} (${mdEscape(w.reason)}).`,
      );
    }
    if (!qis.length) out.push('- The policy names no quasi-identifier: nothing was measured against re-identification.');
    out.push('');
  }
  const a = report.after,
    b = report.before;
  if (!qis.length)
    out.push(
      '### Risk before and after',
      '',
      '**Not measured**: without quasi-identifiers every released record counts as one class; k and risk would only restate the record count.',
      '',
    );
  else
    out.push(
      '### Risk before and after',
      '',
      ...table(
        ['measure', 'before', 'after'],
        [
          ['k (smallest class)', int(b.k), int(a.k)],
          ['sample uniques', int(b.sampleUniques), int(a.sampleUniques)],
          ['highest risk (prosecutor)', pct(b.prosecutor.highest), pct(a.prosecutor.highest)],
          ['average risk (prosecutor)', pct(b.prosecutor.average), pct(a.prosecutor.average)],
          ['suppressed records', '', int(report.suppression.records)],
        ],
      ),
    );
  if (qis.length) {
    out.push('<details><summary>All measures</summary>', '', ...table(['measure', 'before', 'after'], measureRows(report)), '</details>', '');
    const rows = report.after.histogram
      .map((x, i) => [bucketLabel(x), int(report.before.histogram[i]!.classes), int(x.classes), int(x.records)])
      .filter((r) => r[1] !== '0' || r[2] !== '0');
    out.push('### Class sizes', '', ...table(['class size', 'classes before', 'classes after', 'records after'], rows));
  }
  const why = new Map(report.explanations.map((e) => [e.column, explanationText(e)]));
  const dist = new Map((report.distributions ?? []).map((d) => [d.column, d]));
  out.push(
    '### Columns',
    '',
    ...table(
      ['column', 'role', 'transformation', 'loss', 'why this level', 'values → labels'],
      report.columns.map((c) => {
        const loss = own(report.loss?.perColumn, c.name);
        const d = dist.get(c.name);
        const w = warnings.find((x) => x.column === c.name);
        const how = w ? `${transformText(c)} — ⚠️ looks like ${w.looksLike === 'quasi' ? 'a quasi-identifier' : 'an identifier'}` : transformText(c);
        return [
          mdEscape(c.name),
          c.role,
          mdEscape(how),
          loss !== undefined ? num(loss) : '',
          mdEscape(why.get(c.name) ?? ''),
          d?.after ? `${int(d.before.distinct)} → ${int(d.after.distinct)}` : '',
        ];
      }),
    ),
  );
  if (report.sensitive.length) {
    const weak = new Map((report.diversity ?? []).map((d) => [d.column, d]));
    out.push(
      '### Sensitive columns',
      '',
      ...table(
        ['column', 'distinct l', 'entropy l', 't', 'distance', 'classes with l = 1'],
        report.sensitive.map((s) => {
          const w = weak.get(s.column);
          const flag = w ? (w.classes > 0 ? `⚠️ ${int(w.classes)} (${int(w.records)} records)` : '0') : s.after.distinctL <= 1 ? '⚠️ at least 1' : '0';
          return [mdEscape(s.column), String(s.after.distinctL), s.after.entropyL.toFixed(2), s.after.t.toFixed(3), s.after.distance, flag];
        }),
      ),
    );
  }
  if (report.riskDrivers.length) {
    out.push(
      '### What drives the remaining risk',
      '',
      ...table(
        ['quasi-identifier', 'sample uniques that depend on it', 'share'],
        report.riskDrivers.map((d) => [mdEscape(d.column), int(d.uniquesRemoved), pct(d.share)]),
      ),
    );
  }
  if (report.smallestClasses?.length) {
    out.push(
      '### Smallest classes (values shown on request)',
      '',
      ...table(
        ['size', ...qis.map((c) => mdEscape(c.name))],
        report.smallestClasses.map((s) => [int(s.size), ...s.labels.map(mdEscape)]),
      ),
    );
  }
  if (report.loss) out.push(`Information loss (${mdEscape(report.loss.metric)}): ${num(report.loss.value)}`, '');
  out.push(
    `<sub>kanon ${mdEscape(report.tool.version)} · report v${report.reportVersion} · policy sha256 ${report.fingerprints.policySha256.slice(0, 12)} · input sha256 ${report.fingerprints.inputSha256.slice(0, 12)}</sub>`,
    '',
  );
  return out.join('\n');
}
