// Report files (--report FILE, repeatable; the format comes from the extension) and the
// compact summary on stderr. Reports hold no cell values (unless --report-values) and are
// written in every case, a failing gate included: a CI job needs them most when it fails.
import { extname } from 'node:path';
import { KanonError } from '../errors.js';
import { writeFileAtomic } from '../io/output.js';
import { renderHtml, renderJson, renderMarkdown, renderTerminal, type GateResult, type Report } from '../risk/index.js';

/** Column names are data: on a terminal, control characters in them are shown escaped. */
export { visible as termSafe } from '../risk/render/format.js';
/** Warning lines for stderr (print each as `warning: LINE` when the summary is not shown;
 *  the summary lists them itself). */
export { warningLines } from '../risk/render/terminal.js';

type ReportFormat = 'json' | 'md' | 'html';

export function reportFormat(path: string): ReportFormat {
  const ext = extname(path).toLowerCase();
  if (ext === '.json') return 'json';
  if (ext === '.md' || ext === '.markdown') return 'md';
  if (ext === '.html' || ext === '.htm') return 'html';
  throw new KanonError('USAGE', 'a report file must end in .json, .md or .html', { file: path });
}

export function renderReport(report: Report, format: ReportFormat, gate: GateResult | undefined): string {
  if (format === 'json') return renderJson(report);
  if (format === 'md') return renderMarkdown(report, gate ? { gate } : {});
  return renderHtml(report, gate ? { gate } : {});
}

export function writeReports(report: Report, files: readonly string[], gate: GateResult | undefined): void {
  for (const f of files) writeFileAtomic(f, renderReport(report, reportFormat(f), gate));
}

export function summary(report: Report, color: boolean, gate: GateResult | undefined): string {
  return renderTerminal(report, { color, ...(gate ? { gate } : {}) });
}
