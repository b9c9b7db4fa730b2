// kanon sql: quoting and literal escaping per dialect, the Spark text (no Spark here: checked
// as text against Spark's documented syntax), and the refusals — keyed operators (never a key
// in SQL), l-diversity / t-closeness, unsupported thresholds and operators, a changed policy
// (PLAN_MISMATCH from kanon's own plan loader) — with their codes and config paths.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DIALECT, tableName } from '../../src/sql/dialect.js';
import { fixture, kanon, tempDir } from '../helpers/cli.js';
import { duckRows, pgUnavailable, psql } from './engines.js';

const dir = tempDir();
const pgWhy = pgUnavailable();
const KEY = 'c0ffee'.repeat(11);
const POLICY = join(dir, 'people.policy.json');
const base = {
  columns: {
    id: { role: 'identifier', operator: 'drop' },
    name: { role: 'identifier', operator: 'redact' },
    email: { role: 'identifier', operator: 'mask', keepEnd: 4 },
    birth_date: { role: 'quasi', hierarchy: { type: 'date', levels: ['year', 'decade'] } },
    zip: { role: 'quasi', hierarchy: { type: 'mask' } },
    sex: { role: 'quasi', hierarchy: { type: 'tree', groups: { '*': ['F', 'M'] } } },
    age: { role: 'quasi', hierarchy: { type: 'interval', widths: [10, 20], min: 0, max: 120 } },
    diagnosis: { role: 'sensitive' },
    visit_date: { role: 'insensitive' },
  },
  privacy: { k: 2, suppressionLimit: 0.2 },
};
const write = (name: string, policy: unknown): string => {
  const p = join(dir, name);
  writeFileSync(p, JSON.stringify(policy, null, 2));
  return p;
};
write('people.policy.json', base);
const PLAN = join(dir, 'plan.json');
const made = kanon(['plan', fixture('people.csv'), '-p', POLICY, '--plan-out', PLAN]);

const tricky = ["it's", 'back\\slash', "both \\' end", '"dq"', 'new\nline', 'é😀'];

test('string literals round-trip in DuckDB and PostgreSQL, and Spark escapes backslashes', async () => {
  for (const t of tricky) {
    const [[got]] = (await duckRows(`SELECT ${DIALECT.duckdb.str(t)}`)) as [[string]];
    assert.is(got, t);
    if (!pgWhy) {
      const r = psql(`SELECT ${DIALECT.postgres.str(t)} AS x`);
      assert.is(r.code, 0, r.stderr);
      assert.is(r.rows[0]![0], t);
    }
  }
  assert.is(DIALECT.spark.str("a'b\\c"), "'a\\'b\\\\c'");
  assert.is(DIALECT.duckdb.str("a'b\\c"), "'a''b\\c'");
  assert.throws(
    () => DIALECT.postgres.str('a\u0000b'),
    (e: Error & { code?: string }) => e.code === 'SQL_UNSUPPORTED',
  );
});

test('identifiers are quoted per dialect, quote characters doubled, schema.table parts apart', async () => {
  assert.is(DIALECT.duckdb.ident('a"b'), '"a""b"');
  assert.is(DIALECT.postgres.ident('a"b'), '"a""b"');
  assert.is(DIALECT.spark.ident('a`b'), '`a``b`');
  assert.is(tableName(DIALECT.spark, 'db.people'), '`db`.`people`');
  assert.is(tableName(DIALECT.postgres, 'public.people'), '"public"."people"');
  const [[got]] = (await duckRows(`SELECT 7 AS ${DIALECT.duckdb.ident('we"ird col')}`)) as [[string]];
  assert.is(got, '7');
});

test('the Spark apply query is written in Spark SQL: backticks, RLIKE with \\z, raise_error, STRING casts', () => {
  assert.is(made.code, 0, made.stderr);
  const r = kanon(['sql', '--dialect', 'spark', '-p', POLICY, '--table', 'db.people', '--plan', PLAN]);
  assert.is(r.code, 0, r.stderr);
  const sql = r.stdout;
  assert.ok(sql.includes('FROM `db`.`people`'));
  assert.ok(sql.includes('CAST(`age` AS STRING)'));
  assert.ok(/RLIKE '\^\(\?:[^']*\)\\\\z'/.test(sql), 'RLIKE anchored with \\z (backslash escaped in the literal)');
  assert.ok(sql.includes('raise_error('));
  assert.ok(sql.includes('COUNT(*) OVER (PARTITION BY `birth_date`, `zip`, `sex`, `age`)'));
  const code = sql.replace(/'(?:[^'\\]|\\.)*'/g, "''"); // string literals (Spark escapes) out
  assert.not.ok(code.includes('"'), 'no double-quoted identifiers in Spark');
  assert.not.ok(sql.includes('regexp_full_match'));
  const released = sql
    .split('\n')
    .filter((l) => l.startsWith('SELECT '))
    .pop()!;
  assert.is(released, 'SELECT `name`, `email`, `birth_date`, `zip`, `sex`, `age`, `diagnosis`, `visit_date`', 'the dropped column is not released');
});

