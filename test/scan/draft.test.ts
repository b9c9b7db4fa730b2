import { test } from 'uvu';
import * as assert from 'uvu/assert';
import AjvModule from 'ajv';
import { scanRows, draftPolicy } from '../../src/scan/index.js';
import { policySchema } from '../../src/policy/schema.js';
import { contractSchema } from './contract-schema.js';
import { parsePolicy } from '../../src/policy/load.js';
import { loadHierarchy } from '../../src/hierarchy/load.js';
import { generateDataset } from './generate.js';

// ajv is CommonJS: its class is the default export's `default` under NodeNext.
const Ajv = ((AjvModule as unknown as { default?: unknown }).default ?? AjvModule) as unknown as typeof AjvModule.default;
const NOW = { now: new Date('2025-06-01T00:00:00Z') };
const d = generateDataset();
const findings = scanRows(d.header, d.rows, NOW);
const policy = draftPolicy(findings);
const col = (name: string) => policy.columns[name] as Record<string, any>;

test('the draft of the labelled dataset matches the contract shapes', () => {
  const validate = new Ajv({ allErrors: true, strict: false }).compile(contractSchema);
  assert.ok(validate(policy), JSON.stringify(validate.errors?.slice(0, 3)));
  assert.not.ok(validate({ ...policy, columns: { ...policy.columns, age: { role: 'quasi', reason: 'r' } } }));
  assert.equal(Object.keys(policy.columns), d.header);
  assert.equal(policy.privacy, { k: 5, suppressionLimit: 0.05 });
});

test('the roles and the parts the project schema already defines validate against it', () => {
  // Only `drop` is registered and the privacy section is a placeholder so far: keep the
  // identifier columns that drop, leave privacy out (see the report).
  const partial = {
    version: 1,
    columns: Object.fromEntries(Object.entries(policy.columns).filter(([, c]) => c.role !== 'identifier' || c.operator === 'drop')),
  };
  const validate = new Ajv({ allErrors: true, strict: false, discriminator: true }).compile(policySchema());
  assert.ok(validate(partial), JSON.stringify(validate.errors?.slice(0, 3)));
});

test('each identifier kind gets its operator', () => {
  assert.equal(col('email'), { ...col('email'), operator: 'hmac', variant: 'email', domain: 'keep' });
  for (const c of ['phone', 'card_number']) assert.equal([col(c).operator, col(c).keepEnd, col(c).keepSeparators], ['mask', 4, true]);
  for (const c of ['first_name', 'ssn', 'iban', 'patient_id', 'order_number'])
    assert.equal([col(c).operator, col(c).normalize], ['hmac', ['trim', 'lowercase']]);
  for (const c of ['notes', 'street_address', 'ip_address', 'client_ipv6', 'device_mac', 'homepage']) assert.is(col(c).operator, 'drop');
  assert.equal([col('visit_date').operator, col('visit_date').subject, col('visit_date').maxDays], ['dateShift', 'patient_id', 30]);
});

test('quasi-identifiers get hierarchies built from the observed range', () => {
  const ages = d.rows.map((r) => Number(r[d.header.indexOf('age')]));
  const age = col('age').hierarchy;
  assert.is(age.type, 'interval');
  for (let i = 1; i < age.widths.length; i++) assert.is(age.widths[i] % age.widths[i - 1], 0);
  assert.ok(age.min <= Math.min(...ages) && age.min % age.widths[0] === 0);
  assert.ok(age.max > Math.max(...ages) && age.max % age.widths[0] === 0);
  assert.equal(col('birth_date').hierarchy, { type: 'date', levels: ['month', 'year', '5years', 'decade'] });
  assert.equal(col('zip_code').hierarchy, { type: 'mask' });
  assert.equal(col('sex').hierarchy, { type: 'tree', groups: { '*': ['Female', 'Male'] } });
  // the known marital vocabulary is listed whole ("Single" does not occur in the data)
  assert.equal(col('marital_status').hierarchy.groups, {
    Married: ['Married'],
    'Never married': ['Never married', 'Single'],
    'Previously married': ['Divorced', 'Separated', 'Widowed'],
  });
  for (const c of ['diagnosis', 'income']) assert.equal(Object.keys(col(c)), ['role', 'reason']);
});

