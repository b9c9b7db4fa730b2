import { test } from 'uvu';
import * as assert from 'uvu/assert';
import Ajv from 'ajv';
import { evaluateGate, formatGateFailure, gateError } from '../../src/risk/gate.js';
import { normalizeRisk, riskSchema } from '../../src/risk/schema.js';
import { policySchema } from '../../src/policy/schema.js';
import { sampleReport } from './sample-report.js';

// after: classes of 3, 5, 6 (14 records), 2 of 16 suppressed; k = 3, highest 1/3, average 3/14
const r = sampleReport();
const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-12, `${a} ≠ ${b}`);
const only = (t: Parameters<typeof evaluateGate>[1]) => evaluateGate(r, t);

test('minK fails by the missing records and passes at the limit', () => {
  const g = only({ minK: 5 });
  assert.is(g.passed, false);
  assert.equal(g.failures, [{ threshold: 'minK', limit: 5, actual: 3, by: 2 }]);
  assert.ok(only({ minK: 3 }).passed);
});

test('maxHighestRisk and maxAverageRisk', () => {
  const h = only({ maxHighestRisk: 0.2 }).failures[0]!;
  assert.is(h.threshold, 'maxHighestRisk');
  close(h.by, 1 / 3 - 0.2);
  assert.ok(only({ maxHighestRisk: 1 / 3 }).passed);
  const a = only({ maxAverageRisk: 0.2 }).failures[0]!;
  close(a.actual, 3 / 14);
  close(a.by, 3 / 14 - 0.2);
  assert.ok(only({ maxAverageRisk: 0.25 }).passed);
});

test('maxRecordsAtRisk reads the share above its own risk level', () => {
  const f = only({ maxRecordsAtRisk: { risk: 0.3, share: 0.1 } }).failures[0]!;
  close(f.actual, 3 / 14);
  close(f.by, 3 / 14 - 0.1);
  assert.ok(only({ maxRecordsAtRisk: { risk: 0.3, share: 0.25 } }).passed);
  assert.throws(() => only({ maxRecordsAtRisk: { risk: 0.11, share: 0.5 } }), /record-risk share/);
});

test('maxSampleUniques as a count or a share', () => {
  const before = sampleReport({ after: Int32Array.from([1, 1, 2, 10]) }); // 2 uniques of 14
  assert.equal(evaluateGate(before, { maxSampleUniques: { count: 0 } }).failures, [{ threshold: 'maxSampleUniques', limit: 0, actual: 2, by: 2 }]);
  assert.ok(evaluateGate(before, { maxSampleUniques: { count: 2 } }).passed);
  close(evaluateGate(before, { maxSampleUniques: { share: 0.1 } }).failures[0]!.by, 2 / 14 - 0.1);
  assert.ok(evaluateGate(before, { maxSampleUniques: { share: 1 / 7 } }).passed);
});

test('maxSuppressedShare', () => {
  const f = only({ maxSuppressedShare: 0.1 }).failures[0]!;
  close(f.actual, 0.125);
  close(f.by, 0.025);
  assert.ok(only({ maxSuppressedShare: 0.125 }).passed);
});

test('maxPopulationUniquesShare needs a population; no estimate fails', () => {
  assert.throws(() => only({ maxPopulationUniquesShare: 0.1 }), /population/);
  const withPop = sampleReport({ population: { size: 1600 }, after: Int32Array.from([1, 1, 2, 10]) });
  const g = evaluateGate(withPop, { maxPopulationUniquesShare: 0 });
  assert.is(g.failures[0]!.threshold, 'maxPopulationUniquesShare');
  assert.ok(g.failures[0]!.actual > 0);
  assert.ok(evaluateGate(sampleReport({ population: { size: 1600 } }), { maxPopulationUniquesShare: 0 }).passed);
});

test('several failures at once; the error names each with its margin and exits 4', () => {
  const g = only({ minK: 5, maxSuppressedShare: 0.1, maxAverageRisk: 0.5 });
  assert.equal(
    g.failures.map((f) => f.threshold),
    ['minK', 'maxSuppressedShare'],
  );
  const e = gateError(g);
  assert.is(e.code, 'RISK_THRESHOLD_EXCEEDED');
  assert.is(e.exitCode, 4);
  assert.ok(e.message.includes('maxSuppressedShare: 0.125, allowed ≤ 0.1 (over by 0.025)'));
  assert.is(formatGateFailure(g.failures[0]!), 'minK: smallest class has 3 records, required ≥ 5 (short by 2)');
});

test('journalist attacker uses the population table', () => {
  const rp = sampleReport({ populationSizesAfter: Int32Array.from([30, 50, 60]) });
  assert.ok(evaluateGate(rp, { maxHighestRisk: 0.05 }, { attacker: 'journalist' }).passed);
  assert.not.ok(evaluateGate(rp, { maxHighestRisk: 0.05 }).passed);
});

const ajv = new Ajv.default({ strict: false });
const validRisk = ajv.compile(riskSchema);

test('risk schema accepts the documented shape and rejects mistakes', () => {
  assert.ok(
    validRisk({
      population: { fraction: 0.01 },
      attacker: 'prosecutor',
      recordRiskThresholds: [0.2, 0.1],
      thresholds: {
        minK: 5,
        maxHighestRisk: 0.2,
        maxAverageRisk: 0.05,
        maxRecordsAtRisk: { risk: 0.2, share: 0.05 },
        maxSampleUniques: 0,
        maxSuppressedShare: 0.1,
        maxPopulationUniquesShare: 0.01,
      },
    }),
  );
  assert.ok(validRisk({ population: { size: 1000 }, thresholds: { maxSampleUniques: { share: 0.01 } } }));
  for (const bad of [
    { population: { size: 10, fraction: 0.1 } },
    { population: { fraction: 0 } },
    { thresholds: { minK: 0 } },
    { thresholds: { maxHighestRisk: 1.5 } },
    { thresholds: { maxRecordsAtRisk: { risk: 0.2 } } },
    { thresholds: { maxK: 5 } },
    { recordRiskThresholds: [] },
  ])
    assert.not.ok(validRisk(bad), JSON.stringify(bad));
});

test('the composed policy schema compiles with the risk section', () => {
  const v = new Ajv.default({ strict: false, discriminator: true }).compile(policySchema());
  assert.ok(v({ columns: { a: { role: 'insensitive' } }, risk: { thresholds: { minK: 2 } } }), JSON.stringify(v.errors));
  assert.not.ok(v({ columns: { a: { role: 'insensitive' } }, risk: { thresholds: { minK: 'x' } } }));
});

test('normalizeRisk: defaults, count form of maxSampleUniques, gate τ added to the report thresholds', () => {
  assert.equal(normalizeRisk(undefined), { population: null, attacker: 'prosecutor', recordRiskThresholds: [0.2], thresholds: {} });
  const n = normalizeRisk({ recordRiskThresholds: [0.5, 0.2], thresholds: { maxSampleUniques: 3, maxRecordsAtRisk: { risk: 0.1, share: 0.05 } } });
  assert.equal(n.recordRiskThresholds, [0.1, 0.2, 0.5]);
  assert.equal(n.thresholds.maxSampleUniques, { count: 3 });
});

test.run();
