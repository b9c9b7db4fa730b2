// The plan file (issue 15): schema, round trip, deterministic bytes, digests.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createProgress } from '../../src/cli/progress.js';
import { planReleaseCommand } from '../../src/commands/plan-release.js';
import { loadPolicy } from '../../src/policy/load.js';
import { parsePlan, renderPlan } from '../../src/planfile/load.js';
import { canonicalJson, sha256 } from '../../src/planfile/canonical.js';
import { hierarchyDigests } from '../../src/planfile/digest.js';
import { planChanges } from '../../src/planfile/apply.js';
import { normalizeConfig } from '../../src/policy/normalize.js';
import { bindPolicy } from '../../src/policy/bind.js';
// @ts-expect-error: plain ESM helper without types
import { HEADER } from '../../bench/generate.mjs';
import { tempDir } from '../helpers/cli.js';
import { batchCsv, writeSetting } from './fixture.js';

const dir = tempDir();
const setting = writeSetting(dir);
const ref = join(dir, 'ref.csv');
writeFileSync(ref, batchCsv(3000, 11));
const noKeys = {
  get: () => {
    throw new Error('no key');
  },
  fingerprint: () => {
    throw new Error('no key');
  },
};
const io = () => ({ stdin: Readable.from([]), keys: noKeys, progress: createProgress({ enabled: false, stderr: process.stderr }) });

async function makePlan(out: string, input = ref, policy = setting.policy): Promise<string> {
  await planReleaseCommand({ input, policy, planOut: out, toolVersion: '0.0.0-test' }, io());
  return readFileSync(out, 'utf8');
}

function problems(text: string): { code: string; path?: string }[] {
  try {
    parsePlan(text, 'plan.json');
  } catch (e: any) {
    return [e, ...e.more].map((x: any) => ({ code: x.code, path: x.where.path }));
  }
  return [];
}

test('a plan holds the policy and hierarchy digests, levels by column name, and no cell values', async () => {
  const text = await makePlan(join(dir, 'p1.json'));
  const plan = JSON.parse(text);
  assert.is(plan.kanonPlan, 1);
  assert.is(plan.policy.sha256, sha256(readFileSync(setting.policy)));
  const race = plan.hierarchies.find((h: any) => h.column === 'race');
  assert.equal(race, { column: 'race', role: 'quasi', source: 'file', sha256: sha256(readFileSync(setting.raceHierarchy)) });
  const age = plan.hierarchies.find((h: any) => h.column === 'age');
  assert.is(age.source, 'spec');
  assert.equal(
    plan.transformation.quasi.map((q: any) => q.column),
    ['age', 'race', 'sex'],
  );
  const raceQ = plan.transformation.quasi.find((q: any) => q.column === 'race');
  assert.is(raceQ.levels, 3);
  assert.is(raceQ.labels, [6, 3, 1][raceQ.level]);
  assert.is(plan.transformation.quasi.find((q: any) => q.column === 'age').labels, null);
  assert.is(plan.reference.records, 3000);
  assert.is(plan.search.optimal, true);
  assert.is(plan.search.gap, 0);
  assert.ok(plan.search.nodesEvaluated >= 1);
  assert.is(plan.keyFingerprint, null);
  // No value of any column appears in the plan (every distinct cell of the batch is checked).
  const cells = new Set(
    readFileSync(ref, 'utf8')
      .split('\n')
      .slice(1)
      .flatMap((l) => l.split(','))
      .filter((v) => v.length > 2 && !/^\d+$/.test(v)),
  );
  const strings = JSON.stringify(plan)
    .match(/"(?:[^"\\]|\\.)*"/g)!
    .map((s) => JSON.parse(s) as string);
  const leaked = strings.filter((s) => cells.has(s) && !HEADER.includes(s));
  assert.equal(leaked, []);
});

test('the same batch and policy give byte-identical plans; a reordered header gives the same transformation', async () => {
  const a = await makePlan(join(dir, 'a.json'));
  const b = await makePlan(join(dir, 'b.json'));
  assert.is(a, b);
  // Same records with the columns in reverse order.
  const lines = readFileSync(ref, 'utf8')
    .trimEnd()
    .split('\n')
    .map((l) => l.split(',').reverse().join(','));
  const rev = join(dir, 'rev.csv');
  writeFileSync(rev, lines.join('\n') + '\n');
  const c = JSON.parse(await makePlan(join(dir, 'c.json'), rev));
  assert.equal(c.transformation, JSON.parse(a).transformation);
  assert.is.not(c.reference.inputSha256, JSON.parse(a).reference.inputSha256);
});