test('category labels rarer than k stay out of the policy unless allowed', () => {
  const rows = Array.from({ length: 100 }, (_, i) => [i === 0 ? 'Astronaut' : ['Nurse', 'Clerk'][i % 2]!]);
  const f = scanRows(['occupation'], rows, NOW);
  const held = draftPolicy(f).columns.occupation as Record<string, any>;
  assert.equal(held.hierarchy, { type: 'mask' });
  assert.match(held.reason, /left out/);
  assert.not.ok(JSON.stringify(held).includes('Nurse'));
  const allowed = draftPolicy(f, { allowValuesInPolicy: true }).columns.occupation as Record<string, any>;
  assert.equal(allowed.hierarchy, { type: 'tree', groups: { '*': ['Astronaut', 'Clerk', 'Nurse'] } });
  // with k = 1 every label is common enough
  assert.is((draftPolicy(f, { k: 1 }).columns.occupation as Record<string, any>).hierarchy.type, 'tree');
});

test('decimal ranges get nested decimal widths', () => {
  const rows = Array.from({ length: 50 }, (_, i) => [(0.5 + i * 0.05).toFixed(2)]);
  const f = scanRows(['age'], rows, NOW);
  const h = (draftPolicy(f).columns.age as Record<string, any>).hierarchy;
  assert.equal(h.widths.slice(0, 2), [0.2, 0.4]);
  assert.ok(h.min <= 0.5 && h.max > 2.95);
});

test('no quasi-identifier, no privacy section; the same input drafts the same policy', () => {
  const f = scanRows(
    ['email', 'note'],
    [
      ['a@example.com', 'x'],
      ['b@example.com', 'y'],
    ],
    NOW,
  );
  assert.is(draftPolicy(f).privacy, undefined);
  assert.is(JSON.stringify(draftPolicy(scanRows(d.header, d.rows, NOW))), JSON.stringify(policy));
});

// Issue 11 item 7: `1e999` and ranges past the doubles made scan fail with INTERNAL (the draft
// carried Infinity/NaN bounds, written as null, and failed the schema).
const schemaOk = (p: unknown) => parsePolicy(JSON.stringify(p), 'draft.json');
for (const [name, cells] of [
  ['1e999 among small counts', ['1', '2', '3', '1e999', '4', '0', '2']],
  ['a range wider than the largest double', ['-1.7e308', '1.7e308', '0', '5', '1']],
  ['bounds near the largest double', ['1.7e308', '1.6e308', '1.75e308', '1.79e308']],
  ['integers past 2^53 closer than their precision', ['100000000000000000000', '100000000000000000001', '100000000000000000002']],
  ['a huge integer range', ['0', '12345678901234567890123', '7']],
] as Array<[string, string[]]>) {
  test(`a numeric quasi-identifier with ${name} drafts a schema-valid, finite hierarchy that covers its values`, () => {
    const rows = Array.from({ length: 40 }, (_, i) => [cells[i % cells.length]!]);
    const f = scanRows(['children'], rows, NOW);
    assert.is(f[0]!.role, 'quasi');
    const p = draftPolicy(f);
    assert.not.match(JSON.stringify(p), /null/);
    schemaOk(p);
    const spec = (p.columns.children as Record<string, any>).hierarchy;
    const h = loadHierarchy(spec, { baseDir: '.', configPath: '/columns/children/hierarchy' });
    h.fit?.(cells);
    for (const v of cells) if (Number.isFinite(Number(v))) assert.ok(h.lookup(v) !== undefined, v);
  });
}

test('1e999 is a stray value, not the maximum, of a numeric column', () => {
  const [f] = scanRows(
    ['children'],
    Array.from({ length: 40 }, (_, i) => [i === 7 ? '1e999' : String(i % 4)]),
    NOW,
  );
  assert.is(f!.profile.max, 3);
  assert.is(f!.profile.typeShare, 39 / 40);
});

test.run();
