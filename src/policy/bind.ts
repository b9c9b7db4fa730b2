// Binding a policy to an input header: every input column needs exactly one entry (fail
// closed), and every entry must name a column of the input.
import { KanonError, closest } from '../errors.js';
import { bundle } from './load.js';
import type { BoundColumn, BoundPolicy, Policy, Role } from './types.js';

export interface BindOptions {
  /** Entries that may be absent from the header (reveal: columns kanon dropped). */
  mayBeAbsent?: (spec: Policy['columns'][number]['spec']) => boolean;
}

export function bindPolicy(policy: Policy, header: string[], inputFile: string, opts: BindOptions = {}): BoundPolicy {
  const problems: KanonError[] = [];
  const entries = new Map(policy.columns.map((c) => [c.name, c]));
  const columns: BoundColumn[] = [];
  header.forEach((name, index) => {
    const entry = entries.get(name);
    if (!entry) {
      problems.push(new KanonError('POLICY_COLUMN_MISSING', 'this input column has no entry in the policy: give it a role', { file: policy.file, column: name, path: '/columns' }));
      return;
    }
    columns.push({ name, index, spec: entry.spec, configPath: entry.configPath });
  });
  const inHeader = new Set(header);
  for (const c of policy.columns) {
    if (inHeader.has(c.name) || opts.mayBeAbsent?.(c.spec)) continue;
    const hint = closest(c.name, header);
    problems.push(new KanonError(
      'POLICY_COLUMN_UNKNOWN',
      `the policy names a column that ${inputFile} does not have${hint ? ` (did you mean ${JSON.stringify(hint)}?)` : ''}`,
      { file: policy.file, column: c.name, path: c.configPath },
    ));
  }
  if (problems.length) throw bundle(problems);
  return {
    policy,
    header,
    columns,
    byRole: (role: Role) => columns.filter((c) => c.spec.role === role),
  };
}
