// The anytime branch and bound (issue 13): run to exhaustion it equals brute force and the
// exact search; under a small budget its answer still satisfies every model and its loss is
// no lower than the bound it reports; any lattice size is a valid search space.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parsePolicy } from '../../src/policy/load.js';
import { normalizePrivacy, type RawPrivacy } from '../../src/privacy/normalize.js';
import { createEncoder } from '../../src/search/encode.js';
import { hierarchyFromRows } from '../../src/hierarchy/file.js';
import { search, searchQuality } from '../../src/search/search.js';
import { DEFAULT_MAX_CHECKS, defaultMaxChecks, searchLimits } from '../../src/search/budget.js';
import { describeSearchSpace } from '../../src/search/space.js';
import { createBudget } from '../../src/resources.js';
import { ADULT_COLUMNS, encodeAdult } from './adult-helpers.js';
import { bruteForce, checkResult, mulberry32 } from './brute.js';
import { encodeRaw, METRICS, randomTable, run, SENSITIVE_CONFIGS } from './random-tables.js';

const same = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

const CONFIGS: RawPrivacy[] = [
  { k: 2 },
  { k: 3, suppressionLimit: 0.05 },
  { k: 5, suppressionLimit: 0.1 },
  ...SENSITIVE_CONFIGS,
  { k: 3, lDiversity: { column: 's', l: 2 }, suppressionLimit: 0.1, suppressedOutput: 'star' },
  { k: 2, tCloseness: { column: 's', t: 0.3 }, suppressionLimit: 0.1, suppressedOutput: 'star' },
];

test('anytime search run to exhaustion equals brute force and the exact search on random small tables', () => {
  let found = 0,
    cases = 0;
  for (let seed = 1; seed <= 80; seed++) {
    const t = randomTable(5000 + seed);
    const raw = { ...CONFIGS[seed % CONFIGS.length]!, metric: METRICS[Math.floor(seed / CONFIGS.length) % METRICS.length]! };
    const label = `seed ${seed} ${JSON.stringify(raw)}`;
    const { p, r } = run(t, raw, { strategy: 'anytime' });
    const ex = run(t, raw, { strategy: 'exact' }).r;
    cases++;
    assert.is(r.strategy, 'anytime');
    assert.ok(r.optimal, label);
    assert.is(r.stoppedBy, 'exhausted', label);
    assert.is(r.found, ex.found, label);
    if (raw.suppressedOutput === 'star') {
      // brute.ts knows no star class: compare with the exact search, check the rest
      if (!r.found) continue;
      found++;
      assert.ok(same(r.loss, ex.loss), `${label}: ${r.loss} vs exact ${ex.loss}`);
      assert.equal(r.levels, ex.levels, label);
      continue;
    }
    const b = bruteForce(t, p);
    if (b === undefined) {
      assert.is(r.found, false, label);
      continue;
    }
    found++;
    assert.ok(same(r.loss, b.loss), `${label}: loss ${r.loss} vs ${b.loss}`);
    assert.equal(r.levels, b.levels, label);
    assert.equal(ex.levels, b.levels, label);
    assert.is(r.suppressedCount, b.suppressed, label);
    assert.is(r.gap, 0);
    assert.ok(same(r.lowerBound, r.loss));
    assert.is(checkResult(t, p, r.levels, r.suppressed), undefined, label);
  }
  assert.ok(found > cases / 2, `too few satisfiable cases (${found}/${cases})`);
});

test('anytime search equals brute force on larger tables (roll-up intermediates in play)', () => {
  const configs: RawPrivacy[] = [
    { k: 5, suppressionLimit: 0.05 },
    { k: 3, lDiversity: { column: 's', l: 2 }, suppressionLimit: 0.05 },
    { tCloseness: { column: 's', measure: 'ordered', t: 0.2 }, suppressionLimit: 0.1 },
  ];
  for (let seed = 1; seed <= 6; seed++) {
    const t = randomTable(1000 + seed, true);
    const raw = { ...configs[seed % configs.length]!, metric: (['loss', 'precision', 'discernibility', 'aecs'] as const)[seed % 4]! };
    const { p, r } = run(t, raw, { strategy: 'anytime' });
    const b = bruteForce(t, p);
    const label = `large seed ${seed} ${JSON.stringify(raw)}`;
    if (b === undefined) {
      assert.is(r.found, false, label);
      continue;
    }
    assert.ok(r.optimal, label);
    assert.ok(same(r.loss, b.loss), `${label}: loss ${r.loss} vs ${b.loss}`);
    assert.equal(r.levels, b.levels, label);
  }
});

