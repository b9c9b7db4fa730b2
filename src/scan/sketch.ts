// Bounded-memory helpers of the profiler: a seeded PRNG for reservoir sampling and a
// HyperLogLog distinct-count estimate used once the exact set passes its cap.

export { mulberry32 as rng } from '../prng.js';

/** FNV-1a over UTF-16 units, then the murmur3 finalizer so that the high bits mix well. */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** HyperLogLog (Flajolet et al. 2007) with p = 12 (4,096 registers, standard error ≈ 1.6%),
 *  small-range linear counting correction. 32-bit hashes suffice below ~10^8 distinct. */
export class HyperLogLog {
  private readonly reg = new Uint8Array(4096);

  add(s: string): void {
    const h = hash32(s);
    const idx = h >>> 20;
    const w = (h << 12) >>> 0;
    const rank = w === 0 ? 21 : Math.clz32(w) + 1;
    if (rank > this.reg[idx]!) this.reg[idx] = rank;
  }

  estimate(): number {
    const m = 4096;
    let sum = 0;
    let zeros = 0;
    for (let i = 0; i < m; i++) {
      const r = this.reg[i]!;
      sum += 2 ** -r;
      if (r === 0) zeros++;
    }
    const alpha = 0.7213 / (1 + 1.079 / m);
    const e = (alpha * m * m) / sum;
    if (e <= 2.5 * m && zeros > 0) return Math.round(m * Math.log(m / zeros));
    return Math.round(e);
  }
}