test('the frequency query prints without a plan, also for a policy with keyed operators (they are not in it)', () => {
  const r = kanon(['sql', '--dialect', 'postgres', '-p', fixture('people-full.policy.json'), '--table', 'people'], { env: { KANON_KEY: KEY } });
  assert.is(r.code, 0, r.stderr);
  assert.ok(r.stdout.includes('COUNT(*) AS "count"'));
  assert.ok(r.stdout.includes('GROUP BY'));
  assert.not.ok(r.stdout.includes('"email"'));
  const c = kanon(['sql', '--dialect', 'duckdb', '-p', POLICY, '--table', 'people', '--count-column', 'n']);
  assert.ok(c.stdout.includes('COUNT(*) AS "n"'));
  assert.is(kanon(['sql', '--dialect', 'duckdb', '-p', POLICY, '--table', 'people', '--count-column', 'age']).code, 2);
});

const refusal = (policy: unknown, want: { code: string; path: string }) => {
  const p = write(`r-${want.path.replace(/\W/g, '_')}.json`, policy);
  const r = kanon(['sql', '--dialect', 'duckdb', '-p', p, '--table', 'people', '--plan', PLAN, '--only', 'apply'], { env: { KANON_KEY: KEY } });
  assert.is(r.code, 2, r.stderr);
  assert.ok(r.stderr.includes(`error ${want.code}`), r.stderr);
  assert.ok(r.stderr.includes(want.path), r.stderr);
  assert.is(r.stdout, '', 'no partial SQL');
  assert.not.ok(r.stderr.includes(KEY));
  return r;
};

test('keyed operators are refused, naming the column config path and kanon run; no key is ever read or printed', () => {
  for (const op of [{ operator: 'hmac' }, { operator: 'ff1' }, { operator: 'dateShift', subject: 'name' }]) {
    const r = refusal({ ...base, columns: { ...base.columns, id: { role: 'identifier', ...op } } }, { code: 'SQL_UNSUPPORTED', path: '/columns/id/operator' });
    assert.ok(r.stderr.includes('kanon run'));
  }
  const full = kanon(['sql', '--dialect', 'postgres', '-p', fixture('people-full.policy.json'), '--table', 'people', '--plan', PLAN], {
    env: { KANON_KEY: KEY },
  });
  assert.is(full.code, 2);
  assert.ok(full.stderr.includes('SQL_UNSUPPORTED'));
  assert.is(full.stdout, '');
});

test('l-diversity, t-closeness, unsupported thresholds and mask keepSeparators are refused with their config paths', () => {
  refusal(
    { ...base, privacy: { ...base.privacy, lDiversity: { column: 'diagnosis', variant: 'distinct', l: 2 } } },
    { code: 'SQL_UNSUPPORTED', path: '/privacy/lDiversity' },
  );
  refusal(
    { ...base, privacy: { ...base.privacy, tCloseness: { column: 'diagnosis', measure: 'equal', t: 0.5 } } },
    { code: 'SQL_UNSUPPORTED', path: '/privacy/tCloseness' },
  );
  refusal({ ...base, risk: { thresholds: { maxAverageRisk: 0.5 } } }, { code: 'SQL_UNSUPPORTED', path: '/risk/thresholds/maxAverageRisk' });
  refusal(
    { ...base, columns: { ...base.columns, email: { role: 'identifier', operator: 'mask', keepSeparators: true } } },
    { code: 'SQL_UNSUPPORTED', path: '/columns/email/keepSeparators' },
  );
});

test('a policy changed since the plan was made is PLAN_MISMATCH (kanon run --plan refuses it too)', () => {
  const changed = write('changed.json', { ...base, privacy: { k: 3, suppressionLimit: 0.2 } });
  const r = kanon(['sql', '--dialect', 'duckdb', '-p', changed, '--table', 'people', '--plan', PLAN]);
  assert.is(r.code, 2);
  assert.ok(r.stderr.includes('PLAN_MISMATCH'), r.stderr);
  assert.is(kanon(['run', fixture('people.csv'), '-p', changed, '--plan', PLAN]).code, 2);
  assert.is(r.stdout, '');
});

test('usage errors: unknown dialect, --only apply without --plan, a missing plan file', () => {
  const a = kanon(['sql', '--dialect', 'oracle', '-p', POLICY, '--table', 't']);
  assert.is(a.code, 2);
  const b = kanon(['sql', '--dialect', 'duckdb', '-p', POLICY, '--table', 't', '--only', 'apply']);
  assert.is(b.code, 2);
  assert.ok(b.stderr.includes('USAGE'));
  const c = kanon(['sql', '--dialect', 'duckdb', '-p', POLICY, '--table', 't', '--plan', join(dir, 'nope.json')]);
  assert.is(c.code, 2);
  assert.ok(c.stderr.includes('PLAN_READ'));
  const h = kanon(['sql', '--help']);
  assert.is(h.code, 0);
  assert.ok(h.stdout.includes('kanon sql --dialect postgres'));
});

test.run();
