import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { KanonError } from '../../src/errors.js';
import { hierarchyFromRows } from '../../src/hierarchy/file.js';
import { prepareEmdHierarchical, sparseOf } from '../../src/privacy/measures.js';
import { normalizePrivacy } from '../../src/privacy/normalize.js';
import { compileCriteria } from '../../src/privacy/registry.js';
import { createEncoder } from '../../src/search/encode.js';

function code(fn: () => unknown): { code: string; path?: string } {
  try {
    fn();
  } catch (e) {
    assert.instance(e, KanonError);
    const w = (e as KanonError).where;
    return { code: (e as KanonError).code, ...(w.path !== undefined ? { path: w.path } : {}) };
  }
  return { code: 'none' };
}

test('normalizePrivacy: defaults, single object or list, errors with config paths', () => {
  const p = normalizePrivacy({ k: 5 }, []);
  assert.equal(p, { k: 5, suppressionLimit: 0, lDiversity: [], tCloseness: [], metric: 'loss', suppressedOutput: 'remove', recoding: 'global' });
  const q = normalizePrivacy({ lDiversity: { column: 'occ', l: 3 } }, ['occ']);
  assert.is(q.k, 1);
  assert.equal(q.lDiversity, [{ column: 'occ', variant: 'distinct', l: 3 }]);
  assert.equal(
    code(() => normalizePrivacy({ k: 2, lDiversity: [{ column: 'x', l: 2 }] }, ['occ'])),
    { code: 'POLICY_INVALID', path: '/privacy/lDiversity/0/column' },
  );
  assert.equal(
    code(() => normalizePrivacy({}, [])),
    { code: 'POLICY_INVALID', path: '/privacy' },
  );
  assert.equal(code(() => normalizePrivacy(undefined, [])).code, 'POLICY_INVALID');
  assert.equal(code(() => normalizePrivacy({ lDiversity: { column: 'occ', variant: 'recursive', l: 2 } }, ['occ'])).code, 'POLICY_INVALID');
  assert.equal(
    code(() => normalizePrivacy({ tCloseness: { column: 'occ', measure: 'hierarchical', t: 0.1 } }, ['occ'])),
    { code: 'POLICY_INVALID', path: '/privacy/tCloseness/measure' },
  );
});

test('hierarchical EMD matches a hand computation (Li et al. 2007 §4.2)', () => {
  // leaves a,b under X; c,d under Y. Class all "a", global uniform:
  // move .25 a→b at height 1 (cost ½·.25) and .5 X→Y at height 2 (cost 1·.5) = .625
  const gm = [Int32Array.from([0, 1, 2, 3]), Int32Array.from([0, 0, 1, 1]), Int32Array.from([0, 0, 0, 0])];
  const u = [0.25, 0.25, 0.25, 0.25];
  const emd = (c: number[]) => prepareEmdHierarchical(gm, u)(sparseOf(c));
  assert.ok(Math.abs(emd([4, 0, 0, 0]) - 0.625) < 1e-12);
  assert.ok(Math.abs(emd([1, 1, 1, 1])) < 1e-12);
  // a and b only: only the top-level move: .5 at cost 1
  assert.ok(Math.abs(emd([1, 1, 0, 0]) - 0.5) < 1e-12);
});

test('compiled models judge classes: k, distinct/entropy/recursive l, t', () => {
  const hs = hierarchyFromRows([
    ['a', 'X', '*'],
    ['b', 'X', '*'],
    ['c', 'Y', '*'],
    ['d', 'Y', '*'],
  ]);
  const enc = createEncoder({ file: 't', quasi: [], sensitive: [{ name: 's', hierarchy: hs }] });
  for (const v of ['a', 'b', 'c', 'd']) enc.add([], [v], 2);
  const t = enc.finish();
  const one = (raw: Parameters<typeof normalizePrivacy>[0]) => compileCriteria(t, normalizePrivacy(raw, ['s'], ['s']));
  const [k] = one({ k: 3 });
  assert.ok(k!.ok(3, undefined));
  assert.not.ok(k!.ok(2, undefined));
  const [d] = one({ lDiversity: { column: 's', l: 2 } });
  assert.ok(d!.ok(2, sparseOf([1, 1, 0, 0])));
  assert.not.ok(d!.ok(2, sparseOf([2, 0, 0, 0])));
  const [e] = one({ lDiversity: { column: 's', variant: 'entropy', l: 2 } });
  assert.ok(e!.ok(2, sparseOf([1, 1, 0, 0])));
  assert.not.ok(e!.ok(3, sparseOf([2, 1, 0, 0])));
  const [r] = one({ lDiversity: { column: 's', variant: 'recursive', l: 2, c: 2 } });
  assert.ok(r!.ok(4, sparseOf([3, 1, 1, 0])));
  assert.not.ok(r!.ok(4, sparseOf([4, 1, 0, 0])));
  const [te] = one({ tCloseness: { column: 's', t: 0.5 } });
  assert.ok(te!.ok(2, sparseOf([1, 1, 0, 0])));
  assert.not.ok(te!.ok(1, sparseOf([1, 0, 0, 0])));
  const [th] = one({ tCloseness: { column: 's', measure: 'hierarchical', t: 0.5 } });
  assert.ok(th!.ok(2, sparseOf([1, 1, 0, 0])));
  assert.not.ok(th!.ok(1, sparseOf([1, 0, 0, 0])));
  assert.is(one({ k: 1, tCloseness: { column: 's', t: 1 } }).length, 1); // k = 1 adds no criterion
});

test.run();