test('under a small check budget the answer satisfies every model and its loss is at least the reported lower bound', () => {
  let partial = 0;
  for (let seed = 1; seed <= 60; seed++) {
    const t = randomTable(7000 + seed);
    const maxChecks = 1 + (seed % 4);
    const raw: RawPrivacy = { ...CONFIGS[seed % 9]!, metric: METRICS[seed % 4]!, search: { maxChecks } };
    const label = `seed ${seed} ${JSON.stringify(raw)}`;
    let res: ReturnType<typeof run>;
    try {
      res = run(t, raw, { strategy: 'anytime' });
    } catch (e: any) {
      assert.is(e.code, 'PRIVACY_UNSATISFIABLE', label);
      assert.is(e.where.path, '/privacy/search');
      continue;
    }
    const { p, r } = res;
    assert.ok(r.checks <= maxChecks, label);
    const b = bruteForce(t, p);
    if (!r.found) {
      assert.is(r.stoppedBy, 'exhausted', label);
      assert.is(b, undefined, label);
      continue;
    }
    assert.is(checkResult(t, p, r.levels, r.suppressed), undefined, label);
    assert.ok(b !== undefined, label);
    assert.ok(r.lowerBound <= b!.loss + 1e-9 && b!.loss <= r.loss + 1e-9, `${label}: bound ${r.lowerBound} ≤ optimum ${b!.loss} ≤ loss ${r.loss}`);
    assert.ok(r.gap >= 0 && r.gap <= 1, label);
    if (!r.optimal) {
      partial++;
      assert.is(r.stoppedBy, 'checks', label);
    } else assert.ok(same(r.loss, b!.loss), label);
    assert.ok(r.trajectory.length >= 1 && same(r.trajectory.at(-1)!.loss, r.loss), label);
    for (let i = 1; i < r.trajectory.length; i++) assert.ok(r.trajectory[i]!.loss < r.trajectory[i - 1]!.loss, label);
  }
  assert.ok(partial >= 5, `too few budget-limited cases (${partial})`);
});

test('the budget ran out before any solution: PRIVACY_UNSATISFIABLE at /privacy/search', () => {
  // One check (the top, which fails entropy 2.5-diversity over two values; entropy l is not monotone, so nothing below is settled by it) and nothing else is allowed.
  const t = randomTable(3);
  t.sens = t.sens.map((_, i) => `s${i % 2}`);
  t.sValues = ['s0', 's1'];
  try {
    run(t, { lDiversity: { column: 's', variant: 'entropy', l: 2.5 }, suppressionLimit: 0.5, search: { maxChecks: 1 } }, { strategy: 'anytime' });
    assert.unreachable('should throw');
  } catch (e: any) {
    assert.is(e.code, 'PRIVACY_UNSATISFIABLE');
    assert.is(e.where.path, '/privacy/search');
  }
  // With the budget to finish, the same search proves there is none: found false, no throw.
  const { r } = run(t, { lDiversity: { column: 's', variant: 'entropy', l: 2.5 }, suppressionLimit: 0.5 }, { strategy: 'anytime' });
  assert.is(r.found, false);
  assert.is(r.stoppedBy, 'exhausted');
});

test("Adult (nine QIs): the default budget returns ARX's optimum with optimal: true, both strategies", () => {
  const all = encodeAdult(ADULT_COLUMNS);
  for (const [k, levels, loss] of [
    [2, [0, 3, 0, 0, 1, 1, 1, 1, 0], 0.169],
    [5, [0, 3, 0, 0, 2, 1, 1, 2, 0], 0.2419],
  ] as const) {
    const p = normalizePrivacy({ k, suppressionLimit: 0.05 }, []);
    for (const strategy of [undefined, 'anytime'] as const) {
      const r = search(all, p, strategy === undefined ? {} : { strategy });
      assert.ok(r.optimal, `k=${k} ${strategy}`);
      assert.equal(r.levels, [...levels], `k=${k} ${strategy}`);
      assert.ok(Math.abs(r.loss - loss) < 5e-5, `k=${k} ${strategy}: ${r.loss}`);
      assert.ok(r.checks <= DEFAULT_MAX_CHECKS);
    }
  }
});

