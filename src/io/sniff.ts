// Format and delimiter detection: --format, else the file extension, else the first bytes.
import { extname } from 'node:path';
import type { Format } from './types.js';

export function formatFromPath(path: string | undefined): Format | undefined {
  if (!path) return undefined;
  // people.csv.gz is CSV (gzip is recognized by its bytes).
  switch (extname(path.replace(/\.gz$/i, '')).toLowerCase()) {
    case '.csv':
    case '.tsv':
    case '.txt':
    case '.psv':
      return 'csv';
    case '.ndjson':
    case '.jsonl':
      return 'ndjson';
    case '.json':
      return 'json';
    default:
      return undefined;
  }
}

/** '[' → JSON array, '{' → NDJSON, else CSV (after a BOM and white space). */
export function sniffFormat(head: Buffer): Format {
  const text = stripBom(head.toString('utf8', 0, Math.min(head.length, 4096))).trimStart();
  if (text.startsWith('[')) return 'json';
  if (text.startsWith('{')) return 'ndjson';
  return 'csv';
}

export const DELIMITERS = [',', ';', '\t', '|'] as const;

/** The candidate that occurs most often outside quotes in the header line; ties and none → ','.
 *  Only the header is looked at: it holds column names, never cell values. */
export function sniffDelimiter(head: Buffer): string {
  const text = stripBom(head.toString('utf8'));
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let inQuotes = false;
  for (const ch of text) {
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (ch === '\n' || ch === '\r')) break;
    else if (!inQuotes && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best = ',';
  let bestN = 0;
  for (const d of DELIMITERS) {
    const n = counts.get(d)!;
    if (n > bestN) {
      best = d;
      bestN = n;
    }
  }
  return best;
}

export function stripBom(s: string): string {
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}
