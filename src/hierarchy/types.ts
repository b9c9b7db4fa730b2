// A generalization hierarchy for one quasi-identifier (issue 3). Level 0 is the value itself;
// each level up is more general; the top level is the most general (usually "*").

export interface Hierarchy {
  /** Number of levels including level 0 (ARX file: its number of columns). */
  readonly levels: number;
  /**
   * The value's generalizations, index = level: [value, l1, …, top], or undefined when the
   * hierarchy does not cover the value (→ HIERARCHY_VALUE_MISSING, naming line and column).
   */
  lookup(value: string): readonly string[] | undefined;
  /** The leaf values when the hierarchy enumerates them (file, tree); undefined for builders
   *  that cover every value of their type (interval, date, mask). Used by loss metrics. */
  readonly leaves?: readonly string[];
  /** Called once by the encoder with the column's distinct values before any lookup, for
   *  builders whose depth depends on the data (mask without `length`). */
  fit?(distinct: readonly string[]): void;
}
