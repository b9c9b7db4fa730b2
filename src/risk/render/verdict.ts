// The verdict every renderer puts first (issue 17): in plain words, what was protected and how,
// what did not pass and why, and what the measures do not cover. Plain text; each renderer
// escapes it for its medium. Every sentence is derived from the report's own numbers, which
// describe the bytes written (k is the released smallest class, not the policy's wish).
import type { Report } from '../report.js';
import { formatGateFailure, type GateResult } from '../gate.js';
import { int, pct, transformText } from './format.js';
import { columnWarnings, type ColumnWarning } from '../warnings.js';

/** The report's warnings; when the caller attached none (an older caller, or one without a
 *  sample), those scan's header rules find in the column names, so that no rendering of a
 *  report looks safe because columns were left insensitive (issue 17). */
export function reportWarnings(report: Report): ColumnWarning[] {
  return report.warnings ?? columnWarnings(report.columns);
}

export type VerdictStatus = 'pass' | 'warn' | 'fail';

export interface Verdict {
  status: VerdictStatus;
  /** One sentence: the terminal summary's first line, the page's headline. */
  headline: string;
  /** The supporting sentences, most important first. */
  points: string[];
}

const list = (xs: readonly string[]): string => (xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`);
const plural = (n: number, one: string, many = `${one}s`): string => `${int(n)} ${n === 1 ? one : many}`;

export function verdict(report: Report, gate: GateResult | undefined = report.gate): Verdict {
  const qis = report.columns.filter((c) => c.role === 'quasi');
  const ids = report.columns.filter((c) => c.role === 'identifier');
  const warnings = reportWarnings(report);
  const a = report.after,
    b = report.before;
  const points: string[] = [];
  let status: VerdictStatus = 'pass';
  let headline: string;

  if (!qis.length) {
    status = 'warn';
    headline = 'No column is a quasi-identifier: nothing was measured against re-identification.';
    points.push(
      'The risk numbers below treat all released records as one group; they say nothing about how easily a record can be linked to a person through the columns released as they are.',
    );
  } else if (a.records === 0) {
    status = 'fail';
    headline = 'No record was released.';
  } else if (a.k >= 2) {
    headline = `Every released record shares its quasi-identifiers (${list(qis.map((c) => c.name))}) with at least ${plural(a.k - 1, 'other record')} (k = ${int(a.k)}).`;
  } else {
    status = 'warn';
    headline = `${plural(a.sampleUniques, 'released record is', 'released records are')} unique on the quasi-identifiers (${list(qis.map((c) => c.name))}): each can be singled out (k = 1).`;
  }

  if (gate && !gate.passed) {
    status = 'fail';
    headline = `The risk gate failed (${gate.failures.map((f) => f.threshold).join(', ')}). ${headline}`;
    for (const f of gate.failures) points.push(`Risk gate: ${formatGateFailure(f)}.`);
  }
  if (warnings.length) {
    if (status === 'pass') status = 'warn';
    headline += ` But ${plural(warnings.length, 'column')} released as ${warnings.length === 1 ? 'it is looks' : 'they are look'} identifying: ${list(warnings.map((w) => w.column))}.`;
  }

  if (qis.length) {
    const local = qis.filter((c) => c.recoding === 'local');
    const gen = qis.filter((c) => (c.level ?? 0) > 0 && c.recoding !== 'local');
    const kept = qis.filter((c) => (c.level ?? 0) === 0 && c.recoding !== 'local');
    if (local.length)
      points.push(
        `Generalized by local recoding (each group of similar records as far as it needs, so records may carry labels of different granularity): ${list(local.map((c) => c.name))}.`,
      );
    if (gen.length) points.push(`Generalized: ${list(gen.map((c) => `${c.name} to ${transformText(c)}`))}.`);
    if (kept.length) points.push(`Released with their original values: ${list(kept.map((c) => c.name))}.`);
    if (report.suppression.records > 0) {
      points.push(
        `${plural(report.suppression.records, 'record')} (${pct(report.suppression.share)} of the input) ${report.suppression.records === 1 ? 'was' : 'were'} suppressed: left out because ${report.suppression.records === 1 ? 'it' : 'they'} would have stayed in too small a group.`,
      );
    }
    points.push(
      `Highest re-identification risk of a record (prosecutor, 1/k): ${pct(b.prosecutor.highest)} before, ${pct(a.prosecutor.highest)} after; average ${pct(b.prosecutor.average)} before, ${pct(a.prosecutor.average)} after.`,
    );
  }
  if (ids.length) points.push(`Direct identifiers: ${list(ids.map((c) => `${c.name} (${c.operator ?? 'transformed'})`))}.`);

  const weak = new Map((report.diversity ?? []).map((d) => [d.column, d]));
  for (const s of report.sensitive) {
    const w = weak.get(s.column);
    if ((w && w.classes > 0) || s.after.distinctL <= 1) {
      if (status === 'pass') status = 'warn';
      const where = w && w.classes > 0 ? `in ${plural(w.classes, 'group')} (${plural(w.records, 'record')})` : 'in at least one group';
      points.push(`${s.column}: ${where} every record has the same ${s.column} (l = 1): whoever can place a person in such a group learns it.`);
    } else {
      points.push(
        `${s.column}: every group holds at least ${int(s.after.distinctL)} different values of ${s.column} (distinct l = ${int(s.after.distinctL)}).`,
      );
    }
  }
  if (warnings.length)
    points.push('The measures do not account for the columns listed under Warnings: give them a role in the policy, or confirm they are harmless.');
  if (gate?.passed) points.push('Risk gate: passed.');
  return { status, headline, points };
}
