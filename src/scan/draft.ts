// Draft a kanon policy from scan findings: one entry per column, each with a role, an
// operator or hierarchy, and the reason the scan gave. The user reviews it, then runs it.
import type { ColumnFinding, FindingKind } from './types.js';
import { subjectColumn } from './detect.js';
import { KanonError } from '../errors.js';
import { headerWarning } from './header.js';
import { DATE_LEVELS, ageHierarchy, intervalHierarchy } from './hierarchies.js';
import { treeHierarchy } from './trees.js';

export interface DraftOptions {
  /** k of k-anonymity (default 5); also the minimum count for a label to enter a category tree. */
  k?: number;
  /** Share of records that may be suppressed (default 0.05). */
  suppressionLimit?: number;
  /** List every observed category label in trees (see hierarchies.ts for the default rule). */
  allowValuesInPolicy?: boolean;
  /** Same effect on trees as allowValuesInPolicy (the CLI's --show-examples). */
  showExamples?: boolean;
  /** Category trees only for columns with at most this many labels (default 50). */
  maxTreeValues?: number;
  /** Input file name, for the INPUT_HEADER error's place. */
  file?: string;
}

export interface DraftPolicy {
  version: 1;
  columns: Record<string, Record<string, unknown>>;
  privacy?: { k: number; suppressionLimit: number };
}

const HMAC = { operator: 'hmac', normalize: ['trim', 'lowercase'] };
const MASK = { operator: 'mask', keepEnd: 4, keepSeparators: true };
const DROP = { operator: 'drop' };

/** Operator by identifier kind: keyed pseudonyms for join keys, masks where the last digits
 *  are useful to people (phones, cards), drop where the content is the risk (text, places). */
const OPERATOR: Partial<Record<FindingKind, Record<string, unknown>>> = {
  email: { operator: 'hmac', variant: 'email', domain: 'keep' },
  phone: MASK,
  creditCard: MASK,
  ssn: HMAC,
  iban: HMAC,
  uuid: HMAC,
  uniqueId: HMAC,
  personName: HMAC,
  ipv4: DROP,
  ipv6: DROP,
  mac: DROP,
  url: DROP,
  address: DROP,
  freeText: DROP,
};

export function draftPolicy(findings: readonly ColumnFinding[], opts: DraftOptions = {}): DraftPolicy {
  // A policy is keyed by column name: a header that looks like data (header.ts) would be
  // written into the policy file whole. Refuse instead; detect({ trustHeader }) is the way to
  // say the names are real (the CLI's --trust-header).
  const warning = headerWarning(findings.map((f) => f.header));
  if (warning !== undefined) {
    throw new KanonError('INPUT_HEADER', `${warning}; no policy is drafted: add the header row, or pass --trust-header if these are the column names`, {
      ...(opts.file !== undefined ? { file: opts.file } : {}),
      line: 1,
    });
  }
  const k = opts.k ?? 5;
  const suppressionLimit = opts.suppressionLimit ?? 0.05;
  const tree = {
    k,
    maxTreeValues: opts.maxTreeValues ?? 50,
    allowValuesInPolicy: opts.allowValuesInPolicy === true || opts.showExamples === true,
  };
  const subject = subjectColumn(findings);
  const columns: DraftPolicy['columns'] = {};
  let quasi = 0;
  for (const f of findings) {
    const reason = `kanon scan: ${f.kind === 'none' ? 'insensitive' : f.kind} (confidence ${f.confidence.toFixed(2)}) — ${f.reason}`;
    if (f.role === 'identifier') {
      if (f.kind === 'eventDate' && subject !== undefined) {
        columns[f.column] = { role: 'identifier', operator: 'dateShift', subject, maxDays: 30, reason };
      } else {
        columns[f.column] = { role: 'identifier', ...(OPERATOR[f.kind] ?? DROP), reason };
      }
    } else if (f.role === 'quasi') {
      quasi++;
      const p = f.profile;
      if (f.kind === 'postalCode') {
        columns[f.column] = { role: 'quasi', hierarchy: { type: 'mask' }, reason };
      } else if (p.type === 'date' || p.type === 'datetime') {
        columns[f.column] = { role: 'quasi', hierarchy: { type: 'date', levels: DATE_LEVELS }, reason };
      } else if (f.kind === 'age' && p.min !== undefined && p.max !== undefined && p.max - p.min >= 20) {
        // (a narrower range, e.g. a paediatric table, gets finer bands from its range below)
        columns[f.column] = { role: 'quasi', hierarchy: ageHierarchy(p.min, p.max), reason: `${reason}; 5-, 10- and 20-year bands` };
      } else if ((p.type === 'integer' || p.type === 'decimal') && p.min !== undefined && p.max !== undefined) {
        const h = intervalHierarchy(p.min, p.max, p.type === 'integer');
        columns[f.column] = h
          ? { role: 'quasi', hierarchy: h, reason: `${reason}; bands ${(h.widths as number[]).join(', ')} wide from the observed range` }
          : {
              role: 'quasi',
              hierarchy: { type: 'mask' },
              reason: `${reason}; the observed range is beyond what interval bands of doubles can carry, so a mask hierarchy stands in`,
            };
      } else {
        const t = treeHierarchy(f, tree);
        if (t.hierarchy !== undefined) {
          columns[f.column] = { role: 'quasi', hierarchy: t.hierarchy, reason: `${reason}; ${t.note}` };
        } else if (f.kind === 'geography') {
          // A place name column with no known tree (cities, towns): a character mask of a name
          // is no geographic region, and its many levels would multiply the search space.
          quasi--;
          columns[f.column] = {
            role: 'identifier',
            ...DROP,
            reason: `${reason}; ${t.note}: place names without a known hierarchy cannot be generalized meaningfully (a character mask of a name is no region), so the column is dropped; write a hierarchy (e.g. city → county → state) to keep it as a quasi-identifier`,
          };
        } else {
          columns[f.column] = {
            role: 'quasi',
            hierarchy: { type: 'mask' },
            reason: `${reason}; ${t.note}: a mask hierarchy stands in; write a tree or hierarchy file, or draft with --show-examples (which lets the draft list every category)`,
          };
        }
      }
    } else {
      columns[f.column] = { role: f.role, reason };
    }
  }
  const policy: DraftPolicy = { version: 1, columns };
  // k-anonymity over no quasi-identifier is vacuous: the section appears only when it binds.
  if (quasi > 0) policy.privacy = { k, suppressionLimit };
  return policy;
}
