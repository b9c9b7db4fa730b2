// Per-class measures of a sensitive attribute, shared by the privacy models (search) and the
// risk report. A class is given sparsely (issue 12): the codes of the values present in it,
// ascending, with their counts — never one slot per value of the column, so memory and time
// follow the (class, value) pairs that exist, whatever the column's cardinality.
// Sources: Machanavajjhala et al. 2007 (l-diversity: distinct, entropy, recursive (c,l));
// Li, Li & Venkatasubramanian 2007 (t-closeness, Earth Mover's Distance).

/** One class's sensitive values: codes[start..end) ascending and distinct, counts > 0 beside
 *  them. Callers reuse one object and its buffers from class to class (no per-class garbage). */
export interface ClassHist {
  codes: Int32Array;
  counts: Float64Array;
  start: number;
  end: number;
}

/** A ClassHist of a dense count vector (tests and small callers). */
export function sparseOf(dense: ArrayLike<number>): ClassHist {
  const codes: number[] = [],
    counts: number[] = [];
  for (let i = 0; i < dense.length; i++)
    if (dense[i]! > 0) {
      codes.push(i);
      counts.push(dense[i]!);
    }
  return { codes: Int32Array.from(codes), counts: Float64Array.from(counts), start: 0, end: codes.length };
}

const asHist = (h: ClassHist | ArrayLike<number>): ClassHist => ('start' in h && 'codes' in h ? h : sparseOf(h));

export function histTotal(h: ClassHist): number {
  let n = 0;
  for (let i = h.start; i < h.end; i++) n += h.counts[i]!;
  return n;
}

/** Distinct l: number of different sensitive values in the class. */
export function distinctL(hist: ClassHist | ArrayLike<number>): number {
  const h = asHist(hist);
  let l = 0;
  for (let i = h.start; i < h.end; i++) if (h.counts[i]! > 0) l++;
  return l;
}

/** Entropy l: exp(H) with H = -Σ p·ln p; the class is entropy-l-diverse iff this is ≥ l. */
export function entropyL(hist: ClassHist | ArrayLike<number>): number {
  const h = asHist(hist);
  const n = histTotal(h);
  if (n === 0) return 0;
  let e = 0;
  for (let i = h.start; i < h.end; i++) {
    const c = h.counts[i]!;
    if (c > 0) {
      const p = c / n;
      e -= p * Math.log(p);
    }
  }
  return Math.exp(e);
}

let sortBuf = new Float64Array(0);

/** Recursive (c,l)-diversity: r1 < c·(r_l + … + r_m), r the counts sorted descending (1-based). */
export function isRecursiveCL(hist: ClassHist | ArrayLike<number>, c: number, l: number): boolean {
  const h = asHist(hist);
  const len = h.end - h.start;
  if (len < l) return false;
  if (sortBuf.length < len) sortBuf = new Float64Array(Math.max(len, sortBuf.length * 2, 64));
  const a = sortBuf.subarray(0, len);
  a.set(h.counts.subarray(h.start, h.end));
  a.sort(); // ascending: r1 = a[len−1], r_l … r_m = the len−l+1 smallest
  let tail = 0;
  for (let i = 0; i <= len - l; i++) tail += a[i]!;
  return a[len - 1]! < c * tail;
}

/** EMD with equal ground distance: ½ Σ |p_i − q_i| (p = class distribution, q = global). The
 *  absent values contribute Σ_absent q_i = 1 − Σ_present q_i, so only present values are read. */
export function emdEqual(hist: ClassHist | ArrayLike<number>, global: ArrayLike<number>): number {
  const h = asHist(hist);
  const n = histTotal(h);
  if (n === 0) return 0;
  let d = 0,
    qPresent = 0;
  for (let i = h.start; i < h.end; i++) {
    const q = global[h.codes[i]!]!;
    d += Math.abs(h.counts[i]! / n - q);
    qPresent += q;
  }
  return (d + Math.max(0, 1 - qPresent)) / 2;
}

/** The least equal-distance EMD of any class of exactly s records: counts c_i (Σ = s) as close
 *  as possible to s·q_i in L1, i.e. floors plus one more record for the largest remainders
 *  (optimal for a separable convex cost under a sum constraint). */
export function minEmdEqual(global: ArrayLike<number>, s: number): number {
  const m = global.length;
  const frac = new Float64Array(m);
  let rest = s,
    l1 = 0;
  for (let i = 0; i < m; i++) {
    const f = s * global[i]!;
    const a = Math.floor(f);
    frac[i] = f - a;
    rest -= a;
  }
  const order = Array.from(frac.keys()).sort((a, b) => frac[b]! - frac[a]!);
  for (let x = 0; x < m; x++) {
    const f = frac[order[x]!]!;
    l1 += x < rest ? 1 - f : f;
  }
  return s === 0 ? 0 : l1 / (2 * s);
}

/**
 * EMD with ordered ground distance |i−j|/(m−1): (1/(m−1)) Σ_{i<m−1} |P(i) − Q(i)|, P and Q the
 * cumulative class and global distributions (codes in the attribute's order). Between two
 * present codes P is constant and Q is non-decreasing, so each run's Σ |c − Q(i)| is two prefix
 * sums of Q split at the first Q(i) > c (binary search): O(present · log m) per class instead
 * of O(m), which is what makes 100,000-value columns affordable (issue 12).
 */
