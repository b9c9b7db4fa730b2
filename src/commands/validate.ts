// kanon validate — check a policy against the schema and, given an input, against its header.
//
//   kanon validate --policy policy.json
//   kanon validate --policy policy.json data.csv
//
// Prints every problem found (not just the first); exit 2 for policy problems.
import type { Readable } from 'node:stream';
import { KanonError } from '../errors.js';
import { loadPolicy } from '../policy/load.js';
import { bindPolicy } from '../policy/bind.js';
import { inputSource } from '../io/input.js';
import { openTable } from '../io/read.js';
import type { Format } from '../io/types.js';
import { compileRowPipeline } from '../pipeline.js';
import type { KeyRing } from '../operators/types.js';
import type { Role } from '../policy/types.js';

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

/** Compiling operators must not need the real key: validation never writes a token. */
const validationKeys: KeyRing = {
  get: () => Buffer.alloc(32),
  fingerprint: () => 'validation',
};

export async function validateCommand(opts: ValidateOptions, io: { stdin: Readable & { isTTY?: boolean } }): Promise<ValidateResult> {
  const policy = loadPolicy(opts.policy);
  const columns: Record<Role, number> = { identifier: 0, quasi: 0, sensitive: 0, insensitive: 0 };
  for (const c of policy.columns) columns[c.spec.role]++;
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
