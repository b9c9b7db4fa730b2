// Local recoding by Mondrian multidimensional partitioning (LeFevre, DeWitt & Ramakrishnan,
// ICDE 2006; issue 14): each group of similar records is generalized only as much as that group
// needs, instead of one level per column for the whole table. Pure and synchronous over the
// plan pass's EncodedTable; judged by the privacy models of the global search (criteria.ts) and
// scored on the same Loss scale (labels.ts). Output format: see labels.ts.
//
//   const r = mondrian(table, privacy);   // r.label(j, row) is row's released value of QI j
//
// Suppression (suppress.ts): a cut is only made when every part satisfies the models, so every
// final partition does; records are suppressed only when the whole table does not (then no
// partition can), as few as the rule there finds, within suppressionLimit, else found = false.
import { KanonError } from '../errors.js';
import type { PrivacyConfig } from '../privacy/types.js';
import { UNLIMITED, type Budget } from '../resources.js';
import { groupTuples } from '../search/group.js';
import type { EncodedTable } from '../search/types.js';
import { prepareColumn } from './columns.js';
import { partitionTest } from './criteria.js';
import { labelPartitions, lossOf } from './labels.js';
import { partition } from './partition.js';
import { suppressOutliers } from './suppress.js';

export interface LocalRecoding {
  /** false: the models cannot be met within the suppression limit (nothing else is set). */
  found: boolean;
  /** Final Mondrian partitions (≥ classes: partitions with equal labels form one class). */
  partitions: number;
  /** Row → released equivalence class (−1 = suppressed); classes numbered by first row. */
  classOf: Int32Array;
  /** Class → rows. */
  sizes: Int32Array;
  /** Per row, 1 = suppressed. */
  suppressed: Uint8Array;
  suppressedCount: number;
  /** Released value of quasi-identifier j (table.quasi order) for a kept row. */
  label(j: number, row: number): string;
  /** The same as an index into texts[j] (the distinct labels of column j; −1 for a suppressed row). */
  labelIdOf(j: number, row: number): number;
  /** Row → its partition (0 … partitions − 1; −1 suppressed), and partition p's label of QI j
   *  as an index into texts[j] (the export lays labels out by partition). */
  partOf(row: number): number;
  labelIdOfPart(j: number, p: number): number;
  texts: readonly (readonly string[])[];
  /** ARX Loss per quasi-identifier and combined (the global search's scale). */
  perColumnLoss: Record<string, number>;
  loss: number;
  /** Class sizes when quasi-identifier j is left out (risk report contributions). */
  sizesWithout(j: number): Int32Array;
  ms: number;
}

const ADVICE = 'use fewer quasi-identifier or sensitive columns, or global recoding';

/** `budget`: the per-row arrays are reserved against it (the result's classOf, partOf and
 *  suppressed stay reserved; the partitioning's working set is given back when it is done). */
export function mondrian(table: EncodedTable, privacy: PrivacyConfig, budget: Budget = UNLIMITED): LocalRecoding {
  const t0 = performance.now();
  // Mondrian cuts and counts records one by one (medians, outlier groups); on a frequency set
  // it would need weighted medians and counts throughout. Refused rather than half right.
  if (table.weight !== null) {
    throw new KanonError('USAGE', 'local recoding (privacy.recoding "local") runs on the rows, not on a frequency set: plan it from the data', {
      file: table.file,
      path: '/privacy/recoding',
    });
  }
  const n = table.rows,
    m = table.quasi.length;
  // Kept: classOf, partOf (Int32) and suppressed (Uint8) per row.
  budget.reserve('local recoding: per-record classes', n * 9, ADVICE);
  const cols = table.quasi.map(prepareColumn);
  const test = partitionTest(table, privacy);
  // The expression of suppressionCap (src/plan/plan.ts) and the search: slack for limits not exact in binary.
  const cap = Math.floor(privacy.suppressionLimit * n + 1e-9);
  const supp = suppressOutliers(table, cols, test, cap, budget);
  if (supp === null) {
    return {
      found: false,
      partitions: 0,
      classOf: new Int32Array(n).fill(-1),
      sizes: new Int32Array(0),
      suppressed: new Uint8Array(n),
      suppressedCount: 0,
      label: () => '',
      labelIdOf: () => -1,
      partOf: () => -1,
      labelIdOfPart: () => -1,
      texts: table.quasi.map(() => []),
      perColumnLoss: {},
      loss: NaN,
      sizesWithout: () => new Int32Array(0),
      ms: performance.now() - t0,
    };
  }
  const { suppressed, suppressedCount } = supp;
  const kept = new Int32Array(n - suppressedCount);
  for (let r = 0, i = 0; r < n; r++) if (suppressed[r] === 0) kept[i++] = r;
  // The partitioning's working set: kept, order, tmp, dest and one key column per QI and one
  // code column per sensitive column the models read, Int32 per kept row (partition.ts).
  const work = (n - suppressedCount) * 4 * (4 + m + test.sensitive.length);
  budget.reserve('local recoding: partitioning', work, ADVICE);
  const parts = partition(table, cols, test, kept);
  budget.release(work);
  const { labelId, texts, leafSum } = labelPartitions(table, cols, parts);
  const P = parts.count;
  const partOf = new Int32Array(n).fill(-1);
  const partSize = new Int32Array(P);
  for (let p = 0; p < P; p++) {
    partSize[p] = parts.start[p + 1]! - parts.start[p]!;
    for (let i = parts.start[p]!; i < parts.start[p + 1]!; i++) partOf[parts.order[i]!] = p;
  }
  // Released classes: partitions grouped by their label tuple (what a reader of the file sees).
  const labelCols = (skip: number): Int32Array[] => {
    const out: Int32Array[] = [];
    for (let j = 0; j < m; j++) {
      if (j === skip) continue;
      const col = new Int32Array(P);
      for (let p = 0; p < P; p++) col[p] = labelId[p * m + j]!;
      out.push(col);
    }
    return out;
  };
  const byLabels = groupTuples(labelCols(-1), P);
  // Classes numbered by first row (as groupClasses numbers the global search's classes).
  const classOf = new Int32Array(n).fill(-1);
  const renumber = new Int32Array(byLabels.count).fill(-1);
  let classes = 0;
  const sizes = new Int32Array(byLabels.count);
  for (let r = 0; r < n; r++) {
    const p = partOf[r]!;
    if (p < 0) continue;
    const g = byLabels.groupOf[p]!;
    if (renumber[g] === -1) renumber[g] = classes++;
    const c = renumber[g]!;
    classOf[r] = c;
    sizes[c]! += 1;
  }
  const { perColumn, loss } = lossOf(table, leafSum, suppressedCount);
  return {
    found: true,
    partitions: P,
    classOf,
    sizes,
    suppressed,
    suppressedCount,
    label: (j, row) => texts[j]![labelId[partOf[row]! * m + j]!]!,
    labelIdOf: (j, row) => (partOf[row]! < 0 ? -1 : labelId[partOf[row]! * m + j]!),
    partOf: (row) => partOf[row]!,
    labelIdOfPart: (j, p) => labelId[p * m + j]!,
    texts,
    perColumnLoss: perColumn,
    loss,
    sizesWithout(j) {
      const g = groupTuples(labelCols(j), P);
      const out = new Int32Array(g.count);
      for (let p = 0; p < P; p++) out[g.groupOf[p]!]! += partSize[p]!;
      return out;
    },
    ms: performance.now() - t0,
  };
}
