// Class tables for lattice nodes. A node's table has one entry per equivalence class (the
// "hist" kind: entries are the distinct generalized QI tuples, with per class one flat count
// array per used sensitive column, hist[i][class·card_i + code]) or, when that histogram would
// be larger than the source, one entry per distinct (QI tuple, sensitive codes) "cell" with
// its class id. Either is rolled up from the table of any finer node (every QI at a lower or
// equal level) instead of from the rows — the roll-up property of Incognito (LeFevre et al.
// 2005) and Flash (Kohlmayer et al. 2012); sensitive counts add up because the privacy models
// only read per-class marginals. Grouping on the QI part only (issue 3, second round) keeps
// l-diversity / t-closeness tables as small as k-anonymity's once classes hold several rows.
import { groupKeys, groupTuples, keyScratch, packKeys, type Grouping, type PackColumn } from './group.js';
import type { Budget } from '../resources.js';
import type { EncodedTable } from './types.js';

export interface Cells {
  levels: Int32Array;
  /** Entries: classes (hist kind, classOf null) or cells (classOf set). */
  size: number;
  /** q[j][entry] = generalized code of QI j at levels[j]. */
  q: Int32Array[];
  /** Cardinality of each q column (codes at that level) and of each used sensitive column. */
  qCard: number[];
  sCard: number[];
  /** Rows per entry. */
  count: Float64Array;
  /** Cells kind: s[i][cell] = code of the i-th used sensitive column; hist kind: []. */
  s: Int32Array[];
  /** Hist kind: hist[i][class·sCard[i] + code] = rows; cells kind: null. */
  hist: Float64Array[] | null;
  /** Cells kind: cell → class; hist kind: null (entry = class). */
  classOf: Int32Array | null;
  classCount: number;
  classSize: Float64Array;
  /** Cells kind: class → one of its cells; hist kind: null (identity). */
  classRep: Int32Array | null;
}

export interface Classes {
  count: number;
  classOfCell: Int32Array;
  /** Class → an entry of it (to read the class's QI codes). */
  repCell: Int32Array;
  size: Float64Array;
}

export interface RollOptions {
  /** Hist kind when classes × Σ sensitive cardinalities ≤ histFactor × source entries. */
  histFactor?: number;
  /** Given the class sizes, true to stop (the node is settled without its table). */
  stop?: (classSize: Float64Array, classCount: number, entryBound: () => number) => boolean;
  /** Abandon (null) a table that would have more entries than this: checked on the class
   *  count and, for the cells kind, on entryBound (see cellBound). */
  maxEntries?: number;
  /** Cells kind: when the class count passes this share of the source entries, keep the
   *  entries as they are (no grouping by (class, sensitive codes); entries may then repeat a
   *  cell, which every reader sums). For a nearly unique bottom that grouping would not pay. */
  uncompactedAbove?: number;
  /** Memory budget: each table's arrays are reserved before they are allocated (RESOURCE_LIMIT
   *  naming the table past it) and given back once built — a check of the peak on top of what
   *  the run holds; keeping tables alive (the search's cache) is bounded by the search itself. */
  budget?: Budget;
}
const HIST_FACTOR = 2;
const ADVICE = 'use fewer quasi-identifiers or sensitive columns, or coarser hierarchies';

/** Reserve-then-release around one table's construction (see RollOptions.budget). */
function fits(budget: Budget | undefined, what: string, bytes: number): void {
  if (budget === undefined) return;
  budget.reserve(what, bytes, ADVICE);
  budget.release(bytes);
}

/** upMaps[j][a][b] (a ≤ b): level-a code → level-b code of QI j, built lazily. */
export function upMapper(table: EncodedTable): (j: number, a: number, b: number) => Int32Array {
  const cache = new Map<number, Int32Array>();
  return (j, a, b) => {
    const key = (j * 64 + a) * 64 + b;
    let m = cache.get(key);
    if (m === undefined) {
      const q = table.quasi[j]!;
      const ga = q.genMap[a]!,
        gb = q.genMap[b]!;
      m = new Int32Array(q.labels[a]!.length);
      for (let c = 0; c < ga.length; c++) m[ga[c]!] = gb[c]!;
      cache.set(key, m);
    }
    return m;
  };
}

