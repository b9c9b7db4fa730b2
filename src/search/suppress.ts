// Row-level suppression of one chosen node: the rows of classes violating a model (ARX's
// semantics; in star mode these rows are written as one all-"*" class).
import type { PrivacyConfig } from '../privacy/types.js';
import { compileCriteria } from '../privacy/registry.js';
import { cellsFromRows } from './cells.js';
import { sensitiveIndexes } from './checker.js';
import { judge } from './evaluate.js';
import type { EncodedTable } from './types.js';

export function suppressionAt(
  table: EncodedTable,
  levels: ArrayLike<number>,
  privacy: PrivacyConfig,
): { suppressed: Uint8Array; suppressedCount: number; classCount: number } {
  const criteria = compileCriteria(table, privacy);
  const sens = sensitiveIndexes(criteria);
  const { cells, classOfRow } = cellsFromRows(table, Int32Array.from(levels), sens);
  const v = judge(table, cells, criteria, sens);
  const suppressed = new Uint8Array(table.rows);
  for (let r = 0; r < table.rows; r++) suppressed[r] = v.violating[classOfRow[r]!]!;
  let classCount = 0;
  for (let k = 0; k < cells.classCount; k++) if (v.violating[k] === 0) classCount++;
  return { suppressed, suppressedCount: v.suppressedRows, classCount };
}
