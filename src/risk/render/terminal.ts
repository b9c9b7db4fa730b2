// Compact summary for stderr. Color only through the injected flag (chalk 5 with level 0 emits
// no escape codes), so piping or NO_COLOR is decided by the CLI, not here.
import { Chalk } from 'chalk';
import type { Report } from '../report.js';
import { formatGateFailure, type GateResult } from '../gate.js';
import { explanationText, int, measureRows, own, pct, transformText, visible as v } from './format.js';
import { reportWarnings, verdict } from './verdict.js';

export interface TerminalOptions {
  color: boolean;
  /** Gate outcome to print at the end (the CLI passes what evaluateGate returned). */
  gate?: GateResult;
}

export function renderTerminal(report: Report, options: TerminalOptions): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const out: string[] = [];
  const total = report.before.records;
  // The verdict in one line first (issue 17), then the details.
  const vd = verdict(report, options.gate ?? report.gate);
  const tag = vd.status === 'pass' ? c.green.bold('PASSED') : vd.status === 'warn' ? c.yellow.bold('CAUTION') : c.red.bold('FAILED');
  out.push(`${tag}: ${v(vd.headline)}`);
  out.push(c.bold(`kanon risk report (format v${report.reportVersion})`));
  out.push(`${int(total)} records in, ${int(report.after.records)} released, ${int(report.suppression.records)} suppressed (${pct(report.suppression.share)})`);
  const rows = measureRows(report);
  const w = Math.max(...rows.map((r) => r[0].length));
  const wb = Math.max(6, ...rows.map((r) => r[1].length));
  if (report.columns.some((x) => x.role === 'quasi')) {
    out.push(c.dim(`${''.padEnd(w)}  ${'before'.padStart(wb)}  after`));
    for (const [label, b, a] of rows) out.push(`${label.padEnd(w)}  ${b.padStart(wb)}  ${c.bold(a)}`);
  } else out.push('risk not measured: no quasi-identifier (k and risk would only restate the record count)');
  const cols = report.columns.filter((x) => x.role === 'quasi' || x.role === 'identifier');
  if (cols.length) out.push(c.bold('columns'));
  const perColumn = report.loss?.perColumn ?? {};
  for (const col of cols) {
    const loss = own(perColumn, col.name);
    out.push(`  ${v(col.name)}: ${v(transformText(col))}${loss !== undefined ? c.dim(`, loss ${loss.toFixed(3)}`) : ''}`);
  }
  for (const e of report.explanations) out.push(c.dim(`  why ${v(e.column)}: ${explanationText(e)}`));
  for (const s of report.sensitive) {
    out.push(`  ${v(s.column)} (sensitive): distinct l ${s.after.distinctL}, entropy l ${s.after.entropyL.toFixed(2)}, t ${s.after.t.toFixed(3)}`);
  }
  if (report.riskDrivers.length) {
    out.push(c.bold('remaining risk driven by'));
    for (const d of report.riskDrivers) out.push(`  ${v(d.column)}: ${int(d.uniquesRemoved)} of ${int(d.uniques)} sample uniques depend on it`);
  }
  for (const line of warningLines(report)) out.push(c.yellow(`warning: ${line}`));
  if (report.loss) out.push(`information loss (${v(report.loss.metric)}): ${report.loss.value.toFixed(4)}`);
  if (options.gate) {
    if (options.gate.passed) out.push(c.green('risk gate: passed'));
    else for (const f of options.gate.failures) out.push(c.red(`risk gate FAILED: ${formatGateFailure(f)}`));
  }
  return `${out.join('\n')}\n`;
}

/** The report's warnings as plain lines (names made visible), for stderr even when the summary
 *  is not shown: insensitive columns that look identifying, and a policy without
 *  quasi-identifiers. The CLI prints each as `warning: LINE`. */
export function warningLines(report: Report): string[] {
  const lines = reportWarnings(report).map(
    (w) =>
      `column "${v(w.column)}" is released as it is (role insensitive) but looks like ${w.looksLike === 'quasi' ? 'a quasi-identifier' : 'an identifier'} (${w.kind}, by ${w.by}): the risk measures do not account for it`,
  );
  if (!report.columns.some((x) => x.role === 'quasi')) lines.push('the policy names no quasi-identifier: nothing was measured against re-identification');
  return lines;
}
