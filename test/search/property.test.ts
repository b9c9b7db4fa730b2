import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { RawPrivacy } from '../../src/privacy/normalize.js';
import { bruteForce, checkResult, classOk, lossOf, type RawTable } from './brute.js';
import type { PrivacyConfig } from '../../src/privacy/types.js';
import { METRICS, randomTable, run, SENSITIVE_CONFIGS } from './random-tables.js';

const CONFIGS: RawPrivacy[] = [
  { k: 2 },
  { k: 3 },
  { k: 5 },
  { k: 3, suppressionLimit: 0.05 },
  { k: 5, suppressionLimit: 0.1 },
  { k: 4, suppressionLimit: 0.2 },
  { k: 2, lDiversity: { column: 's', l: 2 } },
  ...SENSITIVE_CONFIGS,
];

test('search finds the brute-force optimum on random small tables (node, loss, feasibility)', () => {
  let cases = 0,
    found = 0;
  for (let seed = 1; seed <= 120; seed++) {
    const t = randomTable(seed);
    const cfg = CONFIGS[seed % CONFIGS.length]!;
    const metric = METRICS[Math.floor(seed / CONFIGS.length) % METRICS.length]!;
    for (const raw of [
      { ...cfg, metric },
      { ...CONFIGS[(seed * 7) % CONFIGS.length]!, metric: 'loss' as const },
    ]) {
      const { p, r } = run(t, raw);
      const b = bruteForce(t, p);
      const label = `seed ${seed} ${JSON.stringify(raw)}`;
      cases++;
      if (b === undefined) {
        assert.is(r.found, false, label);
        continue;
      }
      found++;
      assert.ok(r.found, label);
      assert.ok(Math.abs(r.loss - b.loss) <= 1e-9 * Math.max(1, b.loss), `${label}: loss ${r.loss} vs ${b.loss}`);
      assert.equal(r.levels, b.levels, label);
      assert.is(r.suppressedCount, b.suppressed, label);
      assert.is(checkResult(t, p, r.levels, r.suppressed), undefined, label);
      assert.ok(r.nodesEvaluated <= r.nodesTotal, `${label}: ${r.nodesEvaluated} checks of ${r.nodesTotal} nodes`);
      if (process.env.STATS) console.log(label, r.levels.join(), r.suppressedCount, r.nodesEvaluated, r.nodesTotal);
    }
  }
  assert.ok(found > cases / 2, `too few satisfiable cases (${found}/${cases})`);
});

test('search finds the brute-force optimum on larger tables (roll-up intermediates in play)', () => {
  const configs: RawPrivacy[] = [
    { k: 5, suppressionLimit: 0.05 },
    { k: 3 },
    { k: 10, suppressionLimit: 0.02 },
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
    if (b === undefined) {
      assert.is(r.found, false, label);
      continue;
    }
    found++;
    assert.ok(Math.abs(r.loss - b.loss) <= 1e-9 * Math.max(1, b.loss), `${label}: loss ${r.loss} vs ${b.loss}`);
    assert.equal(r.levels, b.levels, label);
    assert.is(r.suppressedCount, b.suppressed, label);
    assert.is(checkResult(t, p, r.levels, r.suppressed), undefined, label);
  }
  assert.ok(found >= 8, `too few satisfiable cases (${found}/12)`);
});

/** Brute force for suppressedOutput "star" (issue 11 item 3): the suppressed rows are written
 *  as one all-"*" class, so a node counts only if that class passes every model too. Built on
 *  brute.ts's own class check and loss formulas. */
