// Row-level suppression of one chosen node: the rows of classes violating a model (ARX's
// semantics; in star mode these rows are written as one all-"*" class).
import type { PrivacyConfig } from '../privacy/types.js';
import { compileCriteria } from '../privacy/registry.js';
import { cellsFromRows, entriesSource, rollUp, rollUpUnless, upMapper, type RollSource } from './cells.js';
import { MEET_MAX_SHARE, sensitiveIndexes } from './checker.js';
import { judge } from './evaluate.js';
import { releasedClasses } from './generalize.js';
import type { EncodedTable } from './types.js';

/** Meets of at least this many nodes are rolled up first (when at most MEET_MAX_SHARE of the entries). */
const MEET_MIN_NODES = 3;

/** The rows each node would suppress (violating every model's check), from class tables only:
 *  no per-row array. Each node is rolled up from the entries, or, for three nodes or more,
 *  from their meet (level-wise minimum) when that table is at most half the entries' size (the
 *  report's explanations: one level below the chosen node in each QI). */
export function violatingAt(table: EncodedTable, nodes: readonly ArrayLike<number>[], privacy: PrivacyConfig): number[] {
  if (nodes.length === 0) return [];
  const criteria = compileCriteria(table, privacy);
  const sens = sensitiveIndexes(criteria);
  const up = upMapper(table);
  let src: RollSource = entriesSource(table, sens);
  if (nodes.length >= MEET_MIN_NODES) {
    const meet = Int32Array.from(nodes[0]!);
    for (const lv of nodes) for (let j = 0; j < meet.length; j++) meet[j] = Math.min(meet[j]!, lv[j]!);
    src = rollUpUnless(table, src, meet, up, { maxEntries: MEET_MAX_SHARE * table.rows }) ?? src;
  }
  return nodes.map((lv) => judge(table, rollUp(table, src, Int32Array.from(lv), up), criteria, sens).suppressedRows);
}

/** Also returns the released classes (groupClasses(table, levels, suppressed), from the same
 *  row grouping: the report reads them instead of grouping the rows once more). */
export function suppressionAt(
  table: EncodedTable,
  levels: ArrayLike<number>,
  privacy: PrivacyConfig,
): { suppressed: Uint8Array; suppressedCount: number; classCount: number; classes: { classOf: Int32Array; sizes: Int32Array } } {
  const criteria = compileCriteria(table, privacy);
  const sens = sensitiveIndexes(criteria);
  // classOfRow: the row grouping of packed generalized keys in order of first appearance, as
  // groupClasses groups them (both pack the same columns through the same maps).
  const { cells, classOfRow } = cellsFromRows(table, Int32Array.from(levels), sens);
  const v = judge(table, cells, criteria, sens);
  const suppressed = new Uint8Array(table.rows);
  for (let r = 0; r < table.rows; r++) suppressed[r] = v.violating[classOfRow[r]!]!;
  const classes = releasedClasses(table, classOfRow, cells.classCount, v.suppressedRows > 0 ? suppressed : undefined);
  // the released classes are the classes no model rejected
  return { suppressed, suppressedCount: v.suppressedRows, classCount: classes.sizes.length, classes };
}
