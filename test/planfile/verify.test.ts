// The frozen plan's re-verification and the release ledger, as pure functions: a check that
// can fail does fail on classes that break a model, and the ledger refuses a replanned input.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEncoder } from '../../src/search/index.js';
import { verifyModels, lossAt } from '../../src/planfile/apply.js';
import { appendRelease, checkLedger, readLedger, type LedgerEntry } from '../../src/planfile/ledger.js';
import type { PrivacyConfig } from '../../src/privacy/types.js';
import type { Report } from '../../src/risk/index.js';
import { tempDir } from '../helpers/cli.js';

const flat = { levels: 2, lookup: (v: string) => [v, '*'] };
function table(rows: [string, string][]) {
  const enc = createEncoder({ file: 't', quasi: [{ name: 'q', hierarchy: flat }], sensitive: [{ name: 's' }] });
  rows.forEach(([q, s], i) => {
    enc.add([q], [s], i + 2);
  });
  return enc.finish();
}
const privacy = (p: Partial<PrivacyConfig>): PrivacyConfig => ({
  k: 1,
  suppressionLimit: 0,
  lDiversity: [],
  tCloseness: [],
  metric: 'loss',
  suppressedOutput: 'remove',
  recoding: 'global',
  ...p,
});
const report = (distinctL: number, t = 0): Report =>
  ({ sensitive: [{ column: 's', before: null, after: { column: 's', distinctL, entropyL: distinctL, t, distance: 'equal' } }] }) as unknown as Report;
const none = (n: number) => ({ suppressed: new Uint8Array(n), suppressedCount: 0, starSuppressed: false });

test('k is measured on the released classes: a class below k fails, suppressing it passes', () => {
  const enc = table([
    ['a', 'x'],
    ['a', 'y'],
    ['a', 'x'],
    ['b', 'x'],
  ]);
  const fail = verifyModels(enc, { levels: [0], ...none(4) }, privacy({ k: 2 }), report(1));
  assert.equal(fail, [{ model: 'k-anonymity', required: 2, actual: 1, passed: false }]);
  const suppressed = Uint8Array.from([0, 0, 0, 1]);
  const pass = verifyModels(enc, { levels: [0], suppressed, suppressedCount: 1, starSuppressed: false }, privacy({ k: 2 }), report(1));
  assert.equal(pass, [{ model: 'k-anonymity', required: 2, actual: 3, passed: true }]);
  // At level 1 every record is in one class of 4.
  assert.equal(verifyModels(enc, { levels: [1], ...none(4) }, privacy({ k: 2 }), report(1))[0]!.actual, 4);
});

test("l and t come from the report's measures of the released rows and fail below l / above t", () => {
  const enc = table([
    ['a', 'x'],
    ['a', 'y'],
  ]);
  const p = privacy({ lDiversity: [{ column: 's', variant: 'distinct', l: 2 }], tCloseness: [{ column: 's', measure: 'equal', t: 0.2 }] });
  const bad = verifyModels(enc, { levels: [0], ...none(2) }, p, report(1, 0.3));
  assert.equal(
    bad.map((c) => [c.model, c.actual, c.passed]),
    [
      ['distinct l-diversity', 1, false],
      ['equal t-closeness', 0.3, false],
    ],
  );
  const good = verifyModels(enc, { levels: [0], ...none(2) }, p, report(2, 0.1));
  assert.ok(good.every((c) => c.passed));
  // No measure in the report for a model that needs one: fails closed.
  const missing = verifyModels(enc, { levels: [0], ...none(2) }, p, { sensitive: [] } as unknown as Report);
  assert.ok(missing.every((c) => !c.passed && c.actual === null));
});

test("lossAt gives the metric on the search's scale: 0 at level 0, 1 at the top (ARX loss)", () => {
  const enc = table([
    ['a', 'x'],
    ['a', 'y'],
    ['b', 'x'],
    ['b', 'y'],
  ]);
  assert.is(lossAt(enc, [0], privacy({})), 0);
  assert.is(lossAt(enc, [1], privacy({})), 1);
});

const entry = (plan: string, input: string): LedgerEntry => ({
  kanonLedger: 1,
  tool: 't',
  plan,
  policy: 'c'.repeat(64),
  input,
  output: 'd'.repeat(64),
  report: 'e'.repeat(64),
  recordsIn: 1,
  recordsOut: 1,
  suppressed: 0,
  classes: 1,
});

test('the ledger appends one line per release and refuses an input released under another plan', () => {
  const file = join(tempDir(), 'l.jsonl');
  assert.equal(readLedger(file), []);
  const A = 'a'.repeat(64),
    B = 'b'.repeat(64),
    I = '1'.repeat(64),
    J = '2'.repeat(64);
  appendRelease(file, entry(A, I));
  appendRelease(file, entry(A, J));
  const l = readLedger(file);
  assert.is(l.length, 2);
  assert.is(checkLedger(l, { input: I, plan: A, allowReplan: false, file }), undefined);
  assert.is(checkLedger(l, { input: '3'.repeat(64), plan: B, allowReplan: false, file }), undefined);
  const e = checkLedger(l, { input: J, plan: B, allowReplan: false, file });
  assert.is(e?.code, 'LEDGER_REPLAN');
  assert.is(e?.exitCode, 4);
  assert.is(checkLedger(l, { input: J, plan: B, allowReplan: true, file }), undefined);
});

test('a ledger line that is not a release entry is LEDGER_INVALID with its line', () => {
  const file = join(tempDir(), 'bad.jsonl');
  writeFileSync(file, JSON.stringify(entry('a'.repeat(64), '1'.repeat(64))) + '\n\n{"kanonLedger":1,"plan":"x"}\n');
  try {
    readLedger(file);
    assert.unreachable();
  } catch (e: any) {
    assert.is(e.code, 'LEDGER_INVALID');
    assert.is(e.where.line, 3);
  }
  writeFileSync(file, 'nope\n');
  try {
    readLedger(file);
    assert.unreachable();
  } catch (e: any) {
    assert.is(e.code, 'LEDGER_INVALID');
    assert.is(e.where.line, 1);
  }
});

test.run();
