// Record operators for identifier columns (issue 4): one file per operator behind a registry
// (presidio-anonymizer's shape). An operator is validated once by the policy schema (its
// `options` fragment) and its validate(), then compiled once per column into a closure the hot loop calls.
import { KanonError } from '../errors.js';
import type { ByteChunk } from '../io/bytes.js';

/** A JSON Schema fragment (plain object). */
export type JsonSchema = Record<string, unknown>;

/** Secret key material. Never printed, logged or put in a report. */
export interface KeyRing {
  /** Key bytes for a key id ("default" when the policy names none). Throws KanonError KEY_MISSING. */
  get(id?: string): Buffer;
  /** Short, non-reversible fingerprint of a key (HMAC of a fixed label), safe to print. */
  fingerprint(id?: string): string;
}

/** Counters an operator may report into (e.g. token collisions); they go to the run summary. */
export interface OperatorStats {
  collisions: number;
}

export interface OperatorContext {
  /** The column this operator is bound to. */
  column: string;
  /** The input header, in order. */
  header: readonly string[];
  /** Index of another input column (for tweaks, date-shift subjects); throws POLICY_COLUMN_UNKNOWN. */
  indexOf(name: string, configPath: string): number;
  /** JSON pointer of this column's entry in the policy, e.g. /columns/ssn (for error places). */
  configPath: string;
  /** Key access; only touched by keyed operators, so a policy without them needs no key. */
  keys: KeyRing;
  stats: OperatorStats;
}

/**
 * value: the input cell; row: the whole input row (original values), for operators that
 * read another column. Returns the output cell. Must not throw with a value in the message.
 */
export type CellFn = ((value: string, row: readonly string[]) => string) & { bytes?: CellBytes };

/**
 * A CellFn's byte form, optional (issue 18: bytes end to end). write() is given the input
 * cell as its UTF-8 bytes src[a, b) and appends to `out` the UTF-8 of what the CellFn returns
 * for that value. Every value it writes is `prefix` followed by ASCII letters and digits, or
 * empty: so a CSV writer whose delimiter is not a letter or digit, and that writes
 * prefix + "a", prefix + "0" and "" unchanged, writes every such value unchanged
 * (src/parallel/lane.ts checks this once). It does not read the row.
 */
export interface CellBytes {
  prefix: string;
  write(src: Uint8Array, a: number, b: number, out: ByteChunk): void;
}

/** What an operator's validate() sees: the policy, not the input (no keys, no data). */
export interface ValidateContext {
  column: string;
  configPath: string;
  /** The policy's column entries by name; undefined when compiling against an input header
   *  (the header check is then ctx.indexOf's). */
  columns?: ReadonlyMap<string, { role: string; operator?: string }>;
}

export interface OperatorDef<O = Record<string, unknown>> {
  name: string;
  /** One line for --help and the README. */
  summary: string;
  /** JSON Schema `properties` for this operator's options (besides role/operator/reason/empty). */
  options: Record<string, JsonSchema>;
  /** Required option names. */
  required?: string[];
  /** True if compile() needs ctx.keys. */
  keyed: boolean;
  /** The checks the schema cannot express (limits that depend on other options, other
   *  columns), run once at policy load for every problem (presidio's validate/operate split);
   *  compile() assumes they passed. Returns every problem, never throws. */
  validate?(options: O, ctx: ValidateContext): KanonError[];
  /** 'drop' removes the column from the output. */
  compile(options: O, ctx: OperatorContext): CellFn | 'drop';
  /** For reversible operators (ff1): the inverse, used by `kanon reveal`. */
  reverse?(options: O, ctx: OperatorContext): CellFn;
}

/** compile()'s guard: the first problem validate() finds, thrown (tests and the programmatic
 *  API compile without going through the policy loader). */
export function assertValid<O>(def: OperatorDef<O>, options: O, ctx: ValidateContext): void {
  const problems = def.validate?.(options, ctx) ?? [];
  if (problems.length) throw new KanonError(problems[0]!.code, problems[0]!.message, problems[0]!.where, problems.slice(1));
}

/** A column an operator reads must exist in the policy (its input check is ctx.indexOf's). */
export function otherColumn(ctx: ValidateContext, name: string | undefined, option: string, what: string): KanonError[] {
  if (name === undefined) return [];
  const path = `${ctx.configPath}/${option}`;
  if (name === ctx.column) return [new KanonError('POLICY_INVALID', `${what} must be another column`, { path })];
  if (ctx.columns && !ctx.columns.has(name)) return [new KanonError('POLICY_COLUMN_UNKNOWN', `${option} names a column the policy does not have`, { path })];
  return [];
}
