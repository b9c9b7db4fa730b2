// Group n tuples of small non-negative int32 codes (column-major) into distinct groups: the one
// hot loop behind every class count in the search. Each tuple is packed into one integer key
// (mixed radix over the columns' cardinalities, exact in a double below 2^53), so grouping is
// one key per tuple: direct addressing when the key space is small, else open addressing that
// compares one double instead of a column-by-column loop (issue 3). If the radix product would
// pass 2^53 the partial key is first replaced by its group id (≤ n), which keeps it exact.
// Scratch tables are reused across calls (the search groups hundreds of nodes).

export interface Grouping {
  /** Tuple index → group id (0..count-1, in order of first appearance). */
  groupOf: Int32Array;
  count: number;
  /** Group id → index of its first tuple. */
  rep: Int32Array;
}

const EXACT = 2 ** 53;
const TWO32 = 4294967296;
/** Direct addressing up to this many slots (a reused Int32Array, 64 MiB at most). */
const DENSE_MAX = 1 << 24;

let dense = new Int32Array(0);
let hashSlots = new Int32Array(0);
let hashKeys = new Float64Array(0);
let scratch = new Float64Array(0);

/** Drops the reused scratch tables (after the search and report: at 10M entries they hold
 *  ~240 MB the export pass does not need); the next grouping allocates them again. */
export function releaseGroupScratch(): void {
  dense = new Int32Array(0);
  hashSlots = new Int32Array(0);
  hashKeys = new Float64Array(0);
  scratch = new Float64Array(0);
}

/** Drops the direct-addressing table only (up to 64 MiB; the report's groupings of many
 *  classes hash instead). */
export function releaseDenseScratch(): void {
  dense = new Int32Array(0);
}

/** A Float64Array of at least n entries, shared by callers that do not keep it. */
export function keyScratch(n: number): Float64Array {
  if (scratch.length < n) scratch = new Float64Array(Math.max(n, scratch.length * 2, 1024));
  return scratch;
}

/** One column to pack: codes[i] (through map when given) in 0..card-1. */
export interface PackColumn {
  codes: Int32Array;
  map: Int32Array | null;
  card: number;
}

/** key[i] = mixed-radix number of column codes of tuple i; returns the key space size. */
export function packKeys(cols: readonly PackColumn[], n: number, key: Float64Array): number {
  let space = 1;
  key.fill(0, 0, n);
  for (const { codes, map, card } of cols) {
    if (card <= 1) continue;
    if (space * card > EXACT) {
      // Re-number the partial keys densely (group ids < n), then continue packing.
      const g = groupKeys(key, n, space, new Int32Array(n));
      for (let i = 0; i < n; i++) key[i] = g.groupOf[i]!;
      space = g.count;
      if (space * card > EXACT) throw new Error('group keys exceed 2^53 (too many rows)');
    }
    if (map === null) for (let i = 0; i < n; i++) key[i] = key[i]! * card + codes[i]!;
    else for (let i = 0; i < n; i++) key[i] = key[i]! * card + map[codes[i]!]!;
    space *= card;
  }
  return space;
}

/** Groups keys[0..n) (integers in 0..space-1). groupOf is written into `out`. */
export function groupKeys(keys: Float64Array, n: number, space: number, out: Int32Array): Grouping {
  const rep = new Int32Array(Math.min(n, space));
  const count = groupInto(keys, n, space, out, rep);
  // A representative array more than half used is handed out as a view (no copy: at 10M
  // nearly unique entries the copy was 39 MB more at the report's peak).
  return { groupOf: out, count, rep: rep.length === count ? rep : 2 * count > rep.length ? rep.subarray(0, count) : rep.slice(0, count) };
}

/** groupKeys without the representatives (4 bytes an entry fewer): returns the group count. */
export function groupIds(keys: Float64Array, n: number, space: number, out: Int32Array): number {
  return groupInto(keys, n, space, out, null);
}

function groupInto(keys: Float64Array, n: number, space: number, out: Int32Array, rep: Int32Array | null): number {
  // The two paths are separate functions so each keeps its own type feedback (one function
  // holding both deoptimized repeatedly in short cold runs such as Adult's search).
  return space <= DENSE_MAX && space <= 4 * n + 1024 ? groupDense(keys, n, space, out, rep) : groupHash(keys, n, out, rep);
}

function groupDense(keys: Float64Array, n: number, space: number, groupOf: Int32Array, rep: Int32Array | null): number {
  if (dense.length < space) {
    dense = new Int32Array(Math.max(space, Math.min(DENSE_MAX, dense.length * 2)));
    dense.fill(-1);
  }
  const t = dense;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const k = keys[i]!;
    let g = t[k]!;
    if (g === -1) {
      g = count++;
      t[k] = g;
      if (rep !== null) rep[g] = i;
    }
    groupOf[i] = g;
  }
  if (rep !== null) for (let g = 0; g < count; g++) t[keys[rep[g]!]!] = -1;
  else for (let i = 0; i < n; i++) t[keys[i]!] = -1;
  return count;
}

function groupHash(keys: Float64Array, n: number, groupOf: Int32Array, rep: Int32Array | null): number {
  // At most 2/3 full (linear probing: ~1.5 probes a hit, ~5 a miss at the worst); at 10M
  // entries a table twice the entries was 128 MB of the slot array alone.
  let cap = 16;
  while (cap * 2 < n * 3) cap *= 2;
  const mask = cap - 1;
  if (hashSlots.length < cap) hashSlots = new Int32Array(cap);
  if (hashKeys.length < n) hashKeys = new Float64Array(Math.max(n, hashKeys.length * 2));
  const slots = hashSlots,
    gk = hashKeys;
  slots.fill(-1, 0, cap);
  let count = 0;
  for (let i = 0; i < n; i++) {
    const k = keys[i]!;
    let h = Math.imul((k >>> 0) ^ Math.imul((k / TWO32) | 0, 0x85ebca6b), 0x9e3779b1);
    h ^= h >>> 15;
    let slot = h & mask;
    for (;;) {
      const g = slots[slot]!;
      if (g === -1) {
        slots[slot] = count;
        gk[count] = k;
        if (rep !== null) rep[count] = i;
        groupOf[i] = count++;
        break;
      }
      if (gk[g] === k) {
        groupOf[i] = g;
        break;
      }
      slot = (slot + 1) & mask;
    }
  }
  return count;
}

/** Groups tuples of non-negative codes (cardinality = max code + 1 per column). */
export function groupTuples(keys: readonly Int32Array[], n: number): Grouping {
  const cols = keys.map((codes): PackColumn => {
    let max = 0;
    for (let i = 0; i < n; i++) if (codes[i]! > max) max = codes[i]!;
    return { codes, map: null, card: max + 1 };
  });
  const key = keyScratch(n);
  const space = packKeys(cols, n, key);
  return groupKeys(key, n, space, new Int32Array(n));
}
