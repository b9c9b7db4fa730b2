// Header names are data until a policy has matched them (issue 11 item 1): a CSV without its
// header row makes the first record's cells the "column names", and scan would echo them in
// its table, its JSON report and the drafted policy. This file decides which header names
// scan may show and how it shows the others.
//
// A name is suspect when
//   - scan's own content detectors recognise a value in it (the whole name or one of its
//     words is an email, SSN, card number, IBAN, phone, IP, MAC, URL, UUID, street address)
//     or it is a calendar date ("1985-03-12" is a birth date, not a column name);
//   - it is longer than MAX_HEADER characters (a record's free text, not a label);
//   - it holds control characters (could drive the terminal; no real name has them).
// When a detector or a date fires on any name, the whole row looks like a record: every name
// of it is shown by position only (a first record's "John Smith" passes no detector on its
// own, yet it is as much data as the email beside it). A long or control-character name on
// its own masks only itself.
//
// Shown instead: `column 3 ("Joh…")` — the 1-based position plus a prefix of at most
// PREFIX characters and never more than a third of the name, control characters removed, so
// that a person can find the column in their file without the value being printed.
import { VALUE_TESTS } from './content.js';
import type { FindingKind } from './types.js';
import { parseDate } from './infer.js';

/** Longer names read as data. Survey exports have question headers of ~100 characters; those
 *  are shown by position too (the override is --trust-header). */
export const MAX_HEADER = 64;
const PREFIX = 3;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/** Detectors that say "this is a value" about a header name (personName needs a header hint
 *  and a person name has the shape of "City"; it is not used). */
const DATA_KINDS: FindingKind[] = ['email', 'ssn', 'creditCard', 'iban', 'phone', 'ipv4', 'ipv6', 'mac', 'url', 'uuid', 'address'];

const LOOKS_LIKE: Record<string, string> = {
  email: 'an email address',
  ssn: 'a US SSN',
  creditCard: 'a payment card number',
  iban: 'an IBAN',
  phone: 'a phone number',
  ipv4: 'an IP address',
  ipv6: 'an IP address',
  mac: 'a MAC address',
  url: 'a URL',
  uuid: 'a UUID',
  address: 'a street address',
  date: 'a date',
  long: `longer than ${MAX_HEADER} characters`,
  control: 'control characters',
  row: 'part of a header row that looks like a record',
};

export type HeaderIssue = keyof typeof LOOKS_LIKE;

export interface HeaderNote {
  /** 1-based position in the header row. */
  position: number;
  issue: HeaderIssue;
  /** What the name looks like, for messages ("an email address"). */
  looksLike: string;
  /** The shown prefix (control characters removed); may be empty. */
  prefix: string;
  /** `column 3 ("Joh…")` */
  label: string;
}

/** The detector (or shape) that finds a value in one header name, if any. */
export function dataKind(name: string): HeaderIssue | undefined {
  const v = name.trim();
  if (v === '') return undefined;
  const words = v.split(/[\s,;|]+/).filter((w) => w.length > 0);
  for (const kind of DATA_KINDS) {
    const test = VALUE_TESTS[kind]!;
    if (test(v, false)) return kind;
    if (kind !== 'address' && words.length > 1 && words.some((w) => test(w, false))) return kind;
  }
  if (parseDate(v) !== undefined) return 'date';
  return undefined;
}

export function headerIssue(name: string): HeaderIssue | undefined {
  CONTROL.lastIndex = 0;
  if (CONTROL.test(name)) return 'control';
  const d = dataKind(name);
  if (d !== undefined) return d;
  if ([...name].length > MAX_HEADER) return 'long';
  return undefined;
}

export function headerLabel(name: string, position: number): { prefix: string; label: string } {
  const clean = [...name.replace(CONTROL, '').trim()];
  const n = Math.min(PREFIX, Math.floor(clean.length / 3));
  const prefix = clean.slice(0, n).join('');
  return { prefix, label: n === 0 ? `column ${position}` : `column ${position} (${JSON.stringify(`${prefix}…`)})` };
}

/** One note per header name that must not be shown (index = position - 1), undefined for the
 *  others. */
export function checkHeaderNames(header: readonly string[]): Array<HeaderNote | undefined> {
  const issues = header.map(headerIssue);
  const rowIsData = issues.some((i) => i !== undefined && i !== 'long' && i !== 'control');
  return header.map((name, i) => {
    const issue = issues[i] ?? (rowIsData ? 'row' : undefined);
    if (issue === undefined) return undefined;
    const { prefix, label } = headerLabel(name, i + 1);
    return { position: i + 1, issue, looksLike: LOOKS_LIKE[issue]!, prefix, label };
  });
}

/** The warning for the table, the JSON report and the INPUT_HEADER error; names positions only. */
export function headerWarning(notes: ReadonlyArray<HeaderNote | undefined>): string | undefined {
  const hit = notes.filter((n): n is HeaderNote => n !== undefined);
  if (hit.length === 0) return undefined;
  const direct = hit.filter((n) => n.issue !== 'row');
  const list = direct
    .slice(0, 5)
    .map((n) => `column ${n.position}: ${n.looksLike}`)
    .join('; ');
  const more = direct.length > 5 ? `; ${direct.length - 5} more` : '';
  const row = hit.some((n) => n.issue === 'row');
  return `the header row looks like data (${list}${more})${row ? ': the file may lack its header row, so every column is shown by position' : ': such columns are shown by position'}`;
}