function bruteStar(t: RawTable, p: PrivacyConfig): { levels: number[]; loss: number; suppressed: number } | undefined {
  const heights = t.qi.map((h) => h.levels);
  const cap = Math.floor(p.suppressionLimit * t.rows.length + 1e-9);
  const same = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  const sum = (v: number[]) => v.reduce((a, b) => a + b, 0);
  let best: { levels: number[]; loss: number; suppressed: number } | undefined;
  const visit = (levels: number[]): void => {
    const g = new Map<string, { rows: number[] }>();
    t.rows.forEach((row, r) => {
      const key = JSON.stringify(row.map((v, j) => t.qi[j]!.lookup(v)![levels[j]!]));
      const x = g.get(key);
      if (x === undefined) g.set(key, { rows: [r] });
      else x.rows.push(r);
    });
    const supp = new Set<number>();
    for (const x of g.values())
      if (!classOk(t, p, x.rows))
        x.rows.forEach((r) => {
          supp.add(r);
        });
    if (supp.size > cap) return;
    if (supp.size > 0 && !classOk(t, p, [...supp])) return;
    const loss = lossOf(t, p, levels, g, supp);
    if (
      best === undefined ||
      (!same(loss, best.loss) && loss < best.loss) ||
      (same(loss, best.loss) && (sum(levels) < sum(best.levels) || (sum(levels) === sum(best.levels) && levels.join() < best.levels.join())))
    ) {
      best = { levels: [...levels], loss, suppressed: supp.size };
    }
  };
  const rec = (j: number, acc: number[]): void => {
    if (j === heights.length) {
      visit(acc);
      return;
    }
    for (let l = 0; l < heights[j]!; l++) rec(j + 1, [...acc, l]);
  };
  rec(0, []);
  return best;
}

test('suppressedOutput "star": the optimum equals a star-aware brute force, and the starred class itself satisfies k, l and t', () => {
  const configs: RawPrivacy[] = [
    { k: 3, suppressionLimit: 0.1 },
    { k: 5, suppressionLimit: 0.2 },
    { k: 2, lDiversity: { column: 's', l: 2 }, suppressionLimit: 0.15 },
    { k: 3, lDiversity: { column: 's', variant: 'entropy', l: 1.5 }, suppressionLimit: 0.1 },
    { k: 2, lDiversity: { column: 's', variant: 'recursive', l: 2, c: 2 }, suppressionLimit: 0.2 },
    { k: 2, tCloseness: { column: 's', t: 0.25 }, suppressionLimit: 0.1 },
    { k: 3, tCloseness: { column: 's', measure: 'ordered', t: 0.2 }, suppressionLimit: 0.2 },
  ];
  let found = 0,
    starred = 0,
    differs = 0;
  for (let seed = 1; seed <= 70; seed++) {
    const t = randomTable(9000 + seed);
    const raw: RawPrivacy = {
      ...configs[seed % configs.length]!,
      suppressedOutput: 'star',
      metric: (['loss', 'precision', 'discernibility', 'aecs'] as const)[seed % 4]!,
    };
    const label = `star seed ${seed} ${JSON.stringify(raw)}`;
    for (const strategy of ['exact', 'anytime'] as const) {
      const { p, r } = run(t, raw, { strategy });
      const b = bruteStar(t, p);
      if (b === undefined) {
        assert.is(r.found, false, label);
        continue;
      }
      assert.ok(r.found, label);
      assert.ok(Math.abs(r.loss - b.loss) <= 1e-9 * Math.max(1, b.loss), `${label} ${strategy}: loss ${r.loss} vs ${b.loss}`);
      assert.equal(r.levels, b.levels, `${label} ${strategy}`);
      assert.is(r.suppressedCount, b.suppressed, label);
      assert.is(checkResult(t, p, r.levels, r.suppressed), undefined, label);
      const rows = [...r.suppressed.keys()].filter((i) => r.suppressed[i] === 1);
      if (rows.length > 0) assert.ok(classOk(t, p, rows), `${label}: the starred class violates a model`);
      if (strategy === 'exact') {
        found++;
        if (rows.length > 0) starred++;
        const plain = bruteForce(t, p);
        if (plain !== undefined && plain.levels.join() !== b.levels.join()) differs++;
      }
    }
  }
  // The cases must exercise the star class: some optimum suppresses rows, and for some the
  // star rule changes the optimum (the remove-mode optimum would have released a bad class).
  assert.ok(found >= 30 && starred >= 5 && differs >= 3, `found ${found}, starred ${starred}, differs ${differs}`);
});

test.run();
