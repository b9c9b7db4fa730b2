// mulberry32: a small, fast, seeded PRNG. kanon uses it where determinism matters more than
// quality (reservoir sampling in scan) and tests use it to generate the same data every run.
// Never for anything secret: keys and pseudonyms come from node:crypto.
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
