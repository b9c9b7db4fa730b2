// Record operators for identifier columns (issue 4): one file per operator behind a registry
// (presidio-anonymizer's shape). An operator is validated once by the policy schema (its
// `options` fragment), then compiled once per column into a closure the hot loop calls.

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
export type CellFn = (value: string, row: readonly string[]) => string;

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
  /** 'drop' removes the column from the output. */
  compile(options: O, ctx: OperatorContext): CellFn | 'drop';
  /** For reversible operators (ff1): the inverse, used by `kanon reveal`. */
  reverse?(options: O, ctx: OperatorContext): CellFn;
}