test('40 quasi-identifiers of 5 levels are a valid search space (5^40 nodes), searched within the budget', () => {
  const rnd = mulberry32(40);
  const m = 40,
    n = 300;
  const h = hierarchyFromRows(Array.from({ length: 16 }, (_, i) => [`v${i}`, `a${i >> 1}`, `b${i >> 2}`, `c${i >> 3}`, '*']));
  const enc = createEncoder({ file: 't.csv', quasi: Array.from({ length: m }, (_, j) => ({ name: `q${j}`, hierarchy: h })), sensitive: [] });
  for (let r = 0; r < n; r++)
    enc.add(
      Array.from({ length: m }, () => `v${Math.floor(rnd() * 16)}`),
      [],
      r + 2,
    );
  const table = enc.finish();
  const p = normalizePrivacy({ k: 3, suppressionLimit: 0.05, search: { maxChecks: 300 } }, []);
  const r = search(table, p);
  assert.is(r.strategy, 'anytime');
  assert.is(r.latticeSize, (5n ** 40n).toString());
  assert.ok(r.found);
  assert.ok(r.checks <= 300);
  assert.is(r.optimal, false);
  assert.ok(r.lowerBound <= r.loss && r.gap > 0 && r.gap <= 1);
  assert.is(r.suppressedCount <= Math.floor(0.05 * n), true);
  const q = searchQuality(r);
  assert.equal(
    [q.strategy, q.optimal, q.checks, q.maxChecks, q.stoppedBy, q.latticeSize, q.machineDependent],
    ['anytime', false, r.checks, 300, 'checks', r.latticeSize, false],
  );
  assert.is('msToFirst' in q, false);
  assert.ok(q.gap === r.gap && q.lowerBound === r.lowerBound);
});

test('privacy.search: a budget of 0, negative, fractional or an unknown key is POLICY_SCHEMA with its path', () => {
  const policy = (search: unknown) => JSON.stringify({ columns: { a: { role: 'quasi', hierarchy: { type: 'mask' } } }, privacy: { k: 2, search } });
  const codes = (search: unknown): [string, string][] => {
    try {
      parsePolicy(policy(search), 'p.json');
    } catch (e: any) {
      return [e, ...e.more].map((x: any) => [x.code, x.where.path]);
    }
    return [];
  };
  assert.equal(codes({ maxChecks: 0 }), [['POLICY_SCHEMA', '/privacy/search/maxChecks']]);
  assert.equal(codes({ maxChecks: -5 }), [['POLICY_SCHEMA', '/privacy/search/maxChecks']]);
  assert.equal(codes({ maxChecks: 2.5 }), [['POLICY_SCHEMA', '/privacy/search/maxChecks']]);
  assert.equal(codes({ timeLimitSeconds: 0 }), [['POLICY_SCHEMA', '/privacy/search/timeLimitSeconds']]);
  assert.equal(codes({ timeLimitSeconds: -1 }), [['POLICY_SCHEMA', '/privacy/search/timeLimitSeconds']]);
  assert.equal(codes({ maxCheck: 10 }), [['POLICY_SCHEMA', '/privacy/search']]);
  assert.equal(codes({ maxChecks: 10, timeLimitSeconds: 1.5 }), []);
  // normalizePrivacy alone (no schema) refuses the same.
  for (const [search, path] of [
    [{ maxChecks: 0 }, '/privacy/search/maxChecks'],
    [{ timeLimitSeconds: -1 }, '/privacy/search/timeLimitSeconds'],
    [{ x: 1 }, '/privacy/search'],
  ] as const) {
    try {
      normalizePrivacy({ k: 2, search }, []);
      assert.unreachable();
    } catch (e: any) {
      assert.is(e.code, 'POLICY_SCHEMA');
      assert.is(e.where.path, path);
    }
  }
  assert.equal(normalizePrivacy({ k: 2, search: { maxChecks: 7 } }, []).search, { maxChecks: 7 });
});

