import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { RawPrivacy } from '../../src/privacy/normalize.js';
import { bruteForce, checkResult } from './brute.js';
import { randomTable, run } from './random-tables.js';

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

test('search finds the brute-force optimum on larger tables (roll-up intermediates in play)', () => {
  const configs: RawPrivacy[] = [
    { k: 5, suppressionLimit: 0.05 }, { k: 3 }, { k: 10, suppressionLimit: 0.02 },
    { k: 3, lDiversity: { column: 's', l: 2 }, suppressionLimit: 0.05 },
    { k: 2, tCloseness: { column: 's', t: 0.3 }, suppressionLimit: 0.05 },
    { tCloseness: { column: 's', measure: 'ordered', t: 0.2 }, suppressionLimit: 0.1 },
  ];
  let found = 0;
  for (let seed = 1; seed <= 12; seed++) {
    const t = randomTable(1000 + seed, true);
    // Not 'entropy': the brute-force formula for it counts rows per row (quadratic in n).
    const raw = { ...configs[seed % configs.length]!, metric: (['loss', 'precision', 'discernibility', 'aecs'] as const)[seed % 4]! };
    const { p, r } = run(t, raw);
    const b = bruteForce(t, p);
    const label = `large seed ${seed} ${JSON.stringify(raw)}`;
    if (b === undefined) { assert.is(r.found, false, label); continue; }
    found++;
    assert.ok(Math.abs(r.loss - b.loss) <= 1e-9 * Math.max(1, b.loss), `${label}: loss ${r.loss} vs ${b.loss}`);
    assert.equal(r.levels, b.levels, label);
    assert.is(r.suppressedCount, b.suppressed, label);
    assert.is(checkResult(t, p, r.levels, r.suppressed), undefined, label);
  }
  assert.ok(found >= 8, `too few satisfiable cases (${found}/12)`);
});

test.run();
