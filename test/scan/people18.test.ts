// Issue 13, "a scan draft that runs and keeps utility": the draft of the generated 18-column
// people table (bench/generate.mjs --people18) with default settings — known demographics get
// the multi-level trees of ARX's Adult hierarchies, dates/ZIPs/ages/hours get their ladders, the
// city is dropped with its reason, no tree jumps from the value to "*" while a middle level
// exists, every observed value is covered, and the draft is schema-valid.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import AjvModule from 'ajv';
import { scanRows, draftPolicy } from '../../src/scan/index.js';
import { loadHierarchy } from '../../src/hierarchy/load.js';
import { parsePolicy } from '../../src/policy/load.js';
import { contractSchema } from './contract-schema.js';
// @ts-expect-error: plain ESM helper without types
import { HEADER18, people18 } from '../../bench/generate.mjs';

const Ajv = ((AjvModule as unknown as { default?: unknown }).default ?? AjvModule) as unknown as typeof AjvModule.default;
const NOW = { now: new Date('2025-06-01T00:00:00Z') };
const header: string[] = HEADER18;
const rows: string[][] = [...(people18(2000) as Iterable<string[]>)];
const findings = scanRows(header, rows, NOW);
const draft = draftPolicy(findings);
const col = (name: string) => draft.columns[name] as Record<string, any>;
const hier = (name: string) => {
  const h = loadHierarchy(col(name).hierarchy, { baseDir: '.', configPath: `/columns/${name}/hierarchy` });
  h.fit?.([...new Set(rows.map((r) => r[header.indexOf(name)]!))]);
  return h;
};
const adult = (file: string): string[][] =>
  readFileSync(new URL(`../../fixtures/adult/adult_hierarchy_${file}.csv`, import.meta.url), 'utf8')
    .split(/\r?\n/)
    .filter(Boolean)
    .map((l) => l.split(';'));

test('the generator is deterministic and has the 18 columns', () => {
  assert.equal(header.length, 18);
  assert.equal(JSON.stringify([...(people18(50) as Iterable<string[]>)]), JSON.stringify(rows.slice(0, 50)));
  for (const r of rows) assert.is(r.length, 18);
});

test('the draft of the 18-column table is schema-valid (contract and project schema)', () => {
  const validate = new Ajv({ allErrors: true, strict: false }).compile(contractSchema);
  assert.ok(validate(draft), JSON.stringify(validate.errors?.slice(0, 3)));
  parsePolicy(JSON.stringify(draft), 'draft.json');
  assert.equal(Object.keys(draft.columns), header);
});

test('roles: identifiers pseudonymized, the city dropped with its reason, income and diagnosis sensitive', () => {
  for (const c of ['id', 'name', 'ssn']) assert.is(col(c).operator, 'hmac', c);
  assert.is(col('email').operator, 'hmac');
  assert.equal([col('city').role, col('city').operator], ['identifier', 'drop']);
  assert.match(col('city').reason, /cannot be generalized meaningfully.*dropped/);
  assert.equal([col('income').role, col('diagnosis').role], ['sensitive', 'sensitive']);
  const quasi = header.filter((c) => col(c).role === 'quasi');
  assert.equal(quasi, [
    'birth_date',
    'age',
    'sex',
    'race',
    'marital_status',
    'education',
    'occupation',
    'workclass',
    'zip',
    'native_country',
    'hours_per_week',
  ]);
});

test('education, occupation, workclass and native country get the Adult hierarchies, level for level', () => {
  for (const [column, file] of [
    ['education', 'education'],
    ['occupation', 'occupation'],
    ['workclass', 'workclass'],
    ['native_country', 'native-country'],
  ] as const) {
    const h = hier(column);
    const want = adult(file);
    assert.is(h.levels, want[0]!.length, column);
    for (const row of want) assert.equal(h.lookup(row[0]!), row, `${column} ${row[0]}`);
    assert.match(col(column).reason, /known tree: .*Adult/);
  }
});

test('marital status: married / never married / previously married; sex: value → *; race: common labels kept, rare ones "Other"', () => {
  const m = hier('marital_status');
  assert.equal(m.lookup('Married-civ-spouse'), ['Married-civ-spouse', 'Married', '*']);
  assert.equal(m.lookup('Widowed'), ['Widowed', 'Previously married', '*']);
  assert.equal(hier('sex').lookup('Female'), ['Female', '*']);
  const r = hier('race');
  assert.equal(r.lookup('White'), ['White', 'White', '*']);
  assert.equal(r.lookup('Amer-Indian-Eskimo'), ['Amer-Indian-Eskimo', 'Other', '*']);
  assert.match(col('race').reason, /groups the 3 rarer ones as "Other"/);
});

