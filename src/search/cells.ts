// Class tables for lattice nodes. A "cell" is a distinct (generalized QIs, sensitive codes)
// tuple with its row count; classes are cells grouped by QIs only. A node's cells are rolled
// up from the cells of any finer node (every QI at a lower or equal level) instead of from the
// rows — the roll-up property used by Incognito (LeFevre et al. 2005) and Flash (Kohlmayer
// et al. 2012). Levels nest (checked by the encoder), so level-a codes map to level-b codes.
import { groupKeys, keyScratch, packKeys, type Grouping, type PackColumn } from './group.js';
import type { EncodedTable } from './types.js';

export interface Cells {
  levels: Int32Array;
  /** q[j][cell] = generalized code of QI j at levels[j]. */
  q: Int32Array[];
  /** s[i][cell] = code of the i-th used sensitive column. */
  s: Int32Array[];
  /** Cardinality of each q column (codes at that level) and of each s column. */
  qCard: number[];
  sCard: number[];
  count: Float64Array;
  size: number;
}

export interface Classes {
  count: number;
  classOfCell: Int32Array;
  /** Class → a cell of it (to read the class's QI codes). */
  repCell: Int32Array;
  size: Float64Array;
}

/** upMaps[j][a][b] (a ≤ b): level-a code → level-b code of QI j, built lazily. */
export function upMapper(table: EncodedTable): (j: number, a: number, b: number) => Int32Array {
  const cache = new Map<number, Int32Array>();
  return (j, a, b) => {
    const key = (j * 64 + a) * 64 + b;
    let m = cache.get(key);
    if (m === undefined) {
      const q = table.quasi[j]!;
      const ga = q.genMap[a]!, gb = q.genMap[b]!;
      m = new Int32Array(q.labels[a]!.length);
      for (let c = 0; c < ga.length; c++) m[ga[c]!] = gb[c]!;
      cache.set(key, m);
    }
    return m;
  };
}

/** Cells of a node straight from the rows; also returns row → cell. */
export function cellsFromRows(table: EncodedTable, levels: Int32Array, sens: readonly number[]): { cells: Cells; cellOfRow: Int32Array } {
  const n = table.rows;
  const qCols = table.quasi.map((q, j): PackColumn => ({ codes: q.codes, map: q.genMap[levels[j]!]!, card: q.labels[levels[j]!]!.length }));
  const sCols = sens.map((i): PackColumn => ({ codes: table.sensitive[i]!.codes, map: null, card: table.sensitive[i]!.values.length }));
  const g = group([...qCols, ...sCols], n, new Int32Array(n));
  return { cells: materialize(levels, qCols, sCols, g, null), cellOfRow: g.groupOf };
}

/** Cells of node `levels` rolled up from the cells of a finer node. */
export function rollUp(table: EncodedTable, src: Cells, levels: Int32Array, up: (j: number, a: number, b: number) => Int32Array): Cells {
  const n = src.size;
  const qCols = src.q.map((codes, j): PackColumn => {
    const a = src.levels[j]!, b = levels[j]!;
    return a === b ? { codes, map: null, card: src.qCard[j]! } : { codes, map: up(j, a, b), card: table.quasi[j]!.labels[b]!.length };
  });
  const sCols = src.s.map((codes, i): PackColumn => ({ codes, map: null, card: src.sCard[i]! }));
  const g = group([...qCols, ...sCols], n, groupScratch(n));
  return materialize(levels, qCols, sCols, g, src.count);
}

let gScratch = new Int32Array(0);
function groupScratch(n: number): Int32Array {
  if (gScratch.length < n) gScratch = new Int32Array(Math.max(n, gScratch.length * 2, 1024));
  return gScratch;
}

function group(cols: readonly PackColumn[], n: number, out: Int32Array): Grouping {
  const key = keyScratch(n);
  const space = packKeys(cols, n, key);
  return groupKeys(key, n, space, out);
}

function materialize(levels: Int32Array, q: readonly PackColumn[], s: readonly PackColumn[], g: Grouping, counts: Float64Array | null): Cells {
  const { rep, count: size, groupOf } = g;
  const pick = ({ codes, map }: PackColumn): Int32Array => {
    const out = new Int32Array(size);
    if (map === null) for (let i = 0; i < size; i++) out[i] = codes[rep[i]!]!;
    else for (let i = 0; i < size; i++) out[i] = map[codes[rep[i]!]!]!;
    return out;
  };
  const count = new Float64Array(size);
  const n = counts === null ? groupOf.length : counts.length;
  if (counts === null) for (let i = 0; i < n; i++) count[groupOf[i]!]! += 1;
  else for (let i = 0; i < n; i++) count[groupOf[i]!]! += counts[i]!;
  return { levels: levels.slice(), q: q.map(pick), s: s.map(pick), qCard: q.map((c) => c.card), sCard: s.map((c) => c.card), count, size };
}

export function classesOf(cells: Cells): Classes {
  let classOfCell: Int32Array, repCell: Int32Array, count: number;
  if (cells.s.length === 0) {
    count = cells.size;
    classOfCell = new Int32Array(count);
    for (let i = 0; i < count; i++) classOfCell[i] = i;
    repCell = classOfCell;
  } else {
    const g = group(cells.q.map((codes, j): PackColumn => ({ codes, map: null, card: cells.qCard[j]! })), cells.size, new Int32Array(cells.size));
    ({ groupOf: classOfCell, rep: repCell, count } = g);
  }
  const size = new Float64Array(count);
  for (let i = 0; i < cells.size; i++) size[classOfCell[i]!]! += cells.count[i]!;
  return { count, classOfCell, repCell, size };
}
