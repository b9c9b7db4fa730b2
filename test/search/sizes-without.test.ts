// sizesWithout (the report's "remaining risk driven by") against a naive reference: the class
// sizes of the generalized rows keyed by strings with QI `drop` left out, on random tables.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { groupClasses, sizesWithout } from '../../src/search/generalize.js';
import { mulberry32 } from './brute.js';
import { encodeRaw, randomTable } from './random-tables.js';

test('sizesWithout equals string-keyed grouping of the rows without the dropped QI (random tables, levels, suppression)', () => {
  let cases = 0;
  for (let seed = 1; seed <= 40; seed++) {
    const t = randomTable(seed, seed % 10 === 0);
    const enc = encodeRaw(t);
    const rnd = mulberry32(seed * 7919);
    const levels = enc.quasi.map((q) => Math.floor(rnd() * q.levels));
    const suppressed = new Uint8Array(enc.rows);
    for (let r = 0; r < enc.rows; r++) suppressed[r] = rnd() < 0.1 ? 1 : 0;
    const classes = groupClasses(enc, levels, suppressed);
    for (let drop = 0; drop < enc.quasi.length; drop++) {
      const got = [...sizesWithout(enc, levels, classes, drop)].sort((a, b) => a - b);
      const ref = new Map<string, number>();
      for (let r = 0; r < enc.rows; r++) {
        if (suppressed[r] === 1) continue;
        const key = enc.quasi.map((q, j) => (j === drop ? '' : String(q.genMap[levels[j]!]![q.codes[r]!]))).join('\u0000');
        ref.set(key, (ref.get(key) ?? 0) + 1);
      }
      assert.equal(
        got,
        [...ref.values()].sort((a, b) => a - b),
        `seed ${seed}, drop ${drop}`,
      );
      // A second call on the same class table (representatives reused) gives the same sizes.
      assert.equal(
        [...sizesWithout(enc, levels, classes, drop)].sort((a, b) => a - b),
        got,
        `seed ${seed}, drop ${drop}, again`,
      );
      cases++;
    }
  }
  assert.ok(cases > 80, `${cases} cases`);
});

test('sizesWithout reads the levels it is given, not those of an earlier call on the same class table', () => {
  for (let seed = 1; seed <= 20; seed++) {
    const enc = encodeRaw(randomTable(seed, false));
    const top = enc.quasi.map((q) => q.levels - 1);
    const zeros = enc.quasi.map(() => 0);
    const classes = groupClasses(enc, zeros);
    for (let drop = 0; drop < enc.quasi.length; drop++) {
      sizesWithout(enc, zeros, classes, drop); // computes and keeps the level-0 class codes
      const got = [...sizesWithout(enc, top, classes, drop)];
      // The same class table under another identity: nothing kept for it.
      const fresh = [...sizesWithout(enc, top, { classOf: classes.classOf.slice(), sizes: classes.sizes }, drop)];
      assert.equal(got, fresh, `seed ${seed}, drop ${drop}`);
      // At the top every kept class falls into one group (when more than one QI is left).
      if (enc.quasi.length > 1 && classes.sizes.length > 0) assert.is(got.length, 1, `seed ${seed}, drop ${drop}: one group at the top`);
    }
  }
});

test.run();
