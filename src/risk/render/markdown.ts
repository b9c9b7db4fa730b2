// Markdown rendering for a CI job summary ($GITHUB_STEP_SUMMARY): GitHub-flavoured tables.
import type { Report } from '../report.js';
import { bucketLabel } from '../histogram.js';
import { formatGateFailure, type GateResult } from '../gate.js';
import { explanationText, int, measureRows, num, own, pct, transformText, visible } from './format.js';

/** Escapes the characters that break a table cell or start markup. */
export function mdEscape(s: string): string {
  return visible(s).replace(/[\\|*_`<>[\]#]/g, (ch) => `\\${ch}`).replace(/\r?\n/g, ' ');
}

function table(head: string[], rows: string[][]): string[] {
  return [
    `| ${head.join(' | ')} |`,
    `| ${head.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
    '',
  ];
}

export function renderMarkdown(report: Report, options: { gate?: GateResult } = {}): string {
  const out: string[] = ['## kanon risk report', ''];
  out.push(`${int(report.before.records)} records in, ${int(report.after.records)} released, ` +
    `${int(report.suppression.records)} suppressed (${pct(report.suppression.share)}).`, '');
  if (options.gate) {
    out.push(options.gate.passed ? '**Risk gate: passed**' : '**Risk gate: FAILED**');
    for (const f of options.gate.failures) out.push(`- ${mdEscape(formatGateFailure(f))}`);
    out.push('');
  }
  out.push('### Risk before and after', '', ...table(['measure', 'before', 'after'], measureRows(report)));
  out.push('### Class sizes', '', ...table(['class size', 'classes before', 'classes after', 'records after'],
    report.after.histogram.map((b, i) => [bucketLabel(b), int(report.before.histogram[i]!.classes), int(b.classes), int(b.records)])));
  const why = new Map(report.explanations.map((e) => [e.column, explanationText(e)]));
  const loss = report.loss?.perColumn ?? {};
  out.push('### Columns', '', ...table(['column', 'role', 'transformation', 'loss', 'why this level'],
    report.columns.map((c) => [mdEscape(c.name), c.role, mdEscape(transformText(c)),
      own(loss, c.name) !== undefined ? num(own(loss, c.name)!) : '', mdEscape(why.get(c.name) ?? '')])));
  if (report.sensitive.length) {
    out.push('### Sensitive columns', '', ...table(['column', 'distinct l', 'entropy l', 't', 'distance'],
      report.sensitive.map((s) => [mdEscape(s.column), String(s.after.distinctL), s.after.entropyL.toFixed(2), s.after.t.toFixed(3), s.after.distance])));
  }
  if (report.riskDrivers.length) {
    out.push('### What drives the remaining risk', '', ...table(['quasi-identifier', 'sample uniques that depend on it', 'share'],
      report.riskDrivers.map((d) => [mdEscape(d.column), int(d.uniquesRemoved), pct(d.share)])));
  }
  if (report.smallestClasses?.length) {
    out.push('### Smallest classes (values shown on request)', '', ...table(['size', 'labels'],
      report.smallestClasses.map((s) => [int(s.size), mdEscape(s.labels.join(', '))])));
  }
  if (report.loss) out.push(`Information loss (${mdEscape(report.loss.metric)}): ${num(report.loss.value)}`, '');
  out.push(`<sub>kanon ${mdEscape(report.tool.version)} · report v${report.reportVersion} · policy sha256 ${report.fingerprints.policySha256.slice(0, 12)} · input sha256 ${report.fingerprints.inputSha256.slice(0, 12)}</sub>`, '');
  return out.join('\n');
}