test('a time limit is recorded as machine-dependent; a check budget is not', () => {
  const t = randomTable(11);
  assert.is(run(t, { k: 2, search: { timeLimitSeconds: 60 } }, { strategy: 'anytime' }).r.machineDependent, true);
  assert.is(run(t, { k: 2 }, { strategy: 'anytime' }).r.machineDependent, false);
  const a = run(t, { k: 3, suppressionLimit: 0.1, search: { maxChecks: 2 } }, { strategy: 'anytime' }).r;
  const b = search(encodeRaw(t), normalizePrivacy({ k: 3, suppressionLimit: 0.1, search: { maxChecks: 2 } }, ['s'], ['s']), { strategy: 'anytime' });
  assert.equal([a.levels, a.loss, a.lowerBound, a.checks], [b.levels, b.loss, b.lowerBound, b.checks]);
});

test('the class tables the search keeps are reserved against the memory budget (RESOURCE_LIMIT, released after)', () => {
  const t = randomTable(21, true);
  for (const strategy of ['exact', 'anytime'] as const) {
    try {
      run(t, { k: 3 }, { strategy, budget: createBudget(10_000) });
      assert.unreachable(strategy);
    } catch (e: any) {
      assert.is(e.code, 'RESOURCE_LIMIT', strategy);
    }
    const budget = createBudget(1e9);
    const { r } = run(t, { k: 3 }, { strategy, budget });
    assert.ok(r.found);
    assert.is(budget.reserved, 0, `${strategy}: everything reserved is given back`);
  }
});

test('describeSearchSpace predicts the run: lattice size at any width, strategy, whether the budget covers every node, the widest QIs first', () => {
  const wide = describeSearchSpace(Array.from({ length: 40 }, (_, j) => ({ name: `q${j}`, levels: 5 })));
  assert.is(wide.latticeSize, (5n ** 40n).toString());
  assert.is(wide.strategy, 'anytime');
  assert.is(wide.exactGuaranteed, false);
  assert.is(wide.maxChecks, DEFAULT_MAX_CHECKS);
  const adult = encodeAdult(ADULT_COLUMNS);
  const d = describeSearchSpace(
    adult.quasi.map((q) => ({ name: q.name, levels: q.levels })),
    { maxChecks: 20000 },
  );
  const r = search(adult, normalizePrivacy({ k: 5, suppressionLimit: 0.05, search: { maxChecks: 20000 } }, []));
  assert.equal([d.latticeSize, d.strategy, d.exactGuaranteed, d.timeLimitSeconds], [r.latticeSize, r.strategy, true, null]);
  assert.ok(r.optimal);
  assert.equal(
    d.contributors.slice(0, 2).map((c) => c.name),
    ['age', 'education'],
  );
  const small = describeSearchSpace(
    [
      { name: 'a', levels: 3 },
      { name: 'b', levels: 4 },
      { name: 'c', levels: 4 },
    ],
    { maxChecks: 47, timeLimitSeconds: 2 },
  );
  assert.equal([small.latticeSize, small.exactGuaranteed, small.timeLimitSeconds], ['48', false, 2]);
  assert.equal(
    small.contributors.map((c) => c.name),
    ['b', 'c', 'a'],
  );
});

test("the anytime search's default budget is 2,000 checks up to 100,000 records, then shrinks with the records (never below 200); the exact search's is its whole lattice; a policy budget wins", () => {
  assert.is(defaultMaxChecks(30_162), 2000);
  assert.is(defaultMaxChecks(100_000), 2000);
  assert.is(defaultMaxChecks(400_000), 500);
  assert.is(defaultMaxChecks(1_000_000), 200);
  assert.is(defaultMaxChecks(10_000_000), 200);
  const privacy = normalizePrivacy({ k: 5 } as RawPrivacy, [], []);
  assert.is(searchLimits(privacy, 1_000_000).maxChecks, 200);
  assert.is(searchLimits({ ...privacy, search: { maxChecks: 5000 } }, 1_000_000).maxChecks, 5000);
  const wide = Array.from({ length: 12 }, (_, i) => ({ name: `q${i}`, levels: 5 }));
  assert.is(describeSearchSpace(wide, {}, 1_000_000).maxChecks, 200);
  assert.is(describeSearchSpace(wide, {}).maxChecks, DEFAULT_MAX_CHECKS);
  // A lattice the exact search takes is searched whole by default: proven optimal.
  const small = describeSearchSpace(
    [
      { name: 'a', levels: 3 },
      { name: 'b', levels: 4 },
    ],
    {},
    1_000_000,
  );
  assert.is(small.maxChecks, 12);
  assert.is(small.exactGuaranteed, true);
});

test.run();
