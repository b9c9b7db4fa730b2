// Per-class measures of a sensitive attribute, shared by the privacy models (search) and the
// risk report. `counts[v]` = number of records of the class with sensitive value code v.
// Sources: Machanavajjhala et al. 2007 (l-diversity: distinct, entropy, recursive (c,l));
// Li, Li & Venkatasubramanian 2007 (t-closeness, Earth Mover's Distance).

/** Distinct l: number of different sensitive values in the class. */
export function distinctL(counts: ArrayLike<number>): number {
  let l = 0;
  for (let i = 0; i < counts.length; i++) if (counts[i]! > 0) l++;
  return l;
}

/** Entropy l: exp(H) with H = -Σ p·ln p; the class is entropy-l-diverse iff this is ≥ l. */
export function entropyL(counts: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < counts.length; i++) n += counts[i]!;
  if (n === 0) return 0;
  let h = 0;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i]!;
    if (c > 0) { const p = c / n; h -= p * Math.log(p); }
  }
  return Math.exp(h);
}

/** Recursive (c,l)-diversity: r1 < c·(r_l + … + r_m), counts sorted descending (1-based r). */
export function isRecursiveCL(counts: ArrayLike<number>, c: number, l: number): boolean {
  const r = Array.from(counts).filter((x) => x > 0).sort((a, b) => b - a);
  if (r.length < l) return false;
  let tail = 0;
  for (let i = l - 1; i < r.length; i++) tail += r[i]!;
  return r[0]! < c * tail;
}

/** EMD with equal ground distance: ½ Σ |p_i − q_i| (p = class distribution, q = global). */
export function emdEqual(counts: ArrayLike<number>, global: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < counts.length; i++) n += counts[i]!;
  if (n === 0) return 0;
  let d = 0;
  for (let i = 0; i < global.length; i++) d += Math.abs((counts[i] ?? 0) / n - global[i]!);
  return d / 2;
}

/** The least equal-distance EMD of any class of exactly s records: counts c_i (Σ = s) as close
 *  as possible to s·q_i in L1, i.e. floors plus one more record for the largest remainders
 *  (optimal for a separable convex cost under a sum constraint). */
export function minEmdEqual(global: ArrayLike<number>, s: number): number {
  const m = global.length;
  const frac = new Float64Array(m);
  let rest = s, l1 = 0;
  for (let i = 0; i < m; i++) { const f = s * global[i]!; const a = Math.floor(f); frac[i] = f - a; rest -= a; }
  const order = Array.from(frac.keys()).sort((a, b) => frac[b]! - frac[a]!);
  for (let x = 0; x < m; x++) { const f = frac[order[x]!]!; l1 += x < rest ? 1 - f : f; }
  return s === 0 ? 0 : l1 / (2 * s);
}

/** EMD with ordered ground distance |i−j|/(m−1): (1/(m−1)) Σ_i |Σ_{j≤i} (p_j − q_j)|.
 *  Codes must be in the attribute's order. */
export function emdOrdered(counts: ArrayLike<number>, global: ArrayLike<number>): number {
  const m = global.length;
  if (m <= 1) return 0;
  let n = 0;
  for (let i = 0; i < counts.length; i++) n += counts[i]!;
  if (n === 0) return 0;
  let cum = 0;
  let d = 0;
  for (let i = 0; i < m - 1; i++) {
    cum += (counts[i] ?? 0) / n - global[i]!;
    d += Math.abs(cum);
  }
  return d / (m - 1);
}

/**
 * Hierarchical EMD (Li, Li & Venkatasubramanian 2007, §4.2): ground distance between two
 * leaves = height of their lowest common ancestor / height of the tree. Computed bottom-up:
 * extra(N) = Σ_{leaves under N} (p_i − q_i); cost(N) = height(N)/H · min(pos_extra, neg_extra)
 * over N's children; EMD = Σ_N cost(N). genMap[L][leafCode] = code of the ancestor at level L
 * (genMap[0] the leaves, genMap[H] the root). Returns a function (counts, global) → EMD.
 */
export function prepareEmdHierarchical(genMap: readonly Int32Array[]): (counts: ArrayLike<number>, global: ArrayLike<number>) => number {
  const H = genMap.length - 1;
  // parents[L][childCode at L-1] = code at L; sizes[L] = number of nodes at level L
  const parents: Int32Array[] = [];
  const sizes: number[] = [];
  for (let L = 0; L <= H; L++) {
    const m = genMap[L]!;
    let size = 0;
    for (let i = 0; i < m.length; i++) size = Math.max(size, m[i]! + 1);
    sizes.push(size);
    if (L === 0) { parents.push(new Int32Array(0)); continue; }
    const p = new Int32Array(sizes[L - 1]!);
    const below = genMap[L - 1]!;
    for (let i = 0; i < m.length; i++) p[below[i]!] = m[i]!;
    parents.push(p);
  }
  return (counts, global) => {
    if (H <= 0) return 0;
    let n = 0;
    for (let i = 0; i < counts.length; i++) n += counts[i]!;
    if (n === 0) return 0;
    const leaves = genMap[0]!;
    let extra = new Float64Array(sizes[0]!);
    for (let i = 0; i < leaves.length; i++) extra[leaves[i]!]! += (counts[i] ?? 0) / n - global[i]!;
    let d = 0;
    for (let L = 1; L <= H; L++) {
      const p = parents[L]!;
      const pos = new Float64Array(sizes[L]!), neg = new Float64Array(sizes[L]!), next = new Float64Array(sizes[L]!);
      for (let c = 0; c < extra.length; c++) {
        const e = extra[c]!, par = p[c]!;
        if (e > 0) pos[par]! += e; else neg[par]! -= e;
        next[par]! += e;
      }
      for (let j = 0; j < pos.length; j++) d += (L / H) * Math.min(pos[j]!, neg[j]!);
      extra = next;
    }
    return d;
  };
}