/** 0, 1, 2, … (shared, read-only): the identity class → entry map of hist-kind tables. */
let iotaBuf = new Int32Array(0);
export function iota(n: number): Int32Array {
  if (iotaBuf.length < n) {
    iotaBuf = new Int32Array(Math.max(n, iotaBuf.length * 2, 1024));
    for (let i = 0; i < iotaBuf.length; i++) iotaBuf[i] = i;
  }
  return iotaBuf;
}

interface Source {
  n: number;
  q: PackColumn[];
  count: Float64Array | null;
  s: PackColumn[];
  hist: Float64Array[] | null;
}

/** Cells of a node straight from the entries (rows, or a frequency set's lines with their
 *  counts); also returns entry → cell and entry → class. */
export function cellsFromRows(
  table: EncodedTable,
  levels: Int32Array,
  sens: readonly number[],
  opts: RollOptions = {},
): { cells: Cells; cellOfRow: Int32Array; classOfRow: Int32Array } {
  const n = table.rows;
  const q = table.quasi.map((c, j): PackColumn => ({ codes: c.codes, map: c.genMap[levels[j]!]!, card: c.labels[levels[j]!]!.length }));
  const s = sens.map((i): PackColumn => ({ codes: table.sensitive[i]!.codes, map: null, card: table.sensitive[i]!.values.length }));
  const classOfRow = new Int32Array(n),
    cellOfRow = new Int32Array(n);
  // A frequency set's entries carry their records as counts (null: one record each).
  const cells = build(levels, { n, q, count: table.weight, s, hist: null }, classOfRow, cellOfRow, {
    ...(opts.histFactor !== undefined ? { histFactor: opts.histFactor } : {}),
    ...(opts.uncompactedAbove !== undefined ? { uncompactedAbove: opts.uncompactedAbove } : {}),
    ...(opts.budget ? { budget: opts.budget } : {}),
  })!;
  if (cells.classOf === null) cellOfRow.set(classOfRow);
  return { cells, cellOfRow, classOfRow };
}

/** What a roll-up reads of its source: a finer node's table, or the entries themselves. */
export type RollSource = Pick<Cells, 'levels' | 'size' | 'q' | 'qCard' | 'sCard' | 's' | 'hist'> & { count: Float64Array | null };

/** The entries (rows, or a frequency set's lines) at level 0 as a roll-up source, not grouped:
 *  the encoded columns themselves (shared, read only) and the entries' weights. */
export function entriesSource(table: EncodedTable, sens: readonly number[]): RollSource {
  const n = table.rows;
  const own = (codes: Int32Array): Int32Array => (codes.length === n ? codes : codes.subarray(0, n));
  return {
    levels: new Int32Array(table.quasi.length),
    size: n,
    q: table.quasi.map((c) => own(c.codes)),
    qCard: table.quasi.map((c) => c.labels[0]!.length),
    sCard: sens.map((i) => table.sensitive[i]!.values.length),
    s: sens.map((i) => own(table.sensitive[i]!.codes)),
    hist: null,
    count: table.weight,
  };
}

/** Entries sampled (evenly spaced) to judge whether grouping the level-0 tuples pays. */
const UNIQUE_SAMPLE = 65_536;

/** The share of distinct level-0 QI tuples among a fixed, evenly spaced sample of the entries
 *  (deterministic: it depends on the input only). It overstates the whole table's share (a
 *  tuple repeated far apart is rarely sampled twice), so it is used one way only: a table whose
 *  sample is nearly all distinct is not grouped at level 0. */
export function sampledDistinctShare(table: EncodedTable): number {
  const n = table.rows;
  const step = Math.max(1, Math.floor(n / UNIQUE_SAMPLE));
  const size = Math.ceil(n / step);
  if (size === 0) return 0;
  const cols = table.quasi.map((q) => {
    const out = new Int32Array(size);
    for (let i = 0, r = 0; i < size; i++, r += step) out[i] = q.codes[r]!;
    return out;
  });
  return groupTuples(cols, size).count / size;
}

/** The source's QI columns as node `levels` reads them: through the level map where it is
 *  coarser than the source. */