test('round trip: a rendered plan parses back to the same object and the same bytes', async () => {
  const text = await makePlan(join(dir, 'rt.json'));
  const plan = parsePlan(text, 'rt.json');
  assert.is(renderPlan(plan), text);
});

test('the schema refuses unknown keys, a bad digest, another kind, a missing field and duplicate keys (PLAN_INVALID)', async () => {
  const text = await makePlan(join(dir, 's.json'));
  const good = JSON.parse(text);
  assert.equal(problems(text), []);
  const edit = (f: (p: any) => void): string => {
    const p = structuredClone(good);
    f(p);
    return JSON.stringify(p);
  };
  assert.equal(
    problems(
      edit((p) => {
        p.extra = 1;
      }),
    ),
    [{ code: 'PLAN_INVALID', path: '/' }],
  );
  assert.equal(
    problems(
      edit((p) => {
        p.policy.sha256 = 'abc';
      }),
    ),
    [{ code: 'PLAN_INVALID', path: '/policy/sha256' }],
  );
  assert.ok(
    problems(
      edit((p) => {
        p.transformation.kind = 'local';
      }),
    ).every((x) => x.code === 'PLAN_INVALID' && x.path?.startsWith('/transformation')),
  );
  assert.ok(
    problems(
      edit((p) => {
        p.transformation.kind = 'local';
      }),
    ).length > 0,
  );
  assert.equal(
    problems(
      edit((p) => {
        delete p.reference;
      }),
    ),
    [{ code: 'PLAN_INVALID', path: '/' }],
  );
  assert.equal(
    problems(
      edit((p) => {
        p.kanonPlan = 2;
      }),
    ),
    [{ code: 'PLAN_INVALID', path: '/kanonPlan' }],
  );
  assert.equal(
    problems(
      edit((p) => {
        p.transformation.quasi[0].level = -1;
      }),
    ),
    [{ code: 'PLAN_INVALID', path: '/transformation/quasi/0/level' }],
  );
  assert.equal(
    problems(text.replace('"kanonPlan": 1,', '"kanonPlan": 1, "kanonPlan": 1,')).map((p) => p.code),
    ['PLAN_INVALID'],
  );
  assert.equal(problems('{not json'), [{ code: 'PLAN_INVALID', path: undefined }]);
});

test('canonical JSON sorts keys at every depth, so an inline spec digest ignores key order', () => {
  assert.is(canonicalJson({ b: 1, a: { d: [2, { y: 1, x: 0 }], c: null } }), '{"a":{"c":null,"d":[2,{"x":0,"y":1}]},"b":1}');
  assert.is(canonicalJson({ a: 1, b: 2 }), canonicalJson({ b: 2, a: 1 }));
});

test('hierarchy digests follow the file bytes and the spec; planChanges names what changed', () => {
  const d2 = tempDir();
  const s = writeSetting(d2);
  const before = hierarchyDigests(loadPolicy(s.policy));
  assert.equal(
    before.map((h) => h.column),
    ['age', 'race', 'sex'],
  );
  const plan = JSON.parse(readFileSync(join(dir, 'p1.json'), 'utf8'));
  const ctx = (file: string) => {
    const policy = loadPolicy(file);
    bindPolicy(policy, HEADER as string[], 'in');
    return { policy, privacy: normalizeConfig(policy, {}, 'run').privacy!, keyFingerprint: null };
  };
  // The setting in d2 is byte-identical to the plan's: nothing changed.
  assert.equal(planChanges(plan, ctx(s.policy)), []);
  writeFileSync(s.raceHierarchy, readFileSync(s.raceHierarchy, 'utf8').replace('Non-white', 'Not-white'));
  const after = hierarchyDigests(loadPolicy(s.policy));
  assert.is.not(after[1]!.sha256, before[1]!.sha256);
  assert.is(after[0]!.sha256, before[0]!.sha256);
  assert.equal(planChanges(plan, ctx(s.policy)), ['the hierarchy of column "race"']);
  const raw = JSON.parse(readFileSync(s.policy, 'utf8'));
  raw.columns.age.hierarchy = { max: 100, min: 0, widths: [5, 10, 20], type: 'interval' };
  raw.privacy.k = 6;
  writeFileSync(s.policy, JSON.stringify(raw));
  const changes = planChanges(plan, ctx(s.policy));
  // Key order of the age spec does not matter; the policy bytes and k do.
  assert.equal(changes, ['the policy file (its sha256 differs)', 'the hierarchy of column "race"', 'the privacy models or suppression rule']);
});

test.run();
