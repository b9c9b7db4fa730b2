// From column profiles to findings: a role, the deciding detector, a confidence and a reason
// (rule names and shares only). Precedence, first match wins:
//   1. content identifiers (email, phone, SSN, card, IBAN, IP, MAC, URL, UUID, name, address)
//   2. free text (several words per value, mostly distinct) → identifier, dropped
//   3. quasi-identifiers by name and shape (birth date, age, postal code, sex, …)
//   4. sensitive attributes by name
//   5. other dates: an event date of a person (identifier, date-shifted per subject) when a
//      subject id column exists, else a quasi-identifier
//   6. a (nearly) unique non-measurement column → identifier
//   7. insensitive
import type { ColumnFinding, ColumnProfile, Detection } from './types.js';
import { contentDetections } from './content.js';
import { quasiDetection, sensitiveDetection } from './quasi.js';
import { normalizeHeader, ID_HINT, FREE_TEXT_HINT, SUBJECT_HINT } from './names.js';
import { checkHeaderNames } from './header.js';

export interface DetectOptions {
  /** Reference date for "plausible birth date" (default: today). */
  now?: Date;
  /** The header row is the real column names even where they look like data (header.ts):
   *  show them and draft with them (the CLI's --trust-header). */
  trustHeader?: boolean;
}

/** Uniqueness ratio from which a column counts as an identifier (distinct / non-empty). */
const UNIQUE = 0.95;
const MIN_ROWS_FOR_UNIQUE = 10;

export function detect(profiles: readonly ColumnProfile[], opts: DetectOptions = {}): ColumnFinding[] {
  const now = opts.now ?? new Date();
  const findings = profiles.map((p) => detectColumn(p, now));
  if (opts.trustHeader !== true) {
    const notes = checkHeaderNames(profiles.map((p) => p.name));
    findings.forEach((f, i) => {
      const n = notes[i];
      if (n !== undefined) f.header = n;
    });
  }
  const subject = subjectColumn(findings);
  const subjectFinding = findings.find((f) => f.column === subject);
  for (const f of findings) {
    if (f.kind !== 'eventDate') continue;
    if (subject !== undefined) {
      f.role = 'identifier';
      // The reason is shown: a suspect header is named by its label, never whole.
      f.reason += `; shifted per subject column ${subjectFinding?.header?.label ?? JSON.stringify(subject)}`;
    } else {
      f.role = 'quasi';
      f.reason += '; no subject id column to date-shift by, so generalized';
    }
  }
  return findings;
}

/** The column that names the person a row is about, for per-subject date shifting. */
export function subjectColumn(findings: readonly ColumnFinding[]): string | undefined {
  const ids = findings.filter((f) => f.role === 'identifier' && f.kind === 'uniqueId');
  return (ids.find((f) => SUBJECT_HINT.test(normalizeHeader(f.column))) ?? ids[0])?.column;
}

function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
}

function detectColumn(p: ColumnProfile, now: Date): ColumnFinding {
  const header = normalizeHeader(p.name);
  const all: Detection[] = [];
  const base = { column: p.name, index: p.index, type: p.type, profile: p };
  if (p.type === 'empty') {
    return { ...base, role: 'insensitive', kind: 'none', confidence: 1, reason: 'no non-empty values', detections: [] };
  }
  const n = p.sample.length;

  const content = contentDetections(p, header);
  all.push(...content);
  const top = content[0];
  if (top) {
    const reason = `${top.rule}: ${pct(top.share ?? 0)} of ${n} sampled values match`;
    return { ...base, role: 'identifier', kind: top.kind, confidence: top.confidence, reason, detections: all };
  }

  const textHint = FREE_TEXT_HINT.test(header);
  if (p.type === 'text' || (textHint && p.meanTokens >= 2 && p.uniqueness > 0.5)) {
    const d: Detection = { rule: textHint ? 'freetext+header' : 'freetext', kind: 'freeText', confidence: textHint ? 0.9 : 0.8 };
    all.push(d);
    const reason = `${d.rule}: ${p.meanTokens.toFixed(1)} words per value on average, ${pct(p.uniqueness)} distinct`;
    return { ...base, role: 'identifier', kind: 'freeText', confidence: d.confidence, reason, detections: all };
  }

  const q = quasiDetection(p, header, now);
  if (q) {
    all.push(q.detection);
    return { ...base, role: 'quasi', kind: q.detection.kind, confidence: q.detection.confidence, reason: q.reason, detections: all };
  }
  const s = sensitiveDetection(header);
  if (s) {
    all.push(s);
    return { ...base, role: 'sensitive', kind: s.kind, confidence: s.confidence, reason: `${s.rule}: header names a sensitive attribute`, detections: all };
  }

  if (p.type === 'date' || p.type === 'datetime') {
    const d: Detection = { rule: 'date', kind: 'eventDate', confidence: 0.6 };
    all.push(d);
    // role is settled in detect() once the subject column is known
    return {
      ...base,
      role: 'quasi',
      kind: 'eventDate',
      confidence: 0.6,
      reason: `date: ${pct(p.typeShare)} of values are dates, header does not name a birth date`,
      detections: all,
    };
  }

  const u = uniqueDetection(p, header);
  if (u) {
    all.push(u);
    const reason = `${u.rule}: ${pct(p.uniqueness)} of non-empty values are distinct${p.distinctExact ? '' : ' (estimated)'}`;
    return { ...base, role: 'identifier', kind: 'uniqueId', confidence: u.confidence, reason, detections: all };
  }

  return { ...base, role: 'insensitive', kind: 'none', confidence: 0.6, reason: 'no identifier, quasi-identifier or sensitive rule matched', detections: all };
}

/** A (nearly) unique column that is not a measurement: decimals, dates, booleans and integer
 *  columns of varying width that are not sequential read as quantities, not keys. */
function uniqueDetection(p: ColumnProfile, header: string): Detection | undefined {
  const nonEmpty = p.rows - p.empty;
  if (nonEmpty < MIN_ROWS_FOR_UNIQUE || p.uniqueness < UNIQUE) return undefined;
  const idHint = ID_HINT.test(header);
  if (p.type === 'integer') {
    const fixedWidth = p.minLength === p.maxLength;
    const sequential = p.min !== undefined && p.max !== undefined && p.max - p.min + 1 <= 1.5 * nonEmpty;
    if (!idHint && !fixedWidth && !sequential) return undefined;
  } else if (p.type !== 'string' && p.type !== 'categorical') {
    return undefined;
  }
  return { rule: idHint ? 'unique+header' : 'unique', kind: 'uniqueId', confidence: Math.min(1, p.uniqueness * (idHint ? 1 : 0.9)) };
}
