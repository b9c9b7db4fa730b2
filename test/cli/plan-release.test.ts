// kanon plan / run --plan / validate --plan (issue 15): a plan made on one generated batch is
// applied to three others; every output is checked on its bytes (grouped by the QI columns,
// test/helpers/verify.ts); a batch with a new rare category is refused (exit 4, no output);
// an edited hierarchy is PLAN_MISMATCH; repeated releases are byte-identical; the ledger
// refuses an input released under another plan.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { kanon, tempDir } from '../helpers/cli.js';
import { measure } from '../helpers/verify.js';
import { batchCsv, QIS, RACES, SENSITIVE, writeSetting } from '../planfile/fixture.js';

const ROWS = 3000;
const dir = tempDir();
const s = writeSetting(dir);
const plan = join(dir, 'plan.json');
const file = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const sha = (p: string): string => createHash('sha256').update(readFileSync(p)).digest('hex');
const ref = file('ref.csv', batchCsv(ROWS, 11));
const batches = [21, 22, 23].map((seed) => file(`batch-${seed}.csv`, batchCsv(ROWS, seed)));
// Seed 24 with one record in a race category no batch had: at the plan's race level (0) it
// is a class of one, and the policy's suppression limit is 0.
const rare = file(
  'rare.csv',
  batchCsv(ROWS, 24, (row, i) => {
    if (i === 7) row[9] = 'Other-rare';
  }),
);

function readCsv(path: string): { header: string[]; rows: string[][] } {
  const rows: string[][] = parse(readFileSync(path, 'utf8'));
  return { header: rows.shift()!, rows };
}

test('kanon plan writes the plan and the reference report', () => {
  const r = kanon(['plan', ref, '-p', s.policy, '--plan-out', plan, '-r', join(dir, 'ref.report.json')]);
  assert.is(r.code, 0, r.stderr);
  const p = JSON.parse(readFileSync(plan, 'utf8'));
  assert.is(p.kanonPlan, 1);
  assert.is(p.reference.inputSha256, sha(ref));
  const report = JSON.parse(readFileSync(join(dir, 'ref.report.json'), 'utf8'));
  assert.is(p.reference.classes, report.after.classes);
  assert.is(p.reference.highestProsecutorRisk, report.after.prosecutor.highest);
});

test('the plan applied to three other batches: each output keeps the frozen levels and k, l hold on its bytes', () => {
  const p = JSON.parse(readFileSync(plan, 'utf8'));
  const level = Object.fromEntries(p.transformation.quasi.map((q: any) => [q.column, q.level]));
  assert.equal(level, { age: 1, race: 0, sex: 0 }); // 5-year age bands; race and sex as they are
  for (const b of batches) {
    const out = b.replace('.csv', '.out.csv');
    const rep = b.replace('.csv', '.report.json');
    const drift = b.replace('.csv', '.drift.json');
    const r = kanon(['run', b, '-p', s.policy, '--plan', plan, '-o', out, '-r', rep, '--drift-out', drift]);
    assert.is(r.code, 0, r.stderr);
    const { header, rows } = readCsv(out);
    const m = measure(header, rows, QIS, SENSITIVE);
    const report = JSON.parse(readFileSync(rep, 'utf8'));
    assert.ok(m.k >= 5, `k ${m.k}`);
    assert.ok(m.distinctL >= 2, `l ${m.distinctL}`);
    assert.is(m.records, ROWS - report.suppression.records);
    assert.is(report.suppression.records, 0); // limit 0
    assert.is(report.after.k, m.k);
    assert.is(report.after.classes, m.classes);
    // The frozen levels, read off the bytes: 5-year bands "lo-(lo+4)", original race and sex.
    const ai = header.indexOf('age'),
      ri = header.indexOf('race'),
      si = header.indexOf('sex');
    for (const row of rows) {
      const band = /^(\d+)-(\d+)$/.exec(row[ai]!);
      assert.ok(band && Number(band[1]) % 5 === 0 && Number(band[2]) === Number(band[1]) + 4, 'age band');
      assert.ok(RACES.includes(row[ri]!) && ['Female', 'Male'].includes(row[si]!));
    }
    const d = JSON.parse(readFileSync(drift, 'utf8'));
    assert.is(d.plan.sha256, sha(plan));
    assert.is(d.batch.inputSha256, sha(b));
    assert.is(d.batch.records, ROWS);
    assert.is(d.batch.classes, m.classes);
    assert.is(d.delta.classes, m.classes - p.reference.classes);
    assert.is(d.batch.highestProsecutorRisk, 1 / m.k);
    assert.is(d.passed, true);
    assert.equal(
      d.checks.map((c: any) => [c.model, c.actual]),
      [
        ['suppression limit', 0],
        ['k-anonymity', m.k],
        ['distinct l-diversity', m.distinctL],
      ],
    );
    assert.is(d.freshSearch, null);
  }
});

