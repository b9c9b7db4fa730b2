// Class tables for lattice nodes. A "cell" is a distinct (generalized QIs, sensitive codes)
// tuple with its row count; classes are cells grouped by QIs only. A node's cells are rolled
// up from the cells of any finer node (every QI at a lower or equal level) instead of from the
// rows — the roll-up property used by Incognito (LeFevre et al. 2005) and Flash (Kohlmayer
// et al. 2012). Levels nest (checked by the encoder), so level-a codes map to level-b codes.
import { groupTuples } from './group.js';
import type { EncodedTable } from './types.js';

export interface Cells {
  levels: Int32Array;
  /** q[j][cell] = generalized code of QI j at levels[j]. */
  q: Int32Array[];
  /** s[i][cell] = code of the i-th used sensitive column. */
  s: Int32Array[];
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
  const keys = table.quasi.map((q, j) => {
    const m = q.genMap[levels[j]!]!;
    const codes = q.codes;
    const out = new Int32Array(n);
    for (let r = 0; r < n; r++) out[r] = m[codes[r]!]!;
    return out;
  });
  const sk = sens.map((i) => table.sensitive[i]!.codes);
  const g = groupTuples([...keys, ...sk], n);
  return { cells: materialize(levels, keys, sk, g, null), cellOfRow: g.groupOf };
}

/** Cells of node `levels` rolled up from the cells of a finer node. */
export function rollUp(src: Cells, levels: Int32Array, up: (j: number, a: number, b: number) => Int32Array): Cells {
  const n = src.size;
  const keys = src.q.map((col, j) => {
    const a = src.levels[j]!, b = levels[j]!;
    if (a === b) return col;
    const m = up(j, a, b);
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = m[col[i]!]!;
    return out;
  });
  const g = groupTuples([...keys, ...src.s], n);
  return materialize(levels, keys, src.s, g, src.count);
}

function materialize(levels: Int32Array, q: Int32Array[], s: readonly Int32Array[], g: ReturnType<typeof groupTuples>, counts: Float64Array | null): Cells {
  const { rep, count: size, groupOf } = g;
  const pick = (col: Int32Array): Int32Array => {
    const out = new Int32Array(size);
    for (let i = 0; i < size; i++) out[i] = col[rep[i]!]!;
    return out;
  };
  const count = new Float64Array(size);
  for (let i = 0; i < groupOf.length; i++) count[groupOf[i]!]! += counts === null ? 1 : counts[i]!;
  return { levels: levels.slice(), q: q.map(pick), s: s.map(pick), count, size };
}

export function classesOf(cells: Cells): Classes {
  let classOfCell: Int32Array, repCell: Int32Array, count: number;
  if (cells.s.length === 0) {
    count = cells.size;
    classOfCell = new Int32Array(count);
    for (let i = 0; i < count; i++) classOfCell[i] = i;
    repCell = classOfCell;
  } else {
    const g = groupTuples(cells.q, cells.size);
    ({ groupOf: classOfCell, rep: repCell, count } = g);
  }
  const size = new Float64Array(count);
  for (let i = 0; i < cells.size; i++) size[classOfCell[i]!]! += cells.count[i]!;
  return { count, classOfCell, repCell, size };
}
