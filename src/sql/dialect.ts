// SQL dialects for `kanon sql` (issue 16, "SQL for the warehouse"): identifier quoting, string
// literals, types, full-match regular expressions and an expression that stops the query with
// a message. Only what the generated queries use, per engine's documented syntax:
//   DuckDB: "x" identifiers, '' in literals, regexp_full_match (RE2), error(msg).
//   PostgreSQL: "x" identifiers, '' in literals (standard_conforming_strings, on by default
//   since 9.1), `~` (POSIX ARE); no raising function in plain SQL, so a failed cast of the
//   message to integer stops the query (it depends on a column, so the planner cannot fold
//   it into a plan-time error).
//   Spark SQL: `x` identifiers, backslash escapes in literals (the default
//   spark.sql.parser.escapedStringLiterals=false), RLIKE (Java regex; \z, since $ would also
//   match before a final newline), raise_error(msg) (Spark 3.1+). Untested against Spark.
import { KanonError } from '../errors.js';

export const DIALECTS = ['duckdb', 'postgres', 'spark'] as const;
export type DialectName = (typeof DIALECTS)[number];

export interface Dialect {
  readonly name: DialectName;
  /** A quoted identifier. */
  ident(name: string): string;
  /** A string literal. */
  str(text: string): string;
  /** The text type values are cast to. */
  readonly text: string;
  /** An exact decimal type that holds 20 integer and 18 fractional digits. */
  readonly decimal: string;
  /** An exact decimal type with `scale` fractional digits (38 digits in all). */
  decimalAt(scale: number): string;
  readonly double: string;
  readonly bigint: string;
  /** Boolean: does `expr` match `pattern` whole? The pattern uses only what RE2, POSIX ARE and
   *  Java share: [..] classes, ?, {m,n}, |, (..), and \ before punctuation. */
  fullMatch(expr: string, pattern: string): string;
  /** A text expression that stops the query with `message` when evaluated (message: no data). */
  fail(message: string, dependsOn: string): string;
}

const doubleQuoted = (name: string): string => `"${name.replace(/"/g, '""')}"`;
const standardStr = (text: string): string => `'${text.replace(/'/g, "''")}'`;

function checkText(text: string): void {
  // A NUL cannot be in a PostgreSQL text literal, and is refused everywhere for one behaviour.
  if (text.includes('\u0000')) throw new KanonError('SQL_UNSUPPORTED', 'a NUL character cannot be written into a SQL literal');
}

/** A standard-SQL string literal of user text (DuckDB and PostgreSQL). */
const standardLiteral = (t: string): string => {
  checkText(t);
  return standardStr(t);
};

const duckdb: Dialect = {
  name: 'duckdb',
  ident: doubleQuoted,
  str: standardLiteral,
  text: 'VARCHAR',
  decimal: 'DECIMAL(38,18)',
  decimalAt: (s) => `DECIMAL(38,${s})`,
  double: 'DOUBLE',
  bigint: 'BIGINT',
  fullMatch: (e, p) => `regexp_full_match(${e}, ${standardStr(p)})`,
  fail: (m) => `error(${standardStr(m)})`,
};

const postgres: Dialect = {
  name: 'postgres',
  ident: doubleQuoted,
  str: standardLiteral,
  text: 'TEXT',
  decimal: 'NUMERIC',
  decimalAt: (s) => `NUMERIC(38,${s})`,
  double: 'DOUBLE PRECISION',
  bigint: 'BIGINT',
  fullMatch: (e, p) => `(${e} ~ ${standardStr(`^(?:${p})$`)})`,
  fail: (m, dep) => `CAST(CAST(CASE WHEN length(${dep}) < 0 THEN '0' ELSE ${standardStr(m)} END AS INTEGER) AS TEXT)`,
};

const sparkStr = (t: string): string => {
  checkText(t);
  return `'${t.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
};

const spark: Dialect = {
  name: 'spark',
  ident: (name) => `\`${name.replace(/`/g, '``')}\``,
  str: sparkStr,
  text: 'STRING',
  decimal: 'DECIMAL(38,18)',
  decimalAt: (s) => `DECIMAL(38,${s})`,
  double: 'DOUBLE',
  bigint: 'BIGINT',
  fullMatch: (e, p) => `(${e} RLIKE ${sparkStr(`^(?:${p})\\z`)})`,
  fail: (m) => `CAST(raise_error(${sparkStr(m)}) AS STRING)`,
};

export const DIALECT: Record<DialectName, Dialect> = { duckdb, postgres, spark };

export function dialectFor(name: string): Dialect {
  const d = (DIALECT as Record<string, Dialect | undefined>)[name];
  if (!d) throw new KanonError('USAGE', `unknown SQL dialect (use ${DIALECTS.join(', ')})`);
  return d;
}

/** A table name as given: dots separate catalog, schema and table; each part is quoted. */
export function tableName(d: Dialect, name: string): string {
  const parts = name.split('.');
  if (parts.some((p) => p === '')) throw new KanonError('USAGE', '--table: an empty name part (write schema.table)');
  return parts.map((p) => d.ident(p)).join('.');
}

/** Regex escape of one literal character for the shared pattern subset. */
export function reChar(c: string): string {
  // Only ASCII punctuation is escaped: RE2 refuses a backslash before anything else.
  return /^[!-/:-@[-`{-~]$/.test(c) ? `\\${c}` : c;
}
