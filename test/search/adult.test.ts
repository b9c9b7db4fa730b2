// Adult (ARX benchmark): all 9 QIs for k-anonymity; occupation sensitive for l / t. Each result
// is confirmed by the independent checker on the raw rows. Set ADULT_REPORT=1 to print the
// per-config table (levels in column order, loss, suppressed, classes, search ms).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadHierarchy } from '../../src/hierarchy/load.js';
import { normalizePrivacy, type RawPrivacy } from '../../src/privacy/normalize.js';
import { search } from '../../src/search/search.js';
import { ADULT_COLUMNS, ADULT_DIR, adultRows, encodeAdult } from './adult-helpers.js';
import { checkResult, type RawTable } from './brute.js';

const { header, rows } = adultRows();
const hier = (c: string) => loadHierarchy(`adult_hierarchy_${c}.csv`, { baseDir: ADULT_DIR, configPath: '' });
function raw(quasi: string[], sens?: string): RawTable {
  const qi = quasi.map((c) => header.indexOf(c));
  const si = sens === undefined ? -1 : header.indexOf(sens);
  const sv = rows.map((r) => (si < 0 ? '' : r[si]!));
  return { qi: quasi.map(hier), rows: rows.map((r) => qi.map((i) => r[i]!)), sens: sv, sValues: [...new Set(sv)].sort() };
}

const all = encodeAdult(ADULT_COLUMNS);
const allRaw = raw(ADULT_COLUMNS);
const eight = ADULT_COLUMNS.filter((c) => c !== 'occupation');
const lt = encodeAdult(eight, ['occupation']);
const ltRaw = raw(eight, 'occupation');

const report: string[] = [];
function check(name: string, privacy: RawPrivacy, withOcc: boolean, expected?: { levels: number[]; loss: number }): void {
  const p = normalizePrivacy(privacy, withOcc ? ['occupation'] : []);
  const r = search(withOcc ? lt : all, p);
  assert.ok(r.found, name);
  assert.is(r.levels.length, withOcc ? 8 : 9);
  assert.ok(r.suppressedCount <= Math.floor(p.suppressionLimit * rows.length));
  assert.is(checkResult(withOcc ? ltRaw : allRaw, p, r.levels, r.suppressed), undefined, name);
  if (expected) {
    assert.equal(r.levels, expected.levels, `${name}: ARX's optimum`);
    assert.ok(Math.abs(r.loss - expected.loss) < 5e-5, `${name}: loss ${r.loss} vs ARX ${expected.loss}`);
  }
  // column order sex, age, race, marital-status, education, native-country, workclass, occupation, salary-class
  const lv = [...r.levels];
  if (withOcc) lv.splice(7, 0, NaN);
  report.push(
    `| ${name} | (${lv.map((x) => (Number.isNaN(x) ? 'S' : x)).join(', ')}) | ${r.loss.toFixed(4)} | ${r.suppressedCount} | ${r.classCount} | ${r.nodesEvaluated}/${r.nodesTotal} | ${r.ms.toFixed(0)} |`,
  );
}

// ARX's optimum (levels in ADULT_COLUMNS order, its Loss metric to 4 places) for each
// configuration, from the closing note of the search issue's comparison with ARX 3.9.
const ARX: Record<string, { levels: number[]; loss: number }> = {
  'k=2 supp=0%': { levels: [0, 4, 1, 1, 3, 2, 0, 2, 0], loss: 0.5297 },
  'k=2 supp=5%': { levels: [0, 3, 0, 0, 1, 1, 1, 1, 0], loss: 0.169 },
  'k=5 supp=0%': { levels: [0, 4, 1, 1, 3, 2, 2, 1, 0], loss: 0.5732 },
  'k=5 supp=5%': { levels: [0, 3, 0, 0, 2, 1, 1, 2, 0], loss: 0.2419 },
  'k=10 supp=0%': { levels: [0, 4, 1, 1, 3, 2, 2, 1, 0], loss: 0.5732 },
  'k=10 supp=5%': { levels: [0, 3, 0, 1, 2, 1, 1, 2, 0], loss: 0.2913 },
  'k=50 supp=0%': { levels: [0, 4, 1, 1, 3, 2, 2, 1, 0], loss: 0.5732 },
  'k=50 supp=5%': { levels: [0, 4, 0, 1, 3, 1, 1, 2, 0], loss: 0.4089 },
};

test('k-anonymity on Adult, 0 % and 5 % suppression: ARX\u2019s optimum, results verified independently', () => {
  for (const s of [0, 0.05])
    for (const k of [2, 5, 10, 50]) {
      const name = `k=${k} supp=${s * 100}%`;
      check(name, { k, suppressionLimit: s }, false, ARX[name]!);
    }
});

test('k=5 with distinct 3-diversity and with equal-distance 0.2-closeness on occupation', () => {
  check('k=5 + distinct 3-div, 0%', { k: 5, lDiversity: { column: 'occupation', l: 3 } }, true);
  check('k=5 + distinct 3-div, 5%', { k: 5, suppressionLimit: 0.05, lDiversity: { column: 'occupation', l: 3 } }, true);
  check('k=5 + equal 0.2-closeness, 0%', { k: 5, tCloseness: { column: 'occupation', measure: 'equal', t: 0.2 } }, true);
});

test('k-anonymity without suppression: the optimum is no lossier as k grows smaller', () => {
  const loss = (k: number) => search(all, normalizePrivacy({ k }, [])).loss;
  assert.ok(loss(2) <= loss(10));
});

test.after(() => {
  if (process.env.ADULT_REPORT) console.log(report.join('\n'));
});
test.run();
