// The export decision of local recoding (releaseLocal, src/plan/release.ts): from each record's
// own cells, never its row number (issue 11 item 2), with one slot per planned record.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { normalizePrivacy } from '../../src/privacy/normalize.js';
import { mondrian } from '../../src/recoding/mondrian.js';
import { partitionTest } from '../../src/recoding/criteria.js';
import { createEncoder } from '../../src/search/encode.js';
import { ageH, cities, cityH, encodeAgeCity } from '../helpers/age-city.js';
import { NotPlanned, localTables, releaseLocal } from '../../src/plan/release.js';
import { createBudget } from '../../src/resources.js';
import { KanonError } from '../../src/errors.js';
import { entropyL, sparseOf } from '../../src/privacy/measures.js';
import { covers } from './check.js';

// record: id, age, city, disease (columns 0..3); QIs age, city; sensitive disease
const records: string[][] = [];
for (let i = 0; i < 60; i++) records.push([`r${i}`, String(20 + ((i * 7) % 40)), cities[(i * 3) % 4]!, `d${i % 3}`]);
records.push(['lone', '99', 'Nice', 'd0']); // an outlier: k = 3 leaves it suppressed or in a wide class

function plan(rows: string[][], k: number, suppressionLimit: number, l: object = { column: 'disease', l: 2 }) {
  const table = encodeAgeCity(rows);
  const local = mondrian(table, normalizePrivacy({ k, suppressionLimit, recoding: 'local', lDiversity: l as { column: string; l: number } }, ['disease']));
  assert.ok(local.found);
  return { table, local, rel: releaseLocal(table, local, [1, 2], [3]) };
}

test("releaseLocal: records in another order get their own labels and suppression (the plan row with their cells), not their position's", () => {
  const { local, rel } = plan(records, 3, 0.1);
  const byId = new Map<string, { labels: string[] | null }>();
  records.forEach((r, i) => {
    byId.set(r[0]!, { labels: local.suppressed[i] ? null : [local.label(0, i), local.label(1, i)] });
  });
  const reversed = [...records].reverse();
  let moved = 0;
  reversed.forEach((row, pos) => {
    const s = rel.suppressed(row);
    const want = byId.get(row[0]!)!.labels;
    assert.is(s, want === null, row[0]);
    if (s) return;
    const got = [rel.label(0, row[1]!, row), rel.label(1, row[2]!, row)];
    assert.equal(got, want, row[0]);
    assert.ok(covers(ageH, got[0]!, row[1]!) && covers(cityH, got[1]!, row[2]!), row[0]);
    // the label at this position in the plan would be another's: count where it differs
    const planPos = local.suppressed[pos] ? null : [local.label(0, pos), local.label(1, pos)];
    if (JSON.stringify(planPos) !== JSON.stringify(got)) moved++;
  });
  assert.ok(moved > 10, `the reversed order must move records to other labels (${moved})`);
});

test('releaseLocal: records suppressed for entropy l-diversity are suppressed by their own cells in any order; the rest keep their labels', () => {
  // 2/3 d0: the whole table fails entropy 2-diversity, so groups holding d0 are suppressed
  const skewed = records.map((r, i) => [r[0]!, r[1]!, r[2]!, i % 3 === 0 ? 'd1' : 'd0']);
  const { local, rel } = plan(skewed, 2, 0.6, { column: 'disease', variant: 'entropy', l: 2 });
  assert.ok(local.suppressedCount > 0 && local.suppressedCount < skewed.length, `${local.suppressedCount} suppressed`);
  const want = new Map(skewed.map((r, i) => [r[0]!, local.suppressed[i] ? null : [local.label(0, i), local.label(1, i)]]));
  let suppressed = 0;
  for (const row of [...skewed].reverse()) {
    const s = rel.suppressed(row);
    assert.is(s, want.get(row[0]!) === null, row[0]);
    if (s) {
      suppressed++;
      continue;
    }
    assert.equal([rel.label(0, row[1]!, row), rel.label(1, row[2]!, row)], want.get(row[0]!), row[0]);
  }
  assert.is(suppressed, local.suppressedCount);
});

test('releaseLocal: a record the plan did not see, or one more than it saw, is NotPlanned', () => {
  const { rel } = plan(records, 3, 0.1);
  assert.throws(
    () => rel.suppressed(['x', '21', 'Paris', 'd9']),
    (e: unknown) => e instanceof NotPlanned,
  ); // unknown sensitive value
  // every value known to the plan, the combination not
  assert.not.ok(records.some((r) => r[1] === '20' && r[2] === 'Nice'));
  assert.throws(
    () => rel.suppressed(['x', '20', 'Nice', 'd0']),
    (e: unknown) => e instanceof NotPlanned,
  );
  const { rel: rel2 } = plan(records, 3, 0.1);
  const once = records[5]!;
  const copies = records.filter((r) => r[1] === once[1] && r[2] === once[2] && r[3] === once[3]).length;
  for (let i = 0; i < copies; i++) rel2.suppressed([...once]);
  assert.throws(
    () => rel2.suppressed([...once]),
    (e: unknown) => e instanceof NotPlanned,
  );
});

test("partitionTest: the sparse view a part hands the models is the part's own histogram, whatever was checked before", () => {
  const enc = createEncoder({ file: 't.csv', quasi: [{ name: 'age', hierarchy: ageH }], sensitive: [{ name: 'disease' }] });
  const dis = ['a', 'b', 'c', 'd', 'e', 'f'];
  for (let i = 0; i < 600; i++) enc.add([String(20 + (i % 40))], [dis[(i * i) % 6]!], i + 2);
  const table = enc.finish();
  const l = 2.2;
  const test = partitionTest(table, normalizePrivacy({ lDiversity: { column: 'disease', variant: 'entropy', l } }, ['disease']));
  const codes = table.sensitive[0]!.codes;
  const V = table.sensitive[0]!.values.length;
  // random runs of rows, compared with a dense recount each time
  let seed = 7,
    passed = 0,
    failed = 0;
  for (let t = 0; t < 300; t++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    const a = seed % 590,
      b = a + 1 + ((seed >>> 8) % (600 - a));
    const dense = new Float64Array(V);
    for (let i = a; i < b; i++) dense[codes[i]!]! += 1;
    const want = entropyL(sparseOf(dense)) >= l - 1e-9;
    const got = test.ok(a, b, [codes]);
    assert.is(got, want, `rows ${a}..${b}`);
    if (got) passed++;
    else failed++;
  }
  assert.ok(passed > 0 && failed > 0, `${passed} passed, ${failed} failed`);
});

test('localTables reserves its per-record keys against the memory budget: RESOURCE_LIMIT when they do not fit, the unused part given back', () => {
  const { table, local } = plan([...records, ...records], 3, 0.1); // every key twice
  const width = table.quasi.length + table.sensitive.length;
  const most = table.rows * 4 * (width + 2) + 4 * local.partitions * table.quasi.length;
  try {
    localTables(table, local, createBudget(most - 1));
    assert.unreachable('over the budget');
  } catch (e) {
    assert.ok(e instanceof KanonError && e.code === 'RESOURCE_LIMIT', String(e));
  }
  const budget = createBudget(most);
  const t = localTables(table, local, budget);
  const keys = t.left.length;
  assert.ok(keys < table.rows, 'some records share a key');
  assert.is(budget.reserved, most - (table.rows - keys) * 4 * (width + 2));
});

test.run();
