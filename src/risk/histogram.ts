// Class-size histogram: how many equivalence classes (and records) have each size. Sizes 1–10
// get a bucket each because that is where the risk is (1/size ≥ 0.1, the range of the usual
// record-risk thresholds 0.05–0.33, El Emam 2013 ch. 5); larger sizes are grouped.

export interface HistogramBucket {
  /** Smallest class size in the bucket. */
  from: number;
  /** Largest class size in the bucket (null = no upper bound). */
  to: number | null;
  classes: number;
  records: number;
}

const EDGES: ReadonlyArray<readonly [number, number | null]> = [
  [1, 1],
  [2, 2],
  [3, 3],
  [4, 4],
  [5, 5],
  [6, 6],
  [7, 7],
  [8, 8],
  [9, 9],
  [10, 10],
  [11, 20],
  [21, 50],
  [51, 100],
  [101, 1000],
  [1001, null],
];

export function classSizeHistogram(sizes: ArrayLike<number>): HistogramBucket[] {
  const buckets = EDGES.map(([from, to]) => ({ from, to, classes: 0, records: 0 }));
  for (let i = 0; i < sizes.length; i++) {
    const s = sizes[i]!;
    if (s <= 0) continue;
    const b = s <= 10 ? s - 1 : s <= 20 ? 10 : s <= 50 ? 11 : s <= 100 ? 12 : s <= 1000 ? 13 : 14;
    buckets[b]!.classes++;
    buckets[b]!.records += s;
  }
  return buckets;
}

export function bucketLabel(b: HistogramBucket): string {
  return b.to === null ? `${b.from}+` : b.from === b.to ? String(b.from) : `${b.from}–${b.to}`;
}
