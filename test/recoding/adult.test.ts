// Mondrian on Adult (nine QIs), checked from the written labels: k, the classes, and the Loss
// recomputed by an independent scorer that also reproduces the global search's Loss from its
// labels (one scale for both modes). ADULT_REPORT=1 prints both modes for k = 2, 5, 10, 50.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadHierarchy } from '../../src/hierarchy/load.js';
import type { Hierarchy } from '../../src/hierarchy/types.js';
import { normalizePrivacy, type RawPrivacy } from '../../src/privacy/normalize.js';
import { mondrian } from '../../src/recoding/mondrian.js';
import { rowLabeler } from '../../src/search/generalize.js';
import { search } from '../../src/search/search.js';
import { ADULT_COLUMNS, ADULT_DIR, adultRows, encodeAdult } from '../search/adult-helpers.js';
import { checkRelease } from './check.js';

const { header, rows } = adultRows();
const hier = (c: string): Hierarchy => loadHierarchy(`adult_hierarchy_${c}.csv`, { baseDir: ADULT_DIR, configPath: '' });
const qi = ADULT_COLUMNS.map(hier);
const raw = rows.map((r) => ADULT_COLUMNS.map((c) => r[header.indexOf(c)]!));
const all = encodeAdult(ADULT_COLUMNS);

/** ARX Loss of written labels, from the hierarchy files alone: a label covers the leaves whose
 *  path holds it (a node) or whose number lies in it ("[lo,hi]"); suppressed rows count 1. */
function scoreLabels(out: (string[] | null)[]): number {
  const m = qi.length;
  let prod = 1;
  for (let j = 0; j < m; j++) {
    const leaves = qi[j]!.leaves!;
    const paths = leaves.map((v) => qi[j]!.lookup(v)!);
    const memo = new Map<string, number>();
    const covered = (lab: string): number => {
      let c = memo.get(lab);
      if (c === undefined) {
        const range = /^\[(.+),(.+)\]$/.exec(lab);
        c = range ? leaves.filter((v) => Number(range[1]) <= Number(v) && Number(v) <= Number(range[2])).length : paths.filter((p) => p.includes(lab)).length;
        memo.set(lab, c);
      }
      return c;
    };
    let s = 0;
    for (const o of out) s += o === null ? 1 : (covered(o[j]!) - 1) / (leaves.length - 1);
    prod *= Math.pow(s / out.length + 1, 1 / m);
  }
  return prod - 1;
}

function local(privacy: RawPrivacy) {
  const r = mondrian(all, normalizePrivacy(privacy, []));
  const out = raw.map((_, i) => (r.suppressed[i] ? null : ADULT_COLUMNS.map((_c, j) => r.label(j, i))));
  return { r, out, classes: new Set(out.filter((o) => o !== null).map((o) => o.join('\u0001'))).size };
}
function global(privacy: RawPrivacy) {
  const g = search(all, normalizePrivacy(privacy, []));
  const label = rowLabeler(all, g.levels);
  const out = raw.map((_, i) => (g.suppressed[i] ? null : ADULT_COLUMNS.map((_c, j) => label(j, i))));
  return { g, out };
}

test('Adult, nine QIs, k=5 at 5 %: the written labels give k ≥ 5, ≥ 2,500 classes and a Loss below the full-domain optimum', () => {
  const { r, out, classes } = local({ k: 5, suppressionLimit: 0.05 });
  assert.ok(r.found);
  assert.is(checkRelease({ rows: raw, sens: raw.map(() => ''), out, qi }, { k: 5 }), undefined);
  assert.ok(classes >= 2500, `${classes} classes`);
  assert.is(r.sizes.length, classes);
  const loss = scoreLabels(out);
  assert.ok(Math.abs(loss - r.loss) < 1e-9, `scored ${loss}, reported ${r.loss}`);
  const { g, out: gOut } = global({ k: 5, suppressionLimit: 0.05 });
  assert.ok(Math.abs(scoreLabels(gOut) - g.loss) < 1e-9, "the scorer reproduces the global search's Loss from its labels");
  assert.ok(Math.abs(g.loss - 0.2419) < 5e-5, `full-domain optimum ${g.loss}`);
  assert.ok(loss < g.loss, `local ${loss} vs global ${g.loss}`);
});

test('Adult, k=5 with distinct 3-diversity on occupation (eight QIs): every written class passes', () => {
  const eight = ADULT_COLUMNS.filter((c) => c !== 'occupation');
  const enc = encodeAdult(eight, ['occupation']);
  const r = mondrian(enc, normalizePrivacy({ k: 5, lDiversity: { column: 'occupation', l: 3 } }, ['occupation']));
  assert.ok(r.found);
  const occ = rows.map((x) => x[header.indexOf('occupation')]!);
  const raw8 = rows.map((x) => eight.map((c) => x[header.indexOf(c)]!));
  const out = raw8.map((_, i) => (r.suppressed[i] ? null : eight.map((_c, j) => r.label(j, i))));
  assert.is(checkRelease({ rows: raw8, sens: occ, out, qi: eight.map(hier) }, { k: 5, l: { variant: 'distinct', l: 3 } }), undefined);
  assert.ok(r.sizes.length > 1000, `${r.sizes.length} classes`);
});

test.after(() => {
  if (!process.env.ADULT_REPORT) return;
  console.log('| k | global loss | global classes | global suppressed | local loss | local classes | local suppressed | local ms |');
  for (const k of [2, 5, 10, 50]) {
    const p = { k, suppressionLimit: 0.05 };
    const { g } = global(p);
    const { r, classes } = local(p);
    console.log(
      `| ${k} | ${g.loss.toFixed(4)} | ${g.classCount} | ${g.suppressedCount} | ${r.loss.toFixed(4)} | ${classes} | ${r.suppressedCount} | ${r.ms.toFixed(0)} |`,
    );
  }
});
test.run();
