// "What drives the remaining risk": for each quasi-identifier, how many sample uniques would
// disappear if it were left out of the release (a leave-one-out view in the spirit of
// special-uniques detection, Elliot et al. 2002 SUDA; ARX's attribute risk analysis,
// RiskModelAttributes.java, compares QI subsets the same way). The search supplies the class
// sizes without a QI; this file only compares counts.

export interface QiContribution {
  column: string;
  /** Sample uniques with every QI. */
  uniques: number;
  /** Sample uniques when this QI is left out. */
  uniquesWithout: number;
  /** uniques − uniquesWithout: uniques this QI alone creates. */
  uniquesRemoved: number;
  /** uniquesRemoved / uniques (0 when there are none). */
  share: number;
}

export function countUniques(sizes: ArrayLike<number>): number {
  let u = 0;
  for (let i = 0; i < sizes.length; i++) if (sizes[i] === 1) u++;
  return u;
}

/** Contributions, largest first (ties keep the QI order). */
export function qiContributions(columns: readonly string[], sizes: ArrayLike<number>, sizesWithout: (qiIndex: number) => ArrayLike<number>): QiContribution[] {
  const uniques = countUniques(sizes);
  const out = columns.map((column, i) => {
    const uniquesWithout = countUniques(sizesWithout(i));
    const uniquesRemoved = uniques - uniquesWithout;
    return { column, uniques, uniquesWithout, uniquesRemoved, share: uniques === 0 ? 0 : uniquesRemoved / uniques };
  });
  return out
    .map((c, i) => ({ c, i }))
    .sort((a, b) => b.c.uniquesRemoved - a.c.uniquesRemoved || a.i - b.i)
    .map((x) => x.c);
}
