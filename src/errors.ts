// The error model (DESIGN.md "Errors"): every failure is a KanonError with a code from a
// closed union, a place (file, line, column, config path) and a message that never holds a
// cell value, a raw record or a key. One table maps code → exit code.

export const EXIT = { ok: 0, internal: 1, usage: 2, input: 3, gate: 4 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** code → exit code. Adding a code means adding a row here (the union is derived from it). */
export const ERROR_CODES = {
  INTERNAL: EXIT.internal,
  // usage: command line, keys, files named on the command line
  USAGE: EXIT.usage,
  USAGE_OUTPUT_IS_INPUT: EXIT.usage,
  USAGE_FILE_NOT_FOUND: EXIT.usage,
  KEY_MISSING: EXIT.usage,
  KEY_INVALID: EXIT.usage,
  // policy
  POLICY_READ: EXIT.usage,
  POLICY_JSON: EXIT.usage,
  POLICY_SCHEMA: EXIT.usage,
  POLICY_COLUMN_UNKNOWN: EXIT.usage,
  POLICY_COLUMN_MISSING: EXIT.usage,
  POLICY_INVALID: EXIT.usage,
  HIERARCHY_READ: EXIT.usage,
  HIERARCHY_INVALID: EXIT.usage,
  // plan files (kanon plan / run --plan, issue 15)
  PLAN_READ: EXIT.usage,
  PLAN_INVALID: EXIT.usage,
  PLAN_MISMATCH: EXIT.usage,
  LEDGER_INVALID: EXIT.usage,
  // kanon sql: a policy or plan part that has no faithful SQL form (keyed operators never do)
  SQL_UNSUPPORTED: EXIT.usage,
  // input data
  INPUT_READ: EXIT.input,
  INPUT_EMPTY: EXIT.input,
  INPUT_CSV_SYNTAX: EXIT.input,
  INPUT_RECORD_LENGTH: EXIT.input,
  INPUT_RECORD_SIZE: EXIT.input,
  INPUT_HEADER: EXIT.input,
  INPUT_JSON_SYNTAX: EXIT.input,
  INPUT_JSON_SHAPE: EXIT.input,
  INPUT_VALUE: EXIT.input,
  HIERARCHY_VALUE_MISSING: EXIT.input,
  OUTPUT_WRITE: EXIT.input,
  INPUT_FORMAT: EXIT.input,
  INPUT_ENCODING: EXIT.input,
  RESOURCE_LIMIT: EXIT.input,
  // privacy / risk
  PRIVACY_UNSATISFIABLE: EXIT.gate,
  RISK_THRESHOLD_EXCEEDED: EXIT.gate,
  TOKEN_COLLISION: EXIT.gate,
  LEDGER_REPLAN: EXIT.gate,
} as const satisfies Record<string, ExitCode>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** Where a problem is. Never a value: only names a user already knows (file, column, config path). */
export interface Where {
  file?: string;
  line?: number;
  column?: string;
  /** JSON pointer into the policy, e.g. /columns/age/hierarchy */
  path?: string;
}

export class KanonError extends Error {
  readonly code: ErrorCode;
  readonly where: Where;
  /** Further problems found in the same check (validate prints them all). */
  readonly more: KanonError[];

  constructor(code: ErrorCode, message: string, where: Where = {}, more: KanonError[] = []) {
    super(message);
    this.name = 'KanonError';
    this.code = code;
    this.where = where;
    this.more = more;
  }

  get exitCode(): ExitCode {
    return ERROR_CODES[this.code];
  }
}

/** "file line 3, column "zip"" — the place part of a message. */
export function formatWhere(where: Where): string {
  const parts: string[] = [];
  if (where.file !== undefined) parts.push(where.file);
  if (where.line !== undefined) parts.push(`line ${where.line}`);
  if (where.column !== undefined) parts.push(`column ${JSON.stringify(where.column)}`);
  if (where.path !== undefined) parts.push(`at ${where.path}`);
  return parts.join(', ');
}

export function formatError(err: KanonError): string {
  const place = formatWhere(err.where);
  // Names in a message or a policy path are data: control characters (ANSI escapes, bidi
  // overrides) are written as visible escapes, never sent to the terminal raw (issue 11 item 12);
  // tab and newline stay (messages may span lines; names in `where` are JSON-quoted).
  return `${err.code}: ${place ? `${place}: ` : ''}${err.message}`.replace(
    /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g,
    (ch) =>
      `\\${ch.charCodeAt(0) < 0x100 ? 'x' : 'u'}${ch
        .charCodeAt(0)
        .toString(16)
        .padStart(ch.charCodeAt(0) < 0x100 ? 2 : 4, '0')}`,
  );
}

/** Wrap anything thrown into a KanonError without carrying the original message
 *  (library messages can hold raw data: csv-parse, JSON.parse, ajv). */
export function toKanonError(e: unknown): KanonError {
  if (e instanceof KanonError) return e;
  return new KanonError('INTERNAL', 'unexpected internal error (run with KANON_DEBUG=1 for a stack trace)');
}

/** Levenshtein-closest candidate, for "did you mean" hints on names (never on values). */
export function closest(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  const a = name.toLowerCase();
  for (const c of candidates) {
    const d = editDistance(a, c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}
