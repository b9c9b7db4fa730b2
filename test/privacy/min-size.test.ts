// Criterion.minSize (the search's monotone necessary condition): every class with fewer rows
// fails the criterion whatever it holds. Checked exhaustively on small domains (every count
// vector of each size below minSize) and, for minEmdEqual, against the EMD of every vector.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hierarchyFromRows } from '../../src/hierarchy/file.js';
import { emdEqual, minEmdEqual, sparseOf } from '../../src/privacy/measures.js';
import { normalizePrivacy, type RawPrivacy } from '../../src/privacy/normalize.js';
import { compileCriteria } from '../../src/privacy/registry.js';
import { createEncoder } from '../../src/search/encode.js';
import { mulberry32 } from '../search/brute.js';

/** Every vector of d non-negative counts summing to s. */
function* vectors(d: number, s: number): Generator<number[]> {
  if (d === 1) {
    yield [s];
    return;
  }
  for (let a = 0; a <= s; a++) for (const rest of vectors(d - 1, s - a)) yield [a, ...rest];
}

function table(seed: number, d: number) {
  const rnd = mulberry32(seed);
  const sh = hierarchyFromRows(Array.from({ length: d }, (_, v) => [`s${v}`, `g${v >> 1}`, '*']));
  const enc = createEncoder({
    file: 't',
    quasi: [{ name: 'q', hierarchy: hierarchyFromRows([['a', '*']]) }],
    sensitive: [{ name: 's', hierarchy: sh, order: 'lexical' }],
  });
  const n = 20 + Math.floor(rnd() * 60);
  for (let r = 0; r < n; r++) enc.add(['a'], [`s${r < d ? r : Math.floor(Math.pow(rnd(), 2) * d)}`], r + 2);
  return enc.finish();
}

test('minEmdEqual is the least equal-distance EMD over all classes of that size', () => {
  for (let seed = 1; seed <= 20; seed++) {
    const t = table(seed, 2 + (seed % 3));
    const g = t.sensitive[0]!.global;
    for (let s = 1; s <= 7; s++) {
      let best = Infinity;
      for (const v of vectors(g.length, s)) best = Math.min(best, emdEqual(v, g));
      assert.ok(Math.abs(minEmdEqual(g, s) - best) < 1e-12, `seed ${seed} size ${s}: ${minEmdEqual(g, s)} vs ${best}`);
    }
  }
});

test('classes below minSize fail every model (k, l variants, t measures), and minSize can exceed 1', () => {
  const configs: RawPrivacy[] = [
    { k: 4 },
    { lDiversity: { column: 's', l: 3 } },
    { lDiversity: { column: 's', variant: 'entropy', l: 2.5 } },
    { lDiversity: { column: 's', variant: 'recursive', l: 2, c: 2 } },
    { tCloseness: { column: 's', t: 0.15 } },
    { tCloseness: { column: 's', measure: 'ordered', t: 0.05 } },
    { tCloseness: { column: 's', measure: 'hierarchical', t: 0.1 } },
  ];
  let above1 = 0;
  for (let seed = 1; seed <= 12; seed++) {
    const t = table(seed, 3 + (seed % 3));
    for (const raw of configs) {
      const [c] = compileCriteria(t, normalizePrivacy(raw, ['s'], ['s']));
      if (c!.minSize > 1) above1++;
      for (let s = 1; s < Math.min(c!.minSize, 9); s++) {
        for (const v of vectors(t.sensitive[0]!.values.length, s)) {
          assert.not.ok(c!.ok(s, sparseOf(v)), `seed ${seed} ${JSON.stringify(raw)} size ${s} [${v}] passes below minSize ${c!.minSize}`);
        }
      }
      // equal-distance t-closeness, k and distinct l: the bound is tight (some class of minSize passes)
      const tight =
        raw.k !== undefined ||
        ((raw.tCloseness as { measure?: string } | undefined)?.measure === undefined && raw.tCloseness !== undefined) ||
        ((raw.lDiversity as { variant?: string } | undefined)?.variant === undefined && raw.lDiversity !== undefined);
      if (tight && c!.minSize <= 8) {
        const s = c!.minSize;
        assert.ok(
          [...vectors(t.sensitive[0]!.values.length, s)].some((v) => c!.ok(s, sparseOf(v))),
          `seed ${seed} ${JSON.stringify(raw)} no class of size ${s} passes`,
        );
      }
    }
  }
  assert.ok(above1 > 40, `minSize above 1 in ${above1} cases`);
});

test.run();
