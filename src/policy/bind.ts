// Binding a policy to an input header: every input column needs exactly one entry (fail
// closed), and every entry must name a column of the input.
//
// Header names are data until the policy has matched them (issue 11 item 1): a CSV without its
// header row makes the first record the "header", so an unmatched header name is never echoed.
// Problems say how many input columns are unknown and at which positions; a header name is
// shown only as a suggestion for a policy entry it is close to (the policy's own names may be
// printed), and then only as a short prefix, control characters stripped.
import { KanonError, closest } from '../errors.js';
import { bundle } from './load.js';
import type { BoundColumn, BoundPolicy, Policy, Role } from './types.js';

export interface BindOptions {
  /** Entries that may be absent from the header (reveal: columns kanon dropped). */
  mayBeAbsent?: (spec: Policy['columns'][number]['spec']) => boolean;
}

/** Characters of an unmatched header name that may be shown. */
export const HEADER_PREFIX = 3;
/** Positions listed in the "no entry" problem. */
const MAX_POSITIONS = 10;

/** A short, printable prefix of header text that did not match the policy. */
export function headerHint(name: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = [...name.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, '')];
  return clean.length <= HEADER_PREFIX ? clean.join('') : `${clean.slice(0, HEADER_PREFIX).join('')}…`;
}

export function bindPolicy(policy: Policy, header: string[], inputFile: string, opts: BindOptions = {}): BoundPolicy {
  const problems: KanonError[] = [];
  const entries = new Map(policy.columns.map((c) => [c.name, c]));
  const columns: BoundColumn[] = [];
  const unmatched: { name: string; position: number }[] = [];
  header.forEach((name, index) => {
    const entry = entries.get(name);
    if (!entry) {
      unmatched.push({ name, position: index + 1 });
      return;
    }
    columns.push({ name, index, spec: entry.spec, configPath: entry.configPath });
  });
  if (unmatched.length) {
    const shown = unmatched
      .slice(0, MAX_POSITIONS)
      .map((u) => u.position)
      .join(', ');
    const more = unmatched.length > MAX_POSITIONS ? `, …` : '';
    problems.push(
      new KanonError(
        'POLICY_COLUMN_MISSING',
        `${unmatched.length} of ${header.length} input column(s) have no entry in the policy (position${unmatched.length > 1 ? 's' : ''} ${shown}${more}): give each a role` +
          (columns.length === 0 ? '; no header name matches the policy — does the input lack its header row?' : ''),
        { file: inputFile, path: '/columns' },
      ),
    );
  }
  const inHeader = new Set(header);
  const candidates = unmatched.map((u) => u.name);
  for (const c of policy.columns) {
    if (inHeader.has(c.name) || opts.mayBeAbsent?.(c.spec)) continue;
    const hint = closest(c.name, candidates);
    const at = hint === undefined ? -1 : unmatched.find((u) => u.name === hint)!.position;
    problems.push(
      new KanonError(
        'POLICY_COLUMN_UNKNOWN',
        `the policy names a column that ${inputFile} does not have${hint !== undefined ? ` (input column ${at}, ${JSON.stringify(headerHint(hint))}, is close)` : ''}`,
        { file: policy.file, column: c.name, path: c.configPath },
      ),
    );
  }
  if (problems.length) throw bundle(problems);
  return {
    policy,
    header,
    columns,
    byRole: (role: Role) => columns.filter((c) => c.spec.role === role),
  };
}
