// Information-loss metrics, one per file behind a registry (registry.ts). Each gives a value
// for an evaluated node and a cheap lower bound from the levels alone; the bound never exceeds
// the value of the node with any suppression, which is what makes the best-first search exact.
import type { EncodedTable } from '../types.js';

/** The classes of one node after judging, as a metric reads them. */
export interface NodeView {
  levels: Int32Array;
  classCount: number;
  size: Float64Array;
  violating: Uint8Array;
  suppressedRows: number;
  /** q[j][repCell[k]] = code of QI j of class k at levels[j]. */
  q: readonly Int32Array[];
  repCell: Int32Array;
}

export interface PreparedMetric {
  lowerBound(levels: Int32Array): number;
  value(node: NodeView): number;
}

export interface Metric {
  name: string;
  prepare(table: EncodedTable, opts: { k: number }): PreparedMetric;
}
