// Policy loading: read → JSON → duplicate keys → JSON Schema (ajv) → Policy.
// Every problem is collected so `kanon validate` can print them all; messages name the config
// path and keys, which are the user's own configuration, never data.
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { createRequire } from 'node:module';
import type { Ajv as AjvClass, ErrorObject, ValidateFunction } from 'ajv';
import { KanonError, closest } from '../errors.js';
import { policySchema } from './schema.js';
import { findDuplicateKeys } from './duplicate-keys.js';
import { pointer, type Policy, type RawPolicy } from './types.js';

export const AJV_OPTIONS = { allErrors: true, discriminator: true, verbose: true, strict: true, strictRequired: false } as const;

/** ajv itself (64 modules) loads only when a schema is compiled at run time: the policy's
 *  validator is precompiled at build time, the plan file's is compiled on first use (issue 18). */
export function newAjv(): AjvClass {
  const { Ajv } = createRequire(import.meta.url)('ajv') as typeof import('ajv');
  return new Ajv(AJV_OPTIONS);
}

let validator: ValidateFunction | undefined;
/** The validator compiled at build time (dist/policy/policy-validator.cjs, see
 *  scripts/write-schema.mjs), else compiled now (tests run the TypeScript sources). */
function getValidator(): ValidateFunction {
  if (!validator) {
    try {
      const mod = createRequire(import.meta.url)('./policy-validator.cjs') as { default?: ValidateFunction } & ValidateFunction;
      validator = mod.default ?? mod;
    } catch {
      validator = newAjv().compile(policySchema());
    }
  }
  return validator;
}

export function loadPolicy(file: string): Policy {
  let text: string;
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
    text = bytes.toString('utf8');
  } catch {
    throw new KanonError('POLICY_READ', 'cannot read the policy file', { file });
  }
  return parsePolicy(text, file, bytes);
}

export function parsePolicy(text: string, file: string, bytes: Buffer = Buffer.from(text)): Policy {
  let raw: unknown;
  try {
    raw = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    const pos = /position (\d+)/.exec(String((e as Error).message))?.[1];
    const line = pos === undefined ? undefined : text.slice(0, Number(pos)).split('\n').length;
    throw new KanonError('POLICY_JSON', 'the policy is not valid JSON', { file, ...(line ? { line } : {}) });
  }
  const problems: KanonError[] = findDuplicateKeys(text).map(
    (d) => new KanonError('POLICY_SCHEMA', 'this key appears twice (JSON keeps only the last)', { file, line: d.line, path: d.path }),
  );
  const validate = getValidator();
  if (!validate(raw)) problems.push(...translateAjvErrors(validate.errors ?? [], file));
  if (problems.length) throw bundle(problems);
  const policy = raw as RawPolicy;
  return {
    file,
    dir: dirname(resolve(file)),
    sha256: createHash('sha256').update(bytes).digest('hex'),
    raw: policy,
    columns: Object.entries(policy.columns).map(([name, spec]) => ({ name, spec, configPath: pointer('columns', name) })),
  };
}

/** One error carrying the others in `more` (the first is the headline). */
export function bundle(problems: KanonError[]): KanonError {
  const [first, ...rest] = problems;
  return new KanonError(first!.code, first!.message, first!.where, rest);
}

export function translateAjvErrors(errors: ErrorObject[], file: string): KanonError[] {
  // A oneOf/anyOf/if failure is reported with the errors of its branches; keep the specific ones.
  const specific = errors.filter((e) => !['oneOf', 'anyOf', 'if'].includes(e.keyword));
  let chosen = specific.length ? specific : errors;
  // The discriminator repeats what the enum/required error on the same entry already says.
  chosen = chosen.filter((e) => {
    if (e.keyword !== 'discriminator') return true;
    const tag = String((e.params as { tag?: unknown }).tag);
    return !chosen.some((o) => o !== e && (o.instancePath === `${e.instancePath}/${tag}` || (o.instancePath === e.instancePath && o.keyword === 'required')));
  });
  const out: KanonError[] = [];
  const seen = new Set<string>();
  for (const e of chosen) {
    const msg = describe(e);
    const path = e.instancePath || '/';
    const key = `${path}|${msg}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(new KanonError('POLICY_SCHEMA', msg, { file, path }));
  }
  return out;
}

function describe(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(p.additionalProperty);
      const known = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const hint = closest(key, known);
      return `unknown key ${JSON.stringify(key)}${hint ? ` (did you mean ${JSON.stringify(hint)}?)` : known.length ? ` (allowed: ${known.join(', ')})` : ''}`;
    }
    case 'required':
      return `missing required key ${JSON.stringify(p.missingProperty)}`;
    case 'enum':
      return `must be one of: ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const':
      return `must be ${JSON.stringify(p.allowedValue)}`;
    case 'discriminator': {
      const tag = String(p.tag);
      const allowed = (e.parentSchema as { properties?: Record<string, { enum?: unknown[] }> } | undefined)?.properties?.[tag]?.enum;
      return p.error === 'tag'
        ? `${JSON.stringify(tag)} must be a string`
        : `unknown ${tag}${allowed ? `; one of: ${allowed.map((v) => JSON.stringify(v)).join(', ')}` : ''}`;
    }
    default:
      // ajv's own messages quote schema limits ("must be >= 2"), never the instance data.
      return e.message ?? `fails the ${e.keyword} rule`;
  }
}
