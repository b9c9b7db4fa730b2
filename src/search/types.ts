// The encoded table the search, the export pass and the risk report share: per column integer
// codes in typed arrays plus, per quasi-identifier, one code → generalized-code map per level.
import type { Hierarchy } from '../hierarchy/types.js';

export interface EncodedQuasi {
  name: string;
  hierarchy: Hierarchy;
  /** Row → value code (codes in order of first appearance). */
  codes: Int32Array;
  /** Code → original value. */
  values: readonly string[];
  /** Number of levels (hierarchy.levels). */
  levels: number;
  /** genMap[L][valueCode] = code of the generalized value at level L (genMap[0] = identity). */
  genMap: readonly Int32Array[];
  /** labels[L][genCode] = generalized label. */
  labels: readonly (readonly string[])[];
  /** rowCount[L][genCode] = number of records whose value generalizes to genCode. */
  rowCount: readonly Float64Array[];
  /** leafCount[L][genCode] = leaves covered (file/tree: hierarchy leaves; builders: distinct
   *  values seen in the data, since their domain is not enumerable). */
  leafCount: readonly Float64Array[];
  /** Total leaves (file/tree: hierarchy.leaves.length; builders: distinct values seen). */
  totalLeaves: number;
}

export interface EncodedSensitive {
  name: string;
  /** Row → value code; codes follow the column's order (numeric, lexical or listed). */
  codes: Int32Array;
  values: readonly string[];
  /** Global distribution (records per code / records). */
  global: Float64Array;
  /** With a hierarchy: genMap[L][code] for hierarchical EMD (Li et al. 2007). */
  genMap?: readonly Int32Array[];
}

export interface EncodedTable {
  file: string;
  /** Entries: the length of every code array. One per input row, or one per line of a
   *  frequency set (distinct QI and sensitive values with a count, src/plan/frequencies.ts). */
  rows: number;
  /** Entry → the records it stands for (a positive integer); null: every entry is one record
   *  (the rows themselves), and the readers take their unweighted loops. */
  weight: Float64Array | null;
  /** Records: Σ weight (= rows when weight is null). Everything that means "how many records"
   *  (suppression cap, metrics, class sizes, report counts) reads this, never `rows`. */
  records: number;
  quasi: readonly EncodedQuasi[];
  sensitive: readonly EncodedSensitive[];
}
