// The scan report: a table for stderr and a JSON document for --json. Both show roles,
// types, detections and statistics; values (min/max, examples) only with showExamples.
import type { ColumnFinding } from './types.js';
import { headerWarning } from './header.js';

export interface RenderOptions {
  /** Show min/max and a few sampled values per column (the CLI's --show-examples). */
  showExamples?: boolean;
}

const EXAMPLES = 3;

/** Control characters in a header could drive the terminal: shown as "?". */
function safe(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}

/** The column as it may be shown: its name, or its position when the name looks like data. */
function columnName(f: ColumnFinding): string {
  return f.header ? f.header.label : safe(f.column);
}

/** The header-row warning of these findings, if any (header.ts). */
export function scanWarnings(findings: readonly ColumnFinding[]): string[] {
  const w = headerWarning(findings.map((f) => f.header));
  return w === undefined ? [] : [w];
}

function range(f: ColumnFinding): [string, string] | undefined {
  const p = f.profile;
  if (p.minDate !== undefined && p.maxDate !== undefined && (p.type === 'date' || p.type === 'datetime')) return [p.minDate, p.maxDate];
  if (p.min !== undefined && p.max !== undefined) return [String(p.min), String(p.max)];
  return undefined;
}

export interface ScanJsonColumn {
  /** The header name, or "column N" when the name looks like data (then `header` says why). */
  column: string;
  /** 1-based position in the header row. */
  position: number;
  header?: { looksLike: string; prefix: string };
  role: string;
  kind: string;
  type: string;
  confidence: number;
  reason: string;
  detections: Array<{ rule: string; kind: string; confidence: number; share?: number }>;
  stats: {
    rows: number;
    nullShare: number;
    distinct: number;
    distinctExact: boolean;
    uniqueness: number;
    minLength: number;
    maxLength: number;
  };
  min?: string;
  max?: string;
  examples?: string[];
}

const r3 = (x: number): number => Math.round(x * 1000) / 1000;

export function renderScanJson(findings: readonly ColumnFinding[], opts: RenderOptions = {}): { columns: ScanJsonColumn[]; warnings?: string[] } {
  const warnings = scanWarnings(findings);
  return {
    ...(warnings.length > 0 ? { warnings } : {}),
    columns: findings.map((f) => {
      const p = f.profile;
      const out: ScanJsonColumn = {
        column: f.header ? `column ${f.header.position}` : f.column,
        position: f.index + 1,
        ...(f.header ? { header: { looksLike: f.header.looksLike, prefix: f.header.prefix } } : {}),
        role: f.role,
        kind: f.kind,
        type: f.type,
        confidence: r3(f.confidence),
        reason: f.reason,
        detections: f.detections.map((d) => ({
          rule: d.rule,
          kind: d.kind,
          confidence: r3(d.confidence),
          ...(d.share !== undefined ? { share: r3(d.share) } : {}),
        })),
        stats: {
          rows: p.rows,
          nullShare: r3(p.nullShare),
          distinct: p.distinct,
          distinctExact: p.distinctExact,
          uniqueness: r3(p.uniqueness),
          minLength: p.minLength,
          maxLength: p.maxLength,
        },
      };
      if (opts.showExamples) {
        const mm = range(f);
        if (mm) {
          out.min = mm[0];
          out.max = mm[1];
        }
        out.examples = p.sample.slice(0, EXAMPLES);
      }
      return out;
    }),
  };
}

const ANSI = { red: '\u001b[31m', yellow: '\u001b[33m', cyan: '\u001b[36m', dim: '\u001b[2m', bold: '\u001b[1m', reset: '\u001b[0m' };
const ROLE_COLOR: Record<string, string> = { identifier: ANSI.red, quasi: ANSI.yellow, sensitive: ANSI.cyan, insensitive: ANSI.dim };

export function renderScanTable(findings: readonly ColumnFinding[], opts: RenderOptions & { color: boolean }): string {
  const head = ['column', 'role', 'type', 'detected', 'conf', 'empty', 'distinct', 'reason'];
  if (opts.showExamples) head.push('range', 'examples');
  const rows = findings.map((f) => {
    const p = f.profile;
    const row = [
      columnName(f),
      f.role,
      f.type,
      f.kind === 'none' ? '-' : f.kind,
      f.confidence.toFixed(2),
      `${Math.round(p.nullShare * 100)}%`,
      `${p.distinctExact ? '' : '~'}${p.distinct}`,
      safe(f.reason),
    ];
    if (opts.showExamples) {
      const mm = range(f);
      row.push(mm ? `${mm[0]}..${mm[1]}` : '', safe(p.sample.slice(0, EXAMPLES).join(' | ')));
    }
    return row;
  });
  // Pad every column but the last to its widest cell (the reason is free to run on).
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[], role?: string): string => {
    const text = cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
    if (!opts.color) return text;
    return role === undefined ? `${ANSI.bold}${text}${ANSI.reset}` : `${ROLE_COLOR[role] ?? ''}${text}${ANSI.reset}`;
  };
  const out = [line(head), ...rows.map((r, i) => line(r, findings[i]!.role))];
  const counts = { identifier: 0, quasi: 0, sensitive: 0, insensitive: 0 };
  for (const f of findings) counts[f.role]++;
  out.push(
    '',
    `${findings.length} columns: ${counts.identifier} identifier, ${counts.quasi} quasi-identifier, ${counts.sensitive} sensitive, ${counts.insensitive} insensitive${opts.showExamples ? '' : ' (values hidden; --show-examples shows ranges and examples)'}`,
  );
  for (const w of scanWarnings(findings)) out.push(`warning: ${w}`);
  return out.join('\n') + '\n';
}
