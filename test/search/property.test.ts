import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hierarchyFromRows } from '../../src/hierarchy/file.js';
import type { Hierarchy } from '../../src/hierarchy/types.js';
import { normalizePrivacy, type RawPrivacy } from '../../src/privacy/normalize.js';
import { createEncoder } from '../../src/search/encode.js';
import { search } from '../../src/search/search.js';
import { bruteForce, checkResult, mulberry32, type RawTable } from './brute.js';

function randomHierarchy(rnd: () => number, prefix: string, d: number): Hierarchy {
  const depth = 1 + Math.floor(rnd() * 3); // levels = depth + 1 (value, groups…, "*")
  const fan: number[] = [];
  let f = 1;
  for (let L = 1; L < depth; L++) { f *= 2 + Math.floor(rnd() * 2); fan.push(f); }
  const rows = Array.from({ length: d }, (_, i) => [`${prefix}${i}`, ...fan.map((x, L) => `${prefix}L${L + 1}g${Math.floor(i / x)}`), '*']);
  return hierarchyFromRows(rows);
}

function randomTable(seed: number): RawTable {
  const rnd = mulberry32(seed);
  const m = 2 + Math.floor(rnd() * 3);
  const n = 20 + Math.floor(rnd() * 181);
  const qi: Hierarchy[] = [];
  const doms: number[] = [];
  for (let j = 0; j < m; j++) { const d = 2 + Math.floor(rnd() * 7); doms.push(d); qi.push(randomHierarchy(rnd, `q${j}v`, d)); }
  const sd = 2 + Math.floor(rnd() * 4);
  const sHierarchy = randomHierarchy(rnd, 's', sd);
  const pick = (d: number) => Math.min(d - 1, Math.floor(Math.pow(rnd(), 1.5) * d)); // skewed
  const rows = Array.from({ length: n }, () => doms.map((d, j) => `q${j}v${pick(d)}`));
  const sens = Array.from({ length: n }, () => `s${pick(sd)}`);
  const sValues = [...new Set(sens)].sort();
  return { qi, rows, sens, sValues, sHierarchy };
}

function run(t: RawTable, raw: RawPrivacy) {
  const enc = createEncoder({ file: 't.csv', quasi: t.qi.map((hierarchy, j) => ({ name: `q${j}`, hierarchy })), sensitive: [{ name: 's', hierarchy: t.sHierarchy!, order: 'lexical' }] });
  t.rows.forEach((r, i) => enc.add(r, [t.sens[i]!], i + 2));
  const p = normalizePrivacy(raw, ['s'], ['s']);
  return { p, r: search(enc.finish(), p) };
}

const CONFIGS: RawPrivacy[] = [
  { k: 2 }, { k: 3 }, { k: 5 },
  { k: 3, suppressionLimit: 0.05 }, { k: 5, suppressionLimit: 0.1 }, { k: 4, suppressionLimit: 0.2 },
  { k: 2, lDiversity: { column: 's', l: 2 } },
  { k: 2, lDiversity: { column: 's', l: 2 }, suppressionLimit: 0.1 },
  { lDiversity: { column: 's', variant: 'entropy', l: 1.5 }, suppressionLimit: 0.05 },
  { lDiversity: { column: 's', variant: 'recursive', l: 2, c: 3 }, suppressionLimit: 0.1 },
  { k: 2, tCloseness: { column: 's', t: 0.3 } },
  { tCloseness: { column: 's', measure: 'ordered', t: 0.25 }, suppressionLimit: 0.1 },
  { k: 2, tCloseness: { column: 's', measure: 'hierarchical', t: 0.2 }, suppressionLimit: 0.05 },
];
const METRICS = ['loss', 'precision', 'discernibility', 'aecs', 'entropy'] as const;

test('search finds the brute-force optimum on random small tables (node, loss, feasibility)', () => {
  let cases = 0, found = 0;
  for (let seed = 1; seed <= 120; seed++) {
    const t = randomTable(seed);
    const cfg = CONFIGS[seed % CONFIGS.length]!;
    const metric = METRICS[Math.floor(seed / CONFIGS.length) % METRICS.length]!;
    for (const raw of [{ ...cfg, metric }, { ...CONFIGS[(seed * 7) % CONFIGS.length]!, metric: 'loss' as const }]) {
      const { p, r } = run(t, raw);
      const b = bruteForce(t, p);
      const label = `seed ${seed} ${JSON.stringify(raw)}`;
      cases++;
      if (b === undefined) { assert.is(r.found, false, label); continue; }
      found++;
      assert.ok(r.found, label);
      assert.ok(Math.abs(r.loss - b.loss) <= 1e-9 * Math.max(1, b.loss), `${label}: loss ${r.loss} vs ${b.loss}`);
      assert.equal(r.levels, b.levels, label);
      assert.is(r.suppressedCount, b.suppressed, label);
      assert.is(checkResult(t, p, r.levels, r.suppressed), undefined, label);
      assert.ok(r.nodesEvaluated <= r.nodesTotal);
      if (process.env.STATS) console.log(label, r.levels.join(), r.suppressedCount, r.nodesEvaluated, r.nodesTotal);
    }
  }
  assert.ok(found > cases / 2, `too few satisfiable cases (${found}/${cases})`);
});

test.run();