test('a batch with a new rare category the frozen level keeps distinct is refused: exit 4, no output', () => {
  const out = join(dir, 'rare.out.csv');
  const drift = join(dir, 'rare.drift.json');
  const rep = join(dir, 'rare.report.md');
  const r = kanon(['run', rare, '-p', s.policy, '--plan', plan, '-o', out, '--drift-out', drift, '-r', rep]);
  assert.is(r.code, 4, r.stderr);
  assert.match(r.stderr, /PRIVACY_UNSATISFIABLE/);
  assert.match(r.stderr, /frozen plan no longer protects this batch/);
  assert.not.match(r.stderr, /Other-rare/);
  assert.not.ok(existsSync(out));
  // The refused batch's drift and report are still written, and say why.
  const d = JSON.parse(readFileSync(drift, 'utf8'));
  assert.is(d.passed, false);
  assert.equal(d.checks[0], { model: 'suppression limit', required: 0, actual: 1, passed: false });
  assert.not.match(readFileSync(rep, 'utf8'), /Other-rare/);
});

test('with a suppression limit, the same batch is released with the rare record suppressed (verified on the bytes)', () => {
  const d = tempDir();
  const s2 = writeSetting(d, { k: 5, suppressionLimit: 0.01, lDiversity: { column: SENSITIVE, l: 2 } });
  const p2 = join(d, 'plan.json');
  assert.is(kanon(['plan', ref, '-p', s2.policy, '--plan-out', p2]).code, 0);
  const out = join(d, 'rare.out.csv');
  const rep = join(d, 'rare.json');
  const r = kanon(['run', rare, '-p', s2.policy, '--plan', p2, '-o', out, '-r', rep]);
  assert.is(r.code, 0, r.stderr);
  const { header, rows } = readCsv(out);
  const m = measure(header, rows, QIS, SENSITIVE);
  assert.ok(m.k >= 5 && m.distinctL >= 2);
  assert.is(rows.length, ROWS - 1);
  assert.ok(rows.every((row) => row[header.indexOf('race')] !== 'Other-rare'));
  assert.is(JSON.parse(readFileSync(rep, 'utf8')).suppression.records, 1);
});

test('an edited hierarchy is PLAN_MISMATCH (exit 2, no output) unless --allow-policy-change', () => {
  const d = tempDir();
  const s3 = writeSetting(d);
  const p3 = join(d, 'plan.json');
  assert.is(kanon(['plan', ref, '-p', s3.policy, '--plan-out', p3]).code, 0);
  writeFileSync(s3.raceHierarchy, readFileSync(s3.raceHierarchy, 'utf8').replace(/Non-white/g, 'Not-white'));
  const out = join(d, 'out.csv');
  const r = kanon(['run', batches[0]!, '-p', s3.policy, '--plan', p3, '-o', out]);
  assert.is(r.code, 2, r.stderr);
  assert.match(r.stderr, /PLAN_MISMATCH/);
  assert.match(r.stderr, /hierarchy of column "race"/);
  assert.not.ok(existsSync(out));
  const v = kanon(['validate', '-p', s3.policy, '--plan', p3]);
  assert.is(v.code, 2);
  assert.match(v.stderr, /PLAN_MISMATCH/);
  const drift = join(d, 'drift.json');
  const ok = kanon(['run', batches[0]!, '-p', s3.policy, '--plan', p3, '-o', out, '--allow-policy-change', '--drift-out', drift]);
  assert.is(ok.code, 0, ok.stderr);
  assert.equal(JSON.parse(readFileSync(drift, 'utf8')).acceptedChanges, ['the hierarchy of column "race"']);
  const { header, rows } = readCsv(out);
  assert.ok(measure(header, rows, QIS, SENSITIVE).k >= 5);
});

