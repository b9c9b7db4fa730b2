// The plan layer: one suppression cap, the search told the gate's suppression bound, the gate
// enforced in one place.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEncoder } from '../../src/search/index.js';
import { treeHierarchy } from '../../src/hierarchy/tree.js';
import { enforceGate, explain, runSearch, searchPrivacy, suppressionCap } from '../../src/plan/plan.js';
import { normalizePrivacy } from '../../src/privacy/normalize.js';
import { normalizeRisk } from '../../src/risk/index.js';
import { KanonError } from '../../src/errors.js';
import { kanon, tempDir } from '../helpers/cli.js';

test('suppressionCap: 0.29 of 100 rows is 29 (0.29 × 100 is 28.999999999999996 in binary)', () => {
  assert.is(0.29 * 100 < 29, true);
  assert.is(suppressionCap(0.29, 100), 29);
  assert.is(suppressionCap(0.05, 30162), 1508);
  assert.is(suppressionCap(0, 100), 0);
});

// 100 rows: 71 "a" and 29 distinct singletons under one group, k = 2.
function encoded() {
  const leaves = ['a', ...Array.from({ length: 29 }, (_, i) => `s${i}`)];
  const h = treeHierarchy({ type: 'tree', groups: { G: leaves } });
  const enc = createEncoder({ file: 't', quasi: [{ name: 'q', hierarchy: h }], sensitive: [] });
  let line = 2;
  for (let i = 0; i < 71; i++) enc.add(['a'], [], line++);
  for (let i = 0; i < 29; i++) enc.add([`s${i}`], [], line++);
  return enc.finish();
}

test('explain agrees with the search at limit 0.29 on 100 rows: level 0 (29 suppressed) is satisfiable', () => {
  const enc = encoded();
  const privacy = normalizePrivacy({ k: 2, suppressionLimit: 0.29 }, []);
  const found = runSearch(enc, privacy);
  assert.ok(found.search.found);
  assert.equal(found.levels, [0]);
  assert.is(found.suppressedCount, 29);
  // One level up (the group) is explained against level 0: 29 suppressed, within the cap.
  const ex = explain(enc, [1], privacy)[0]!;
  assert.equal(ex.lower, { level: 0, satisfiable: true, violatingRecords: 29, suppressed: 29 });
});

test("searchPrivacy: the tighter of suppressionLimit and the gate's maxSuppressedShare", () => {
  const privacy = normalizePrivacy({ k: 2, suppressionLimit: 0.5 }, []);
  assert.is(searchPrivacy(privacy, normalizeRisk({ thresholds: { maxSuppressedShare: 0.1 } })).suppressionLimit, 0.1);
  assert.is(searchPrivacy(privacy, normalizeRisk({ thresholds: { maxSuppressedShare: 0.9 } })).suppressionLimit, 0.5);
  assert.is(searchPrivacy(privacy, normalizeRisk({})).suppressionLimit, 0.5);
  // The search under the tighter bound picks the generalized node (0 suppressed), not level 0.
  const enc = encoded();
  const tight = runSearch(
    enc,
    searchPrivacy(normalizePrivacy({ k: 2, suppressionLimit: 0.5 }, []), normalizeRisk({ thresholds: { maxSuppressedShare: 0.1 } })),
  );
  assert.equal(tight.levels, [1]);
  assert.is(tight.suppressedCount, 0);
});

test('enforceGate throws RISK_THRESHOLD_EXCEEDED for a failed gate only', () => {
  enforceGate(undefined);
  enforceGate({ passed: true, failures: [] });
  try {
    enforceGate({ passed: false, failures: [{ threshold: 'minK', limit: 5, actual: 2, by: 3 }] });
    assert.unreachable();
  } catch (e) {
    assert.ok(e instanceof KanonError);
    assert.is((e as KanonError).code, 'RISK_THRESHOLD_EXCEEDED');
    assert.is((e as KanonError).exitCode, 4);
  }
});

test('run: a compliant solution under min(suppressionLimit, maxSuppressedShare) is found, not one the gate rejects', () => {
  // 7 Paris, 1 Lyon, 1 Nice, 1 Rome; k = 2. Level 0 suppresses 3 (30 %, within suppressionLimit
  // 0.5, the least loss); level 1 (France/Italy) suppresses 1 (10 %), which the gate allows.
  const dir = tempDir();
  const input = join(dir, 'in.csv');
  writeFileSync(input, ['city', ...Array(7).fill('Paris'), 'Lyon', 'Nice', 'Rome'].join('\n') + '\n');
  const policy = join(dir, 'p.json');
  writeFileSync(
    policy,
    JSON.stringify({
      columns: { city: { role: 'quasi', hierarchy: { type: 'tree', groups: { France: ['Paris', 'Lyon', 'Nice'], Italy: ['Rome'] } } } },
      privacy: { k: 2, suppressionLimit: 0.5 },
      risk: { thresholds: { maxSuppressedShare: 0.1 } },
    }),
  );
  const out = join(dir, 'out.csv');
  const r = kanon(['run', input, '-p', policy, '-o', out]);
  assert.is(r.code, 0, r.stderr);
  assert.ok(existsSync(out));
  assert.match(r.stderr, /search: city=1; 1 suppressed/);
});

test('suppressedOutput "star": starred records count as suppressed in the report (and so for the gate)', () => {
  const dir = tempDir();
  const input = join(dir, 'in.csv');
  writeFileSync(input, ['city', ...Array(7).fill('Paris'), 'Lyon', 'Nice', 'Rome'].join('\n') + '\n');
  const policy = join(dir, 'p.json');
  writeFileSync(
    policy,
    JSON.stringify({
      columns: { city: { role: 'quasi', hierarchy: { type: 'tree', groups: { France: ['Paris', 'Lyon', 'Nice'], Italy: ['Rome'] } } } },
      privacy: { k: 2, suppressionLimit: 0.5, suppressedOutput: 'star' },
    }),
  );
  const report = join(dir, 'r.json');
  const r = kanon(['run', input, '-p', policy, '-r', report]);
  assert.is(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split('\n').slice(1);
  assert.is(lines.filter((l) => l === '*').length, 3);
  const doc = JSON.parse(readFileSync(report, 'utf8')) as { suppression: { records: number; share: number } };
  assert.equal(doc.suppression, { records: 3, share: 0.3 });
  // A gate on the suppressed share sees them: the search is bounded to it (2 records) and
  // generalizes. Level 1 would star Rome alone, a class of 1 < k that breaks k itself (issue 11
  // item 3: the starred class must pass every model), so the answer is the top, nothing starred.
  writeFileSync(
    policy,
    JSON.stringify({
      columns: { city: { role: 'quasi', hierarchy: { type: 'tree', groups: { France: ['Paris', 'Lyon', 'Nice'], Italy: ['Rome'] } } } },
      privacy: { k: 2, suppressionLimit: 0.5, suppressedOutput: 'star' },
      risk: { thresholds: { maxSuppressedShare: 0.2 } },
    }),
  );
  const g = kanon(['run', input, '-p', policy, '-r', report]);
  assert.is(g.code, 0, g.stderr);
  const gated = JSON.parse(readFileSync(report, 'utf8')) as { suppression: { records: number }; after: { k: number } };
  assert.equal(gated.suppression.records, 0);
  assert.ok(gated.after.k >= 2);
});

test.run();