export function prepareEmdOrdered(global: ArrayLike<number>): (hist: ClassHist) => number {
  const m = global.length;
  // Q[i] = Σ_{j≤i} q_j; SQ[i] = Σ_{j<i} Q[j] (i = 0 … m−1)
  const Q = new Float64Array(m),
    SQ = new Float64Array(m + 1);
  let cum = 0;
  for (let i = 0; i < m; i++) {
    cum += global[i]!;
    Q[i] = cum;
    SQ[i + 1] = SQ[i]! + cum;
  }
  /** Σ_{i=a}^{b−1} |c − Q[i]|. */
  const run = (a: number, b: number, c: number): number => {
    if (a >= b) return 0;
    let lo = a,
      hi = b; // first index in [a, b) with Q > c (b if none)
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (Q[mid]! > c) hi = mid;
      else lo = mid + 1;
    }
    const s = lo;
    return c * (s - a) - (SQ[s]! - SQ[a]!) + (SQ[b]! - SQ[s]!) - c * (b - s);
  };
  return (h) => {
    if (m <= 1) return 0;
    const n = histTotal(h);
    if (n === 0) return 0;
    const last = m - 1; // terms i = 0 … m−2
    let d = 0,
      P = 0,
      a = 0;
    for (let x = h.start; x < h.end; x++) {
      const code = h.codes[x]!;
      d += run(a, Math.min(code, last), P);
      P += h.counts[x]! / n;
      a = code;
    }
    d += run(a, last, P);
    return d / last;
  };
}

/** Ordered EMD of one class (dense or sparse); prepare once with prepareEmdOrdered in loops. */
export function emdOrdered(hist: ClassHist | ArrayLike<number>, global: ArrayLike<number>): number {
  return prepareEmdOrdered(global)(asHist(hist));
}

/**
 * Hierarchical EMD (Li, Li & Venkatasubramanian 2007, §4.2): ground distance between two
 * leaves = height of their lowest common ancestor / height of the tree. Bottom-up:
 * extra(N) = Σ_{leaves under N} (p_i − q_i); cost(N) = height(N)/H · min(pos_extra, neg_extra)
 * over N's children; EMD = Σ_N cost(N). A node with no present value below it has extra = −Q(N)
 * ≤ 0 and costs nothing itself, so only the present values' ancestors are visited: its absent
 * children enter the parent's negative side as one mass Q(N) − Σ_present children Q.
 * genMap[L][code] = code of the ancestor at level L (genMap[0] the leaves, genMap[H] the root).
 */
export function prepareEmdHierarchical(genMap: readonly Int32Array[], global: ArrayLike<number>): (hist: ClassHist) => number {
  const H = genMap.length - 1;
  const parents: Int32Array[] = [],
    mass: Float64Array[] = [],
    slot: Int32Array[] = [];
  for (let L = 0; L <= H; L++) {
    const g = genMap[L]!;
    let size = 0;
    for (let i = 0; i < g.length; i++) size = Math.max(size, g[i]! + 1);
    const q = new Float64Array(size);
    for (let i = 0; i < g.length; i++) q[g[i]!]! += global[i] ?? 0;
    mass.push(q);
    slot.push(new Int32Array(size).fill(-1));
    const p = new Int32Array(L === 0 ? 0 : mass[L - 1]!.length);
    if (L > 0) {
      const below = genMap[L - 1]!;
      for (let i = 0; i < g.length; i++) p[below[i]!] = g[i]!;
    }
    parents.push(p);
  }
  // Work lists of the present nodes of one level: node, class mass under it, and (for the
  // parent level being built) positive / negative child extras and the children's global mass.
  let node = new Int32Array(0),
    pm = new Float64Array(0),
    pos = new Float64Array(0),
    neg = new Float64Array(0),
    qKids = new Float64Array(0);
  let nodeNext = new Int32Array(0),
    pmNext = new Float64Array(0);
  const grow = (len: number): void => {
    if (node.length >= len) return;
    const c = Math.max(len, node.length * 2, 64);
    node = new Int32Array(c);
    pm = new Float64Array(c);
    pos = new Float64Array(c);
    neg = new Float64Array(c);
    qKids = new Float64Array(c);
    nodeNext = new Int32Array(c);
    pmNext = new Float64Array(c);
  };
  return (h) => {
    if (H <= 0) return 0;
    const n = histTotal(h);
    if (n === 0) return 0;
    grow(h.end - h.start);
    // level 0
    let len = 0;
    const g0 = genMap[0]!,
      s0 = slot[0]!;
    for (let x = h.start; x < h.end; x++) {
      const v = g0[h.codes[x]!]!;
      let k = s0[v]!;
      if (k < 0) {
        k = len++;
        s0[v] = k;
        node[k] = v;
        pm[k] = 0;
      }
      pm[k]! += h.counts[x]! / n;
    }
    for (let k = 0; k < len; k++) s0[node[k]!] = -1;
    let d = 0;
    for (let L = 1; L <= H; L++) {
      const par = parents[L]!,
        sl = slot[L]!,
        qBelow = mass[L - 1]!,
        qHere = mass[L]!;
      let next = 0;
      for (let k = 0; k < len; k++) {
        const v = par[node[k]!]!;
        let j = sl[v]!;
        if (j < 0) {
          j = next++;
          sl[v] = j;
          nodeNext[j] = v;
          pmNext[j] = 0;
          pos[j] = 0;
          neg[j] = 0;
          qKids[j] = 0;
        }
        const qc = qBelow[node[k]!]!,
          e = pm[k]! - qc;
        if (e > 0) pos[j]! += e;
        else neg[j]! -= e;
        qKids[j]! += qc;
        pmNext[j]! += pm[k]!;
      }
      for (let j = 0; j < next; j++) {
        const v = nodeNext[j]!;
        sl[v] = -1;
        const absent = Math.max(0, qHere[v]! - qKids[j]!);
        d += (L / H) * Math.min(pos[j]!, neg[j]! + absent);
      }
      [node, nodeNext] = [nodeNext, node];
      [pm, pmNext] = [pmNext, pm];
      len = next;
    }
    return d;
  };
}
