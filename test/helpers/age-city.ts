// A small two-QI table shape shared by the release tests: records (id, age, city, disease),
// QIs age (intervals 5/10/20) and city (north/south), sensitive disease.
import { intervalHierarchy } from '../../src/hierarchy/interval.js';
import { treeHierarchy } from '../../src/hierarchy/tree.js';
import { createEncoder } from '../../src/search/encode.js';
import type { EncodedTable } from '../../src/search/types.js';

export const ageH = intervalHierarchy({ type: 'interval', widths: [5, 10, 20] });
export const cityH = treeHierarchy({ type: 'tree', groups: { north: ['Lille', 'Paris'], south: ['Lyon', 'Nice'] } });
export const cities = ['Lille', 'Paris', 'Lyon', 'Nice'];

/** The plan pass's encoded table of records [id, age, city, disease] (lines from 2). */
export function encodeAgeCity(rows: readonly string[][]): EncodedTable {
  const enc = createEncoder({
    file: 't.csv',
    quasi: [
      { name: 'age', hierarchy: ageH },
      { name: 'city', hierarchy: cityH },
    ],
    sensitive: [{ name: 'disease' }],
  });
  rows.forEach((r, i) => {
    enc.add([r[1]!, r[2]!], [r[3]!], i + 2);
  });
  return enc.finish();
}
