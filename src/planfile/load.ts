// Reading and writing plan files: read → JSON → schema (ajv, the policy's options) → PlanFile.
// Serialization is deterministic (fixed key order, see build.ts) so the same search on the
// same batch gives byte-identical plans, and the plan's digest (sha256 of its bytes) names it
// in the release ledger.
import { readFileSync } from 'node:fs';
import type { ValidateFunction } from 'ajv';
import { KanonError } from '../errors.js';
import { newAjv, translateAjvErrors, bundle } from '../policy/load.js';
import { findDuplicateKeys } from '../policy/duplicate-keys.js';
import { planSchema } from './schema.js';
import { sha256 } from './canonical.js';
import type { PlanFile } from './types.js';

let validator: ValidateFunction | undefined;
function getValidator(): ValidateFunction {
  validator ??= newAjv().compile(planSchema());
  return validator;
}

export interface LoadedPlan {
  file: string;
  /** sha256 of the plan file's bytes. */
  sha256: string;
  plan: PlanFile;
}

export function loadPlan(file: string): LoadedPlan {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    throw new KanonError('PLAN_READ', 'cannot read the plan file', { file });
  }
  return { file, sha256: sha256(bytes), plan: parsePlan(bytes.toString('utf8'), file) };
}

export function parsePlan(text: string, file: string): PlanFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    throw new KanonError('PLAN_INVALID', 'the plan file is not valid JSON', { file });
  }
  const problems: KanonError[] = findDuplicateKeys(text).map(
    (d) => new KanonError('PLAN_INVALID', 'this key appears twice (JSON keeps only the last)', { file, line: d.line, path: d.path }),
  );
  const validate = getValidator();
  if (!validate(raw)) {
    problems.push(...translateAjvErrors(validate.errors ?? [], file).map((e) => new KanonError('PLAN_INVALID', e.message, e.where)));
  }
  if (problems.length) throw bundle(problems);
  return raw as PlanFile;
}

/** The plan file's bytes (two-space JSON and a newline; keys in the order build.ts set them). */
export function renderPlan(plan: PlanFile): string {
  return JSON.stringify(plan, null, 2) + '\n';
}
