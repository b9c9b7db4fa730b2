// Identifier columns in SQL (kanon sql --plan): drop is left out, redact and mask are written
// as SQL that gives kanon's output exactly. Keyed operators (hmac, ff1, dateShift) are never
// written in SQL: their key would have to be inside the query text, where a warehouse logs it
// (query history, EXPLAIN, monitoring). They are refused, naming the column's config path.
import { KanonError } from '../errors.js';
import type { ColumnConfig } from '../policy/normalize.js';
import type { Dialect } from './dialect.js';

/** The output expression of an identifier column, or null when it is dropped. */
export function identifierExpr(d: Dialect, col: ColumnConfig, v: string): string | null {
  const op = col.spec.operator;
  const keepEmpty = (col.spec.empty ?? 'keep') === 'keep';
  const withEmpty = (e: string): string => (keepEmpty ? `CASE WHEN ${v} = '' THEN '' ELSE ${e} END` : e);
  switch (op) {
    case 'drop':
      return null;
    case 'redact':
      return withEmpty(d.str(typeof col.spec.with === 'string' ? col.spec.with : '*'));
    case 'mask': {
      if (col.spec.keepSeparators === true)
        throw new KanonError('SQL_UNSUPPORTED', 'mask with keepSeparators has no SQL form here: run kanon run for this policy', {
          path: `${col.configPath}/keepSeparators`,
        });
      const ks = typeof col.spec.keepStart === 'number' ? col.spec.keepStart : 0;
      const ke = typeof col.spec.keepEnd === 'number' ? col.spec.keepEnd : 0;
      const ch = d.str(typeof col.spec.maskChar === 'string' ? col.spec.maskChar : '*');
      const n = `length(${v})`;
      // As src/operators/mask.ts: a value no longer than keepStart + keepEnd is masked whole.
      return withEmpty(
        `CASE WHEN ${n} <= ${ks + ke} THEN repeat(${ch}, ${n}) ELSE concat(left(${v}, ${ks}), repeat(${ch}, ${n} - ${ks + ke}), right(${v}, ${ke})) END`,
      );
    }
    case 'hmac':
    case 'ff1':
    case 'dateShift':
      throw new KanonError(
        'SQL_UNSUPPORTED',
        `the keyed operator ${op} is never written in SQL (its key would be in the query text): run kanon run --plan for this policy`,
        { column: col.name, path: `${col.configPath}/operator` },
      );
    default:
      throw new KanonError('SQL_UNSUPPORTED', 'this operator has no SQL form', { column: col.name, path: `${col.configPath}/operator` });
  }
}