function rollColumns(table: EncodedTable, src: RollSource, levels: Int32Array, up: (j: number, a: number, b: number) => Int32Array): PackColumn[] {
  return src.q.map((codes, j): PackColumn => {
    const a = src.levels[j]!,
      b = levels[j]!;
    return a === b ? { codes, map: null, card: src.qCard[j]! } : { codes, map: up(j, a, b), card: table.quasi[j]!.labels[b]!.length };
  });
}

/** Entries sampled (about this many, by a hash of their index) to estimate a roll-up's size
 *  before building it. */
const SIZE_SAMPLE = 65_536;

/** A sampled estimate of how many distinct QI tuples (entries of its table) `src` has at
 *  `levels` (every level ≥ the source's), to skip a roll-up that would not shrink the source.
 *  Each entry is in the sample with probability p = SIZE_SAMPLE / n, independently (by a hash
 *  of its index: no period of the input can alias with it, as an evenly spaced sample can,
 *  and adjacent equal entries are sampled as any others); a pair of entries is then sampled
 *  with probability p², so Σ f(f − 1) over the tuples' entry counts f is about 2·pairs / p²,
 *  and by Cauchy–Schwarz the tuples number at least n² / Σ f² (equal when all are the same
 *  size). It only steers the choice of a roll-up source, never a result; deterministic (it
 *  depends on the source only). 0 (no estimate) for a source too small to sample. */
