// kanon validate — check a policy against the schema and, given an input, against its header.
//
//   kanon validate --policy policy.json
//   kanon validate --policy policy.json data.csv
//
// Prints every problem found (not just the first); exit 2 for policy problems.
import type { Readable } from 'node:stream';
import { KanonError } from '../errors.js';
import { bundle, loadPolicy } from '../policy/load.js';
import { loadHierarchy, type HierarchySpec } from '../hierarchy/load.js';
import { normalizePrivacy, type RawPrivacy } from '../privacy/normalize.js';
import { bindPolicy } from '../policy/bind.js';
import { inputSource } from '../io/input.js';
import { openTable } from '../io/read.js';
import type { Format } from '../io/types.js';
import { compileRowPipeline } from '../pipeline.js';
import type { KeyRing } from '../operators/types.js';
import type { Policy, Role } from '../policy/types.js';

export interface ValidateOptions {
  policy: string;
  input?: string;
  format?: Format;
  delimiter?: string;
}

export interface ValidateResult {
  policy: string;
  columns: Record<Role, number>;
  checkedAgainst?: string;
}

/** What the schema cannot see: hierarchies load and nest, the privacy section fits the
 *  columns (e.g. an l-diversity column is a sensitive column). Every problem is collected. */
function checkPlan(policy: Policy): void {
  const problems: KanonError[] = [];
  const attempt = (fn: () => void): void => {
    try { fn(); } catch (e) { problems.push(e instanceof KanonError ? withFile(e, policy.file) : new KanonError('INTERNAL', 'check failed')); }
  };
  for (const c of policy.columns) {
    if (c.spec.hierarchy === undefined) continue;
    attempt(() => loadHierarchy(c.spec.hierarchy as HierarchySpec, { baseDir: policy.dir, configPath: `${c.configPath}/hierarchy` }));
  }
  const quasi = policy.columns.filter((c) => c.spec.role === 'quasi');
  const sens = policy.columns.filter((c) => c.spec.role === 'sensitive');
  if (quasi.length) {
    attempt(() => normalizePrivacy(policy.raw.privacy as RawPrivacy | undefined, sens.map((c) => c.name), sens.filter((c) => c.spec.hierarchy !== undefined).map((c) => c.name)));
  }
  if (problems.length) throw bundle(problems);
}

function withFile(e: KanonError, file: string): KanonError {
  return e.where.file ? e : new KanonError(e.code, e.message, { ...e.where, file });
}

/** Compiling operators must not need the real key: validation never writes a token. */
const validationKeys: KeyRing = {
  get: () => Buffer.alloc(32),
  fingerprint: () => 'validation',
};

export async function validateCommand(opts: ValidateOptions, io: { stdin: Readable & { isTTY?: boolean } }): Promise<ValidateResult> {
  const policy = loadPolicy(opts.policy);
  const columns: Record<Role, number> = { identifier: 0, quasi: 0, sensitive: 0, insensitive: 0 };
  for (const c of policy.columns) columns[c.spec.role]++;
  checkPlan(policy);
  if (opts.input === undefined) return { policy: opts.policy, columns };
  const src = inputSource(opts.input, io.stdin);
  const table = await openTable(src.open(), {
    file: src.name,
    ...(src.path ? { path: src.path } : {}),
    ...(opts.format ?? policy.raw.input?.format ? { format: (opts.format ?? policy.raw.input?.format)! } : {}),
    ...(opts.delimiter ?? policy.raw.input?.delimiter ? { delimiter: (opts.delimiter ?? policy.raw.input?.delimiter)! } : {}),
  });
  const bound = bindPolicy(policy, table.header, src.name);
  try {
    compileRowPipeline(bound, { keys: validationKeys, stats: { collisions: 0 }, quasi: new Map(bound.byRole('quasi').map((c) => [c.index, (v: string) => v])) });
  } catch (e) {
    if (e instanceof KanonError) throw e;
    throw new KanonError('INTERNAL', 'the policy could not be compiled');
  }
  return { policy: opts.policy, columns, checkedAgainst: src.name };
}
