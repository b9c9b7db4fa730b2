// Group n tuples of int32 keys (column-major) into distinct groups with an open-addressing
// hash table over typed arrays: the one hot loop behind every class count in the search.

export interface Grouping {
  /** Tuple index → group id (0..count-1, in order of first appearance). */
  groupOf: Int32Array;
  count: number;
  /** Group id → index of its first tuple. */
  rep: Int32Array;
}

export function groupTuples(keys: readonly Int32Array[], n: number): Grouping {
  let cap = 16;
  while (cap < n * 2) cap *= 2;
  const mask = cap - 1;
  const table = new Int32Array(cap).fill(-1);
  const groupOf = new Int32Array(n);
  const rep = new Int32Array(n);
  const w = keys.length;
  let count = 0;
  for (let i = 0; i < n; i++) {
    let h = 0x811c9dc5 | 0;
    for (let c = 0; c < w; c++) {
      h = Math.imul(h ^ keys[c]![i]!, 0x01000193);
      h ^= h >>> 15;
    }
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h ^= h >>> 13;
    let slot = h & mask;
    for (;;) {
      const g = table[slot]!;
      if (g === -1) {
        table[slot] = count;
        rep[count] = i;
        groupOf[i] = count++;
        break;
      }
      const r = rep[g]!;
      let same = true;
      for (let c = 0; c < w; c++) {
        const col = keys[c]!;
        if (col[r] !== col[i]) { same = false; break; }
      }
      if (same) { groupOf[i] = g; break; }
      slot = (slot + 1) & mask;
    }
  }
  return { groupOf, count, rep: rep.slice(0, count) };
}
