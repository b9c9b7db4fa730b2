// The generalization lattice: node index = mixed-radix number of the level vector with QI 0
// most significant, so index order is lexicographic order of level vectors (the tie rule).
// Tags propagate predicate monotonicity: an infeasible node's specializations are infeasible,
// a feasible node's generalizations feasible (Samarati 2001; Kohlmayer et al. 2012 Flash).
// The lattice itself is never materialized: `size` is exact (bigint) at any width (40 QIs of
// 5 levels is 5^40 nodes), and `key` names a node by a number while the index fits a double
// exactly, else by a string; only the exact search for small lattices uses `total`, `tag`
// and lattice-sized status arrays (issue 13).

/** A node's name in sets and maps: its index when exact in a double, else one UTF-16 code
 *  unit per level (so string order is lexicographic order of level vectors, like the index). */
export type NodeKey = number | string;

export class Lattice {
  readonly m: number;
  readonly stride: number[];
  /** Number of nodes (exact). */
  readonly size: bigint;
  /** Number of nodes as a double (Infinity-free but inexact past 2^53: use `size`). */
  readonly total: number;
  /** Keys are numbers (the index) when the size is at most 2^53. */
  readonly numericKeys: boolean;
  constructor(readonly heights: readonly number[]) {
    this.m = heights.length;
    this.stride = new Array<number>(this.m).fill(1);
    for (let j = this.m - 2; j >= 0; j--) this.stride[j] = this.stride[j + 1]! * heights[j + 1]!;
    let size = 1n;
    for (const h of heights) size *= BigInt(h);
    this.size = size;
    this.total = Number(size);
    this.numericKeys = size <= 2n ** 53n;
  }

  /** Sum of the top node's levels (its height in the lattice). */
  get height(): number {
    let s = 0;
    for (const h of this.heights) s += h - 1;
    return s;
  }

  key(levels: ArrayLike<number>): NodeKey {
    if (this.numericKeys) return this.encode(levels);
    let s = '';
    for (let j = 0; j < this.m; j++) s += String.fromCharCode(levels[j]!);
    return s;
  }

  levelsOf(key: NodeKey, out: Int32Array = new Int32Array(this.m)): Int32Array {
    if (typeof key === 'number') return this.decode(key, out);
    for (let j = 0; j < this.m; j++) out[j] = key.charCodeAt(j);
    return out;
  }

  level(idx: number, j: number): number {
    return Math.floor(idx / this.stride[j]!) % this.heights[j]!;
  }

  encode(levels: ArrayLike<number>): number {
    let idx = 0;
    for (let j = 0; j < this.m; j++) idx += levels[j]! * this.stride[j]!;
    return idx;
  }

  decode(idx: number, out: Int32Array = new Int32Array(this.m)): Int32Array {
    for (let j = 0; j < this.m; j++) out[j] = this.level(idx, j);
    return out;
  }

  /** Set status[x] = value for idx and every node below (value 1) or above (value 2) it,
   *  stopping where the tag is already present (tagged sets are kept closed). */
  tag(idx: number, status: Uint8Array, value: 1 | 2): void {
    const stack = [idx];
    while (stack.length > 0) {
      const x = stack.pop()!;
      if (status[x] === value) continue;
      status[x] = value;
      for (let j = 0; j < this.m; j++) {
        const l = this.level(x, j);
        if (value === 1 && l > 0) stack.push(x - this.stride[j]!);
        if (value === 2 && l + 1 < this.heights[j]!) stack.push(x + this.stride[j]!);
      }
    }
  }

  /** A chain from idx to the top, raising QIs one level at a time in round-robin order. The
   *  round starts at QI idx mod m, so chains from different nodes spread over the lattice
   *  instead of all raising QI 0 first and meeting early (Adult: 20–45 % fewer evaluations). */
  chainUp(idx: number): number[] {
    const out = [idx];
    let x = idx;
    for (let moved = true; moved; ) {
      moved = false;
      for (let jj = 0; jj < this.m; jj++) {
        const j = (jj + idx) % this.m;
        if (this.level(x, j) + 1 < this.heights[j]!) {
          x += this.stride[j]!;
          out.push(x);
          moved = true;
        }
      }
    }
    return out;
  }
}

/** a ≤ b level-wise (b is a generalization of a, or a itself). */
export function below(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  for (let j = 0; j < a.length; j++) if (a[j]! > b[j]!) return false;
  return true;
}