test('dates to month/year/5 years/decade, ZIP by mask levels, ages by 5/10/20 years, hours by bands', () => {
  assert.equal(hier('birth_date').lookup('1987-04-09'), ['1987-04-09', '1987-04', '1987', '1985-1989', '1980-1989', '*']);
  assert.equal(hier('zip').lookup('12345'), ['12345', '1234*', '123**', '12***', '1****', '*****', '*']);
  assert.equal(hier('age').lookup('37'), ['37', '35-39', '30-39', '20-39', '*']);
  const hours = hier('hours_per_week');
  assert.is(hours.levels, 6);
  assert.equal(hours.lookup('40')!.slice(1), ['40-44', '40-49', '40-59', '40-79', '*']);
  assert.match(col('hours_per_week').reason, /bands 5, 10, 20, 40 wide/);
});

test('no drafted tree jumps from the value straight to "*" while a middle level is available', () => {
  const trees = header.filter((c) => col(c).hierarchy?.type === 'tree');
  assert.ok(trees.length >= 7, trees.join());
  for (const c of trees) {
    const h = hier(c);
    const leaves = h.leaves!;
    if (leaves.length > 2 && c !== 'sex') assert.ok(h.levels >= 3, `${c}: ${h.levels} levels`);
    // every middle level separates the leaves (a level of one label is "Any" under another name)
    for (let l = 1; l < h.levels - 1; l++) assert.ok(new Set(leaves.map((v) => h.lookup(v)![l])).size >= 2, `${c} level ${l}`);
  }
});

test('every observed value of every drafted quasi-identifier is covered by its hierarchy (the draft runs)', () => {
  for (const c of header.filter((x) => col(x).role === 'quasi')) {
    const h = hier(c);
    const j = header.indexOf(c);
    for (const r of rows) assert.ok(h.lookup(r[j]!)?.length === h.levels, `${c}: a value is not covered`);
  }
});

test('values outside a known vocabulary: common ones go to "Other" at every middle level, rare ones keep the tree out', () => {
  const edu = (extra: string, n: number) => Array.from({ length: 200 }, (_, i) => [i < n ? extra : ['HS-grad', 'Bachelors', 'Masters', '11th'][i % 4]!]);
  const common = draftPolicy(scanRows(['education'], edu('Trade-school', 12), NOW)).columns.education as Record<string, any>;
  const h = loadHierarchy(common.hierarchy, { baseDir: '.', configPath: '' });
  assert.equal(h.lookup('Trade-school'), ['Trade-school', 'Other', 'Other', '*']);
  assert.equal(h.lookup('Doctorate'), ['Doctorate', 'Graduate', 'Higher education', '*']);
  assert.match(common.reason, /1 observed label\(s\) outside it grouped as "Other"/);
  // a rare unknown label (fewer than k rows) cannot be listed, so no tree: a placeholder, and why
  const rare = draftPolicy(scanRows(['education'], edu('Zqx-academy', 2), NOW)).columns.education as Record<string, any>;
  assert.equal(rare.hierarchy, { type: 'mask' });
  assert.match(rare.reason, /1 observed label\(s\) outside the education groups of the Adult hierarchy occur in fewer than 5 rows/);
  assert.not.ok(JSON.stringify(rare).includes('Zqx'));
  // spelling variants join their group
  const variant = draftPolicy(scanRows(['education'], edu('hs grad', 12), NOW)).columns.education as Record<string, any>;
  assert.equal(loadHierarchy(variant.hierarchy, { baseDir: '.', configPath: '' }).lookup('hs grad'), ['hs grad', 'High School', 'Secondary education', '*']);
});

test('a label named like a built-in property is an own key of the drafted tree', () => {
  const labels = ['__proto__', 'constructor', 'a', 'b', 'c'];
  const data = Array.from({ length: 400 }, (_, i) => [labels[i % 100 < 50 ? 0 : i % 100 < 90 ? 1 : 2 + (i % 3)]!]);
  const p = draftPolicy(scanRows(['occupation'], data, NOW));
  const text = JSON.stringify(p);
  const h = loadHierarchy(JSON.parse(text).columns.occupation.hierarchy, { baseDir: '.', configPath: '' });
  assert.equal(h.lookup('__proto__'), ['__proto__', '__proto__', '*']);
  assert.equal(h.lookup('b'), ['b', 'Other', '*']);
});

test.run();
