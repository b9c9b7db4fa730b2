// Issue 11 item 19: the report's t-closeness is the model's own measure (here hierarchical EMD
// over occupation's hierarchy) against the distribution the search used (the whole input), not
// equal-distance t against the released records. Checked on Adult against the independent EMD
// of test/search/brute.ts computed from the raw rows.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadHierarchy } from '../../src/hierarchy/load.js';
import { normalizePrivacy } from '../../src/privacy/normalize.js';
import { riskReport, runSearch } from '../../src/plan/plan.js';
import { planReportContext, tMeasureOf } from './sample-report.js';
import { KanonError } from '../../src/errors.js';
import { createBudget } from '../../src/resources.js';
import { ADULT_COLUMNS, ADULT_DIR, adultRows, encodeAdult } from '../search/adult-helpers.js';
import { ownEmdEqual, ownEmdHierarchical, type RawTable } from '../search/brute.js';

test('Adult, hierarchical 0.2-closeness on occupation: the report states hierarchical t, as measured independently', () => {
  const eight = ADULT_COLUMNS.filter((c) => c !== 'occupation');
  const enc = encodeAdult(eight, ['occupation']);
  const privacy = normalizePrivacy(
    { k: 2, suppressionLimit: 0.05, tCloseness: { column: 'occupation', measure: 'hierarchical', t: 0.2 } },
    ['occupation'],
    ['occupation'],
  );
  const outcome = runSearch(enc, privacy);
  assert.ok(outcome.search.found);
  const { report } = riskReport(enc, outcome, planReportContext(), tMeasureOf(privacy));
  const s = report.sensitive[0]!;
  assert.is(s.after.distance, 'hierarchical');
  assert.ok(s.after.t <= 0.2 + 1e-9, `reported t ${s.after.t} above the constraint the search enforced`);

  // Independent: group the raw rows by their generalized labels, skip the suppressed rows.
  const { header, rows } = adultRows();
  const hier = (c: string) => loadHierarchy(`adult_hierarchy_${c}.csv`, { baseDir: ADULT_DIR, configPath: '' });
  const qh = eight.map(hier),
    qi = eight.map((c) => header.indexOf(c)),
    oi = header.indexOf('occupation');
  const sens = rows.map((r) => r[oi]!);
  const raw: RawTable = { qi: qh, rows: rows.map((r) => qi.map((i) => r[i]!)), sens, sValues: [...new Set(sens)].sort(), sHierarchy: hier('occupation') };
  const classes = new Map<string, number[]>();
  raw.rows.forEach((row, r) => {
    if (outcome.suppressed[r] === 1) return;
    const key = row.map((v, j) => qh[j]!.lookup(v)![outcome.levels[j]!]).join('\u0000');
    let c = classes.get(key);
    if (c === undefined) classes.set(key, (c = []));
    c.push(r);
  });
  let tHier = 0,
    tEqual = 0;
  for (const c of classes.values()) {
    tHier = Math.max(tHier, ownEmdHierarchical(raw, c));
    tEqual = Math.max(tEqual, ownEmdEqual(raw, c));
  }
  assert.ok(Math.abs(s.after.t - tHier) < 1e-9, `report ${s.after.t} vs independent ${tHier}`);
  assert.ok(tEqual > tHier + 0.05, `equal-distance t ${tEqual} would have been reported before`);
  assert.is(s.before!.distance, 'hierarchical');
  if (process.env.T_REPORT) console.log(outcome.levels, outcome.suppressedCount, s.after.t, tHier, tEqual);
});

test('the report reserves its per-class sensitive structures on the run\u2019s budget (RESOURCE_LIMIT past it)', () => {
  const enc = encodeAdult(['sex', 'age', 'race'], ['occupation']);
  const outcome = { levels: [0, 0, 0], suppressed: new Uint8Array(enc.rows), suppressedCount: 0, starSuppressed: false };
  const ctx = planReportContext();
  let err: unknown;
  try {
    riskReport(enc, outcome, { ...ctx, budget: createBudget(64 * 1024) }, () => false);
  } catch (e) {
    err = e;
  }
  assert.instance(err, KanonError);
  assert.is((err as KanonError).code, 'RESOURCE_LIMIT');
  const roomy = createBudget(64 * 1024 * 1024);
  const { report } = riskReport(enc, outcome, { ...ctx, budget: roomy }, () => false);
  assert.is(report.sensitive[0]!.after.distance, 'equal');
  assert.is(roomy.reserved, 0);
});

test.run();