export function sampledTupleBound(table: EncodedTable, src: RollSource, levels: Int32Array, up: (j: number, a: number, b: number) => Int32Array): number {
  const n = src.size;
  if (n < 2 * SIZE_SAMPLE) return 0;
  const p = SIZE_SAMPLE / n;
  const below = Math.floor(p * 4294967296);
  const picked = new Int32Array(Math.ceil(1.5 * SIZE_SAMPLE) + 64);
  let size = 0;
  for (let i = 0; i < n && size < picked.length; i++) {
    let h = Math.imul(i ^ (i >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    h ^= h >>> 16;
    if (h >>> 0 < below) picked[size++] = i;
  }
  const cols = rollColumns(table, src, levels, up).map(({ codes, map, card }): PackColumn => {
    const out = new Int32Array(size);
    if (map === null) for (let i = 0; i < size; i++) out[i] = codes[picked[i]!]!;
    else for (let i = 0; i < size; i++) out[i] = map[codes[picked[i]!]!]!;
    return { codes: out, map: null, card };
  });
  const g = group(cols, size, new Int32Array(size));
  const per = new Int32Array(g.count);
  for (let i = 0; i < size; i++) per[g.groupOf[i]!]! += 1;
  let pairs = 0;
  for (let k = 0; k < g.count; k++) pairs += (per[k]! * (per[k]! - 1)) / 2;
  return (n * n) / (n + (2 * pairs) / (p * p));
}

/** Cells of node `levels` rolled up from the cells of a finer node. */
export function rollUp(
  table: EncodedTable,
  src: RollSource,
  levels: Int32Array,
  up: (j: number, a: number, b: number) => Int32Array,
  opts: RollOptions = {},
): Cells {
  return rollUpUnless(table, src, levels, up, opts)!;
}

/** rollUp, or null as soon as the class sizes satisfy opts.stop (nothing else is built). */
export function rollUpUnless(
  table: EncodedTable,
  src: RollSource,
  levels: Int32Array,
  up: (j: number, a: number, b: number) => Int32Array,
  opts: RollOptions = {},
): Cells | null {
  const q = rollColumns(table, src, levels, up);
  const s = src.s.map((codes, i): PackColumn => ({ codes, map: null, card: src.sCard[i]! }));
  const n = src.size;
  return build(levels, { n, q, count: src.count, s, hist: src.hist === null ? null : src.hist }, scratch(0, n), scratch(1, n), opts, src.sCard);
}

const scratchBufs = [new Int32Array(0), new Int32Array(0)];
/** Drops the roll-ups' per-entry scratch (8 bytes an entry; at 10M entries 80 MB that only
 *  the search uses). */
export function releaseRollScratch(): void {
  scratchBufs[0] = new Int32Array(0);
  scratchBufs[1] = new Int32Array(0);
}
function scratch(i: number, n: number): Int32Array {
  if (scratchBufs[i]!.length < n) scratchBufs[i] = new Int32Array(Math.max(n, scratchBufs[i]!.length * 2, 1024));
  return scratchBufs[i]!;
}

function group(cols: readonly PackColumn[], n: number, out: Int32Array): Grouping {
  const key = keyScratch(n);
  const space = packKeys(cols, n, key);
  return groupKeys(key, n, space, out);
}

function pick({ codes, map }: PackColumn, rep: Int32Array, size: number): Int32Array {
  const out = new Int32Array(size);
  if (map === null) for (let i = 0; i < size; i++) out[i] = codes[rep[i]!]!;
  else for (let i = 0; i < size; i++) out[i] = map[codes[rep[i]!]!]!;
  return out;
}

// Group the source entries by generalized QIs (classes); then either add their sensitive
// counts into per-class histograms or, when those would outgrow the source, group once more by
// (class, sensitive codes) into cells. Loops live in small functions of their own, each with
// stable type feedback (one large function deoptimized repeatedly in short cold runs).
function build(levels: Int32Array, src: Source, classOut: Int32Array, cellOut: Int32Array, opts: RollOptions, srcSCard?: number[]): Cells | null {
  const { n, count } = src;
  const g = group(src.q, n, classOut);
  const G = g.count,
    cls = g.groupOf;
  const classSize = sumBy(cls, count, n, G);
  const sCard = srcSCard ?? src.s.map((c) => c.card);
  if (opts.stop?.(classSize, G, () => cellBound(cls, n, G, sCard)) === true) return null;
  const maxEntries = opts.maxEntries ?? Infinity;
  if (G > maxEntries) return null;
  const qCard = src.q.map((c) => c.card);
  let histLen = 0;
  for (const c of sCard) histLen += c;
  const perEntry = 4 * src.q.length + 4 * src.s.length + 16; // q codes, s codes, count, class maps
  if (src.hist !== null || sCard.length === 0 || G * histLen <= (opts.histFactor ?? HIST_FACTOR) * n) {
    // Dense per-class counts only here, where they are provably small: classes × Σ cards is at
    // most histFactor × the source's entries (or rolled up from such a table: fewer classes).
    fits(opts.budget, 'search: per-class sensitive counts', 8 * G * histLen + perEntry * G);
    const hist = sCard.map((card, h) => {
      const sh = src.hist?.[h];
      return sh !== undefined ? histFromHist(sh, cls, n, G, card) : histFromCodes(src.s[h]!.codes, cls, count, n, G, card);
    });
    const qClass = src.q.map((c) => pick(c, g.rep, G));
    return { levels: levels.slice(), size: G, q: qClass, qCard, sCard, count: classSize, s: [], hist, classOf: null, classCount: G, classSize, classRep: null };
  }
  if (maxEntries < n && cellBound(cls, n, G, sCard) > maxEntries) return null;
  // (class, sensitive codes) cells: at most one per source entry, plus the grouping's scratch.
  fits(opts.budget, 'search: (class, sensitive value) cells', perEntry * n + 8 * n + 8 * G);
  if (opts.uncompactedAbove !== undefined && G > opts.uncompactedAbove * n) {
    // Entries kept as they are (a nearly unique bottom): each entry's generalized codes straight
    // from the source, and the source's own arrays where they already are those codes (the
    // encoded table's columns at level 0: shared, read only). At 10M rows the copies were ~500 MB
    // of allocation (the process's peak, set later in the search, did not move: 1.32 GB).
    const own = cls.length === n && cls !== scratchBufs[0] && cls !== scratchBufs[1];
    const classOf = own ? cls : cls.slice(0, n);
    for (let i = 0; i < n; i++) cellOut[i] = i;
    return {
      levels: levels.slice(),
      size: n,
      q: src.q.map((c) => entryCodes(c, n)),
      qCard,
      sCard,
      count: count ?? new Float64Array(n).fill(1),
      s: src.s.map((c) => entryCodes(c, n)),
      hist: null,
      classOf,
      classCount: G,
      classSize,
      classRep: g.rep,
    };
  }
  const qClass = src.q.map((c) => pick(c, g.rep, G));
  const c2 = group([{ codes: cls, map: null, card: G }, ...src.s], n, cellOut);
  const C = c2.count,
    rep = c2.rep;
  const classOf = new Int32Array(C);
  for (let c = 0; c < C; c++) classOf[c] = cls[rep[c]!]!;
  const cnt = sumBy(c2.groupOf, count, n, C);
  const q = qClass.map((qc) => gather(qc, classOf, C));
  const s = src.s.map((col) => pick(col, rep, C));
  const classRep = new Int32Array(G).fill(-1);
  for (let c = C - 1; c >= 0; c--) classRep[classOf[c]!] = c;
  return { levels: levels.slice(), size: C, q, qCard, sCard, count: cnt, s, hist: null, classOf, classCount: G, classSize, classRep };
}

/** Upper bound of a cells-kind table's size: Σ over classes of min(source entries of the
 *  class, product of the sensitive cardinalities); the class count without sensitive columns.
 *  It never decreases from a node to a finer one (rolled up from the same source). */
function cellBound(cls: Int32Array, n: number, G: number, sCard: readonly number[]): number {
  if (sCard.length === 0) return G;
  let combos = 1;
  for (const c of sCard) combos *= c;
  const entries = new Int32Array(G);
  for (let i = 0; i < n; i++) entries[cls[i]!]! += 1;
  let bound = 0;
  for (let k = 0; k < G; k++) bound += Math.min(entries[k]!, combos);
  return bound;
}

/** out[to[i]] += weight[i] (1 when weight is null), i < n. */
function sumBy(to: Int32Array, weight: Float64Array | null, n: number, size: number): Float64Array {
  const out = new Float64Array(size);
  if (weight === null) for (let i = 0; i < n; i++) out[to[i]!]! += 1;
  else for (let i = 0; i < n; i++) out[to[i]!]! += weight[i]!;
  return out;
}

/** Each of the first n entries' code of a column: the column itself when it holds exactly
 *  those (no map, or an identity map, and n entries), else a mapped copy. */
function entryCodes({ codes, map }: PackColumn, n: number): Int32Array {
  if (codes.length === n && (map === null || isIdentity(map))) return codes;
  const out = new Int32Array(n);
  if (map === null) out.set(codes.subarray(0, n));
  else for (let i = 0; i < n; i++) out[i] = map[codes[i]!]!;
  return out;
}

function isIdentity(map: Int32Array): boolean {
  for (let i = 0; i < map.length; i++) if (map[i] !== i) return false;
  return true;
}

function gather(from: Int32Array, idx: Int32Array, size: number): Int32Array {
  const out = new Int32Array(size);
  for (let i = 0; i < size; i++) out[i] = from[idx[i]!]!;
  return out;
}

function histFromHist(src: Float64Array, cls: Int32Array, n: number, G: number, card: number): Float64Array {
  const out = new Float64Array(G * card);
  for (let i = 0; i < n; i++) {
    const a = i * card,
      b = cls[i]! * card;
    for (let v = 0; v < card; v++) out[b + v]! += src[a + v]!;
  }
  return out;
}

function histFromCodes(codes: Int32Array, cls: Int32Array, weight: Float64Array | null, n: number, G: number, card: number): Float64Array {
  const out = new Float64Array(G * card);
  if (weight === null) for (let i = 0; i < n; i++) out[cls[i]! * card + codes[i]!]! += 1;
  else for (let i = 0; i < n; i++) out[cls[i]! * card + codes[i]!]! += weight[i]!;
  return out;
}

/** Class view of a table (identity maps for the hist kind). */
export function classesOf(cells: Cells): Classes {
  const id = iota(cells.classCount);
  return { count: cells.classCount, classOfCell: cells.classOf ?? id, repCell: cells.classRep ?? id, size: cells.classSize };
}

/** Weight of a table in the roll-up cache (entries plus histogram slots). */
export function weight(cells: Cells): number {
  let w = cells.size;
  if (cells.hist !== null) for (const h of cells.hist) w += h.length >> 2;
  return w;
}
