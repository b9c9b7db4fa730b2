// Drift: one applied batch against the plan's reference batch (issue 15) — records, classes,
// suppression, loss and highest prosecutor risk, side by side with their differences, what
// was re-verified on this batch's released classes, and (with --check-drift) what a fresh
// search on this batch would choose and the loss the frozen plan costs against it.
// Written as its own document (--drift-out FILE, .json or .md) rather than inside the risk
// report, whose schema (src/risk/report.schema.json) belongs to the risk core: the risk report
// keeps describing the bytes written; this document compares releases. Counts and digests
// only, no cell values.
import { KanonError } from '../errors.js';
import { extname } from 'node:path';
import type { ReferenceSummary } from './types.js';

export interface BatchSummary extends ReferenceSummary {}

/** One check of this batch's release; for "suppression limit", `required` is the most allowed. */
export interface ModelCheck {
  model: string;
  column?: string;
  required: number;
  /** Measured on the released classes of this batch; null when only the search's criteria checked it. */
  actual: number | null;
  passed: boolean;
}

export interface FreshSearch {
  /** False when no transformation satisfies the models on this batch (then levels, loss and lossCost are null). */
  found: boolean;
  levels: Record<string, number> | null;
  loss: number | null;
  suppressed: number;
  /** True when the fresh search chose other levels than the plan. */
  differs: boolean;
  /** Frozen loss − fresh loss on this batch (same metric): what keeping the plan costs. */
  lossCost: number | null;
  optimal: boolean;
  nodesEvaluated: number;
  nodesTotal: number;
}

export interface Drift {
  kanonDrift: 1;
  plan: { sha256: string; policySha256: string };
  /** What differs from the plan and was accepted with --allow-policy-change. */
  acceptedChanges: string[];
  levels: Record<string, number>;
  reference: ReferenceSummary;
  batch: BatchSummary;
  delta: { records: number; classes: number; suppressed: number; loss: number | null; highestProsecutorRisk: number };
  checks: ModelCheck[];
  passed: boolean;
  freshSearch: FreshSearch | null;
}

export function delta(ref: ReferenceSummary, b: BatchSummary): Drift['delta'] {
  return {
    records: b.records - ref.records,
    classes: b.classes - ref.classes,
    suppressed: b.suppressed - ref.suppressed,
    loss: b.loss === null || ref.loss === null ? null : b.loss - ref.loss,
    highestProsecutorRisk: b.highestProsecutorRisk - ref.highestProsecutorRisk,
  };
}

export type DriftFormat = 'json' | 'md';

export function driftFormat(path: string): DriftFormat {
  const ext = extname(path).toLowerCase();
  if (ext === '.json') return 'json';
  if (ext === '.md' || ext === '.markdown') return 'md';
  throw new KanonError('USAGE', 'a drift file must end in .json or .md', { file: path });
}

export function renderDrift(d: Drift, format: DriftFormat): string {
  return format === 'json' ? JSON.stringify(d, null, 2) + '\n' : driftMarkdown(d);
}

const num = (x: number | null, digits = 4): string => (x === null ? '–' : Number.isInteger(x) ? x.toLocaleString('en-US') : x.toFixed(digits));
const signed = (x: number | null, digits = 4): string => (x === null ? '–' : `${x > 0 ? '+' : ''}${num(x, digits)}`);

function driftMarkdown(d: Drift): string {
  const lines: string[] = [];
  lines.push('## Frozen plan: this batch against the reference', '');
  lines.push(
    `Plan \`${d.plan.sha256.slice(0, 16)}\`, levels ${Object.entries(d.levels)
      .map(([c, l]) => `${c}=${l}`)
      .join(', ')}. ` + `Privacy models re-verified on this batch's released classes: **${d.passed ? 'passed' : 'FAILED'}**.`,
    '',
  );
  if (d.acceptedChanges.length) lines.push(`Accepted with --allow-policy-change: ${d.acceptedChanges.join('; ')}.`, '');
  lines.push('| | reference | this batch | change |', '|---|---:|---:|---:|');
  const row = (name: string, key: keyof Drift['delta']): void => {
    lines.push(`| ${name} | ${num(d.reference[key])} | ${num(d.batch[key])} | ${signed(d.delta[key])} |`);
  };
  row('records', 'records');
  row('classes', 'classes');
  row('suppressed', 'suppressed');
  row('information loss', 'loss');
  row('highest prosecutor risk', 'highestProsecutorRisk');
  lines.push('', '| check | column | required | measured | |', '|---|---|---:|---:|---|');
  for (const c of d.checks)
    lines.push(
      `| ${c.model} | ${c.column ?? ''} | ${num(c.required)} | ${c.actual === null ? 'by the criteria' : num(c.actual)} | ${c.passed ? 'ok' : 'FAILED'} |`,
    );
  if (d.freshSearch) {
    const f = d.freshSearch;
    lines.push(
      '',
      !f.found || !f.levels
        ? 'A fresh search on this batch finds no transformation that satisfies the privacy models within the suppression limit.'
        : f.differs
          ? `A fresh search on this batch would choose ${Object.entries(f.levels)
              .map(([c, l]) => `${c}=${l}`)
              .join(', ')} (loss ${num(f.loss)}); the frozen plan costs ${signed(f.lossCost)} loss.`
          : `A fresh search on this batch would choose the same levels (loss ${num(f.loss)}).`,
    );
  }
  return lines.join('\n') + '\n';
}
