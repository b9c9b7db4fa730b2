// Random small tables and hierarchies for the search's property tests (seeded, deterministic).
import { hierarchyFromRows } from '../../src/hierarchy/file.js';
import type { Hierarchy } from '../../src/hierarchy/types.js';
import { normalizePrivacy, type RawPrivacy } from '../../src/privacy/normalize.js';
import { createEncoder } from '../../src/search/encode.js';
import { search, type SearchOptions } from '../../src/search/search.js';
import type { EncodedTable } from '../../src/search/types.js';
import { mulberry32, type RawTable } from './brute.js';

/** The l-diversity variants and t-closeness measures (sensitive column "s") every random-table
 *  property test runs, in this order (tests pick configurations by seed). */
export const SENSITIVE_CONFIGS: RawPrivacy[] = [
  { k: 2, lDiversity: { column: 's', l: 2 }, suppressionLimit: 0.1 },
  { lDiversity: { column: 's', variant: 'entropy', l: 1.5 }, suppressionLimit: 0.05 },
  { lDiversity: { column: 's', variant: 'recursive', l: 2, c: 3 }, suppressionLimit: 0.1 },
  { k: 2, tCloseness: { column: 's', t: 0.3 } },
  { tCloseness: { column: 's', measure: 'ordered', t: 0.25 }, suppressionLimit: 0.1 },
  { k: 2, tCloseness: { column: 's', measure: 'hierarchical', t: 0.2 }, suppressionLimit: 0.05 },
];

/** The metrics the property tests cycle through, in this order. */
export const METRICS = ['loss', 'precision', 'discernibility', 'aecs', 'entropy'] as const;

export function randomHierarchy(rnd: () => number, prefix: string, d: number): Hierarchy {
  const depth = 1 + Math.floor(rnd() * 3); // levels = depth + 1 (value, groups…, "*")
  const fan: number[] = [];
  let f = 1;
  for (let L = 1; L < depth; L++) {
    f *= 2 + Math.floor(rnd() * 2);
    fan.push(f);
  }
  const rows = Array.from({ length: d }, (_, i) => [`${prefix}${i}`, ...fan.map((x, L) => `${prefix}L${L + 1}g${Math.floor(i / x)}`), '*']);
  return hierarchyFromRows(rows);
}

/** Small tables by default; `large` gives 5,000–8,000 rows over 4 QIs of 9–20 values, nearly
 *  unique at the bottom, so the search's roll-up intermediates (sources ≥ 4,096 entries) run. */
export function randomTable(seed: number, large = false): RawTable {
  const rnd = mulberry32(seed);
  const m = large ? 4 : 2 + Math.floor(rnd() * 3);
  const n = large ? 5000 + Math.floor(rnd() * 3001) : 20 + Math.floor(rnd() * 181);
  const qi: Hierarchy[] = [];
  const doms: number[] = [];
  for (let j = 0; j < m; j++) {
    const d = large ? 9 + Math.floor(rnd() * 12) : 2 + Math.floor(rnd() * 7);
    doms.push(d);
    qi.push(randomHierarchy(rnd, `q${j}v`, d));
  }
  const sd = 2 + Math.floor(rnd() * 4);
  const sHierarchy = randomHierarchy(rnd, 's', sd);
  const pick = (d: number) => Math.min(d - 1, Math.floor(Math.pow(rnd(), large ? 1.1 : 1.5) * d)); // skewed
  const rows = Array.from({ length: n }, () => doms.map((d, j) => `q${j}v${pick(d)}`));
  const sens = Array.from({ length: n }, () => `s${pick(sd)}`);
  const sValues = [...new Set(sens)].sort();
  return { qi, rows, sens, sValues, sHierarchy };
}

export function encodeRaw(t: RawTable): EncodedTable {
  const enc = createEncoder({
    file: 't.csv',
    quasi: t.qi.map((hierarchy, j) => ({ name: `q${j}`, hierarchy })),
    sensitive: [{ name: 's', hierarchy: t.sHierarchy!, order: 'lexical' }],
  });
  t.rows.forEach((r, i) => {
    enc.add(r, [t.sens[i]!], i + 2);
  });
  return enc.finish();
}

export function run(t: RawTable, raw: RawPrivacy, opts: SearchOptions = {}) {
  const p = normalizePrivacy(raw, ['s'], ['s']);
  return { p, r: search(encodeRaw(t), p, opts) };
}