test('the same plan applied twice to the same input gives byte-identical output, reports and drift', () => {
  const run = (tag: string) => {
    const o = join(dir, `twice-${tag}`);
    const r = kanon(['run', batches[1]!, '-p', s.policy, '--plan', plan, '-o', `${o}.csv`, '-r', `${o}.json`, '-r', `${o}.md`, '--drift-out', `${o}.drift.md`]);
    assert.is(r.code, 0, r.stderr);
    return ['.csv', '.json', '.md', '.drift.md'].map((ext) => readFileSync(`${o}${ext}`, 'utf8'));
  };
  const a = run('a');
  const b = run('b');
  assert.equal(a, b);
  assert.match(a[3]!, /re-verified on this batch's released classes: \*\*passed\*\*/);
});

test('--check-drift searches this batch too: the frozen plan costs no less loss than the fresh optimum', () => {
  const drift = join(dir, 'check.drift.json');
  const r = kanon(['run', batches[2]!, '-p', s.policy, '--plan', plan, '-o', join(dir, 'check.csv'), '--check-drift', '--drift-out', drift]);
  assert.is(r.code, 0, r.stderr);
  const d = JSON.parse(readFileSync(drift, 'utf8'));
  const f = d.freshSearch;
  assert.ok(f, 'fresh search reported');
  assert.equal(Object.keys(f.levels).sort(), QIS);
  assert.is(
    f.differs,
    Object.entries(f.levels).some(([c, l]) => d.levels[c] !== l),
  );
  assert.ok(f.lossCost >= -1e-12, `frozen loss below the optimum: ${f.lossCost}`);
  assert.ok(Math.abs(d.batch.loss - f.loss - f.lossCost) < 1e-12);
});

test('the ledger records each release by digests and refuses the same input under another plan (LEDGER_REPLAN)', () => {
  const d = tempDir();
  const ledger = join(d, 'releases.jsonl');
  const out = join(d, 'out.csv');
  const rep = join(d, 'out.json');
  const r = kanon(['run', batches[0]!, '-p', s.policy, '--plan', plan, '-o', out, '-r', rep, '--ledger', ledger]);
  assert.is(r.code, 0, r.stderr);
  const lines = readFileSync(ledger, 'utf8')
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.is(lines.length, 1);
  assert.equal(
    [lines[0].plan, lines[0].input, lines[0].output, lines[0].report, lines[0].recordsIn, lines[0].recordsOut],
    [sha(plan), sha(batches[0]!), sha(out), sha(rep), ROWS, ROWS],
  );
  // Same transformation, other plan bytes (another digest): a different plan for the ledger.
  const other = join(d, 'other.json');
  assert.is(kanon(['plan', ref, '-p', s.policy, '--plan-out', other, '--created-at', '2026-01-01']).code, 0);
  const out2 = join(d, 'out2.csv');
  const refused = kanon(['run', batches[0]!, '-p', s.policy, '--plan', other, '-o', out2, '--ledger', ledger]);
  assert.is(refused.code, 4, refused.stderr);
  assert.match(refused.stderr, /LEDGER_REPLAN/);
  assert.match(refused.stderr, /Ganta/);
  assert.not.ok(existsSync(out2));
  // Another input under the other plan is fine; so is the same input with --allow-replan.
  assert.is(kanon(['run', batches[1]!, '-p', s.policy, '--plan', other, '-o', out2, '--ledger', ledger]).code, 0);
  assert.is(kanon(['run', batches[0]!, '-p', s.policy, '--plan', other, '-o', out2, '--ledger', ledger, '--allow-replan']).code, 0);
  assert.is(readFileSync(ledger, 'utf8').trimEnd().split('\n').length, 3);
});

test('validate --plan accepts the plan and rejects a tampered one', () => {
  const ok = kanon(['validate', '-p', s.policy, '--plan', plan]);
  assert.is(ok.code, 0, ok.stderr);
  assert.match(ok.stderr, /valid.*plan/);
  const p = JSON.parse(readFileSync(plan, 'utf8'));
  const tampered = (name: string, f: (x: any) => void): string => {
    const x = structuredClone(p);
    f(x);
    return file(name, JSON.stringify(x, null, 2));
  };
  const level = kanon([
    'validate',
    '-p',
    s.policy,
    '--plan',
    tampered('t1.json', (x) => {
      x.transformation.quasi[0].level = 9;
    }),
  ]);
  assert.is(level.code, 2);
  assert.match(level.stderr, /PLAN_MISMATCH/);
  const digest = kanon([
    'validate',
    '-p',
    s.policy,
    '--plan',
    tampered('t2.json', (x) => {
      x.policy.sha256 = '0'.repeat(64);
    }),
  ]);
  assert.is(digest.code, 2);
  assert.match(digest.stderr, /PLAN_MISMATCH/);
  const schema = kanon([
    'validate',
    '-p',
    s.policy,
    '--plan',
    tampered('t3.json', (x) => {
      x.transformation.quasi[0].values = ['x'];
    }),
  ]);
  assert.is(schema.code, 2);
  assert.match(schema.stderr, /PLAN_INVALID/);
  // run refuses the same tampered plans
  const run = kanon(['run', batches[0]!, '-p', s.policy, '--plan', join(dir, 't1.json'), '-o', join(dir, 't1.csv')]);
  assert.is(run.code, 2);
  assert.not.ok(existsSync(join(dir, 't1.csv')));
});

test('plan options without --plan, and --ledger to stdout, are USAGE errors', () => {
  const a = kanon(['run', batches[0]!, '-p', s.policy, '--check-drift']);
  assert.is(a.code, 2);
  assert.match(a.stderr, /USAGE.*--check-drift needs --plan/);
  const b = kanon(['run', batches[0]!, '-p', s.policy, '--plan', plan, '--ledger', join(dir, 'l.jsonl')]);
  assert.is(b.code, 2);
  assert.match(b.stderr, /USAGE/);
  assert.is(b.stdout, '');
});

test('a value missing from a hierarchy in a new batch is HIERARCHY_VALUE_MISSING with its line, as without a plan', () => {
  const bad = file(
    'missing.csv',
    batchCsv(200, 25, (row, i) => {
      if (i === 4) row[9] = 'Zz-unknown';
    }),
  );
  const out = join(dir, 'missing.out.csv');
  const r = kanon(['run', bad, '-p', s.policy, '--plan', plan, '-o', out]);
  assert.is(r.code, 3, r.stderr);
  assert.match(r.stderr, /HIERARCHY_VALUE_MISSING/);
  assert.match(r.stderr, /line 6/);
  assert.match(r.stderr, /column "race"/);
  assert.not.match(r.stderr, /Zz-unknown/);
  assert.not.ok(existsSync(out));
});

test('a plan records the key fingerprint; another key is PLAN_MISMATCH', () => {
  const d = tempDir();
  const s4 = writeSetting(d);
  const raw = JSON.parse(readFileSync(s4.policy, 'utf8'));
  raw.columns.id = { role: 'identifier', operator: 'hmac' };
  writeFileSync(s4.policy, JSON.stringify(raw));
  const KEY_A = 'a3f1c2d4e5b60718293a4b5c6d7e8f90112233445566778899aabbccddeeff00';
  const KEY_B = '0f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778899aabbccddeeff1';
  const p4 = join(d, 'plan.json');
  assert.is(kanon(['plan', ref, '-p', s4.policy, '--plan-out', p4], { env: { KANON_KEY: KEY_A } }).code, 0);
  assert.match(JSON.parse(readFileSync(p4, 'utf8')).keyFingerprint, /\S/);
  const out = join(d, 'out.csv');
  assert.is(kanon(['run', batches[0]!, '-p', s4.policy, '--plan', p4, '-o', out], { env: { KANON_KEY: KEY_A } }).code, 0);
  const r = kanon(['run', batches[0]!, '-p', s4.policy, '--plan', p4, '-o', join(d, 'out2.csv')], { env: { KANON_KEY: KEY_B } });
  assert.is(r.code, 2, r.stderr);
  assert.match(r.stderr, /PLAN_MISMATCH/);
  assert.match(r.stderr, /the key/);
  assert.not.match(r.stderr, new RegExp(KEY_B.slice(0, 12)));
});

test('the plan applied to its own reference batch gives the bytes and report a fresh kanon run gives; a piped reference gives the same plan', () => {
  const a = join(dir, 'self-plan.csv');
  const b = join(dir, 'self-fresh.csv');
  assert.is(kanon(['run', ref, '-p', s.policy, '--plan', plan, '-o', a, '-r', `${a}.json`]).code, 0);
  assert.is(kanon(['run', ref, '-p', s.policy, '-o', b, '-r', `${b}.json`]).code, 0);
  assert.is(readFileSync(a, 'utf8'), readFileSync(b, 'utf8'));
  // The same report, except that only the fresh run made a search (and states its quality).
  const planned = JSON.parse(readFileSync(`${a}.json`, 'utf8'));
  const fresh = JSON.parse(readFileSync(`${b}.json`, 'utf8'));
  assert.is(planned.search, undefined);
  assert.is(fresh.search.optimal, true);
  delete fresh.search;
  assert.equal(planned, fresh);
  const piped = kanon(['plan', '-p', s.policy, '--plan-out', '-', '-'], { input: readFileSync(ref) });
  assert.is(piped.code, 0, piped.stderr);
  assert.is(piped.stdout, readFileSync(plan, 'utf8'));
});

test('a reference batch that fails the gate gives no plan (exit 4), and its report is still written', () => {
  const d = tempDir();
  const s5 = writeSetting(d);
  const raw = JSON.parse(readFileSync(s5.policy, 'utf8'));
  raw.risk = { thresholds: { minK: 50 } };
  writeFileSync(s5.policy, JSON.stringify(raw));
  const out = join(d, 'plan.json');
  const rep = join(d, 'ref.json');
  const r = kanon(['plan', ref, '-p', s5.policy, '--plan-out', out, '-r', rep]);
  assert.is(r.code, 4, r.stderr);
  assert.match(r.stderr, /RISK_THRESHOLD_EXCEEDED/);
  assert.not.ok(existsSync(out));
  assert.is(JSON.parse(readFileSync(rep, 'utf8')).gate.passed, false);
  const missing = kanon(['plan', ref, '-p', s5.policy, '--plan-out', join(d, 'no', 'such', 'plan.json')]);
  assert.is(missing.code, 3);
  assert.match(missing.stderr, /OUTPUT_WRITE/);
});

test('--allow-policy-change verifies the policy\'s models as they are now; star output keeps suppressed rows as all-"*"', () => {
  const d = tempDir();
  const s6 = writeSetting(d);
  const p6 = join(d, 'plan.json');
  assert.is(kanon(['plan', ref, '-p', s6.policy, '--plan-out', p6]).code, 0);
  const raw = JSON.parse(readFileSync(s6.policy, 'utf8'));
  raw.privacy = { k: 10, suppressionLimit: 0.05, suppressedOutput: 'star', lDiversity: { column: SENSITIVE, l: 3 } };
  writeFileSync(s6.policy, JSON.stringify(raw));
  const out = join(d, 'out.csv');
  const drift = join(d, 'drift.json');
  assert.is(kanon(['run', rare, '-p', s6.policy, '--plan', p6, '-o', out]).code, 2);
  const r = kanon(['run', rare, '-p', s6.policy, '--plan', p6, '-o', out, '--allow-policy-change', '--drift-out', drift]);
  assert.is(r.code, 0, r.stderr);
  const dd = JSON.parse(readFileSync(drift, 'utf8'));
  assert.equal(dd.acceptedChanges, ['the policy file (its sha256 differs)', 'the privacy models or suppression rule']);
  assert.equal(
    dd.checks.map((c: any) => [c.model, c.required]),
    [
      ['suppression limit', 150],
      ['k-anonymity', 10],
      ['distinct l-diversity', 3],
    ],
  );
  const { header, rows } = readCsv(out);
  assert.is(rows.length, ROWS);
  const qi = QIS.map((q) => header.indexOf(q));
  const star = rows.filter((row) => qi.every((j) => row[j] === '*'));
  const released = rows.filter((row) => !qi.every((j) => row[j] === '*'));
  assert.ok(star.length >= 1 && star.length <= 150, `${star.length} starred`);
  assert.is(star.length, dd.batch.suppressed);
  const m = measure(header, released, QIS, SENSITIVE);
  assert.ok(m.k >= 10 && m.distinctL >= 3, `k ${m.k} l ${m.distinctL}`);
  assert.is(dd.checks[1].actual, m.k);
});

test.run();
