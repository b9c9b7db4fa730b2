// The full-domain export decision as plain tables (releaseTables/releaseFrom, src/plan/release.ts):
// what the export's worker threads get. Two ReleaseRows over copies of one table (as two threads
// hold them after structured clone) share the record slots: every planned record is released
// once in all, whichever copy sees it, and one record more than planned finds no slot.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cities, encodeAgeCity } from '../helpers/age-city.js';
import { NotPlanned, releaseFrom, releasePlan, releaseTables } from '../../src/plan/release.js';
import { mulberry32 } from '../../src/prng.js';
import { KanonError } from '../../src/errors.js';

function table(seed: number) {
  const rnd = mulberry32(seed);
  const rows: string[][] = [];
  for (let i = 0; i < 300; i++) rows.push([`r${i}`, String(20 + Math.floor(rnd() * 40)), cities[Math.floor(rnd() * 4)]!, `d${Math.floor(rnd() * 3)}`]);
  return { rows, enc: encodeAgeCity(rows) };
}

test('copies of one release table share its slots: each record is released once, one more finds none', () => {
  for (let seed = 1; seed <= 5; seed++) {
    const { rows, enc } = table(seed);
    const levels = [2, 1];
    // Suppress one whole class (all records with the first record's generalized tuple).
    const gen = enc.quasi.map((q, j) => q.genMap[levels[j]!]!);
    const key = (r: number) => enc.quasi.map((q, j) => gen[j]![q.codes[r]!]).join(',');
    const suppressed = new Uint8Array(enc.rows);
    for (let r = 0; r < enc.rows; r++) suppressed[r] = key(r) === key(0) ? 1 : 0;
    const tables = releaseTables(enc, levels, suppressed);
    const copy = structuredClone(tables);
    const a = releaseFrom(tables, [1, 2], [3]);
    const b = releaseFrom(copy, [1, 2], [3]);
    const single = releasePlan(enc, levels, suppressed, [1, 2], [3]);
    rows.forEach((row, i) => {
      const rel = i % 2 === 0 ? a : b;
      const got = rel.suppressed(row);
      assert.is(got, suppressed[i] === 1, `seed ${seed} row ${i}`);
      assert.is(got, single.suppressed(row));
      if (!got) assert.is(rel.label(1, row[2]!, row), single.label(1, row[2]!, row));
    });
    // Every slot is used up, on both copies: the first record again has none.
    assert.throws(
      () => a.suppressed([...rows[0]!]),
      (e: unknown) => e instanceof NotPlanned,
    );
    assert.throws(
      () => b.suppressed([...rows[1]!]),
      (e: unknown) => e instanceof NotPlanned,
    );
    // A value the plan pass never saw.
    assert.throws(
      () => releaseFrom(structuredClone(tables), [1, 2], [3]).suppressed(['x', '30', 'Rome', 'd0']),
      (e: unknown) => e instanceof NotPlanned,
    );
  }
});

test('a slot (generalized QIs, sensitive codes) both kept and suppressed is refused: INTERNAL', () => {
  const { rows, enc } = table(7);
  const levels = [2, 1];
  const gen = enc.quasi.map((q, j) => q.genMap[levels[j]!]!);
  const slot = (r: number) => [...enc.quasi.map((q, j) => gen[j]![q.codes[r]!]), enc.sensitive[0]!.codes[r]].join(',');
  const twin = rows.findIndex((_, r) => r > 0 && slot(r) === slot(0));
  assert.ok(twin > 0, 'the table has a slot of two records');
  const suppressed = new Uint8Array(enc.rows);
  suppressed[0] = 1; // one of the two
  assert.throws(
    () => releaseTables(enc, levels, suppressed),
    (e: unknown) => e instanceof KanonError && e.code === 'INTERNAL',
  );
  // Whole slots suppressed (here: every record of the first record's slot) are accepted.
  for (let r = 0; r < enc.rows; r++) suppressed[r] = slot(r) === slot(0) ? 1 : 0;
  const t = releaseTables(enc, levels, suppressed);
  const rel = releaseFrom(t, [1, 2], [3]);
  assert.is(rel.suppressed(rows[twin]!), true);
});

test.run();
