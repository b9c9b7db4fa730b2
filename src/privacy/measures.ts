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
