// Class tables: QI-only grouping with per-class sensitive counts ("hist" kind) and cells of
// (QI, sensitive) tuples ("cells" kind) give the same classes, sizes, histograms and verdicts,
// straight from the rows and rolled up from any finer node, as a string-keyed count on the rows.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hierarchyFromRows } from '../../src/hierarchy/file.js';
import { normalizePrivacy } from '../../src/privacy/normalize.js';
import { compileCriteria } from '../../src/privacy/registry.js';
import { cellsFromRows, rollUp, rollUpUnless, upMapper, type Cells } from '../../src/search/cells.js';
import { createEncoder } from '../../src/search/encode.js';
import { judge } from '../../src/search/evaluate.js';
import { KanonError } from '../../src/errors.js';
import { createBudget } from '../../src/resources.js';
import type { EncodedTable } from '../../src/search/types.js';
import { mulberry32 } from './brute.js';

function randomTable(seed: number): EncodedTable {
  const rnd = mulberry32(seed);
  const m = 2 + Math.floor(rnd() * 2);
  const doms = Array.from({ length: m }, () => 2 + Math.floor(rnd() * 8));
  const qi = doms.map((d, j) => hierarchyFromRows(Array.from({ length: d }, (_, i) => [`q${j}v${i}`, `q${j}g${i >> 1}`, '*'])));
  const sd = [2 + Math.floor(rnd() * 5), 2 + Math.floor(rnd() * 3)];
  const sh = sd.map((d, i) => hierarchyFromRows(Array.from({ length: d }, (_, v) => [`s${i}v${v}`, '*'])));
  const enc = createEncoder({
    file: 't',
    quasi: qi.map((hierarchy, j) => ({ name: `q${j}`, hierarchy })),
    sensitive: sh.map((hierarchy, i) => ({ name: `s${i}`, hierarchy, order: 'lexical' as const })),
  });
  const n = 30 + Math.floor(rnd() * 300);
  const pick = (d: number) => Math.min(d - 1, Math.floor(Math.pow(rnd(), 2) * d));
  for (let r = 0; r < n; r++)
    enc.add(
      doms.map((d, j) => `q${j}v${pick(d)}`),
      sd.map((d, i) => `s${i}v${pick(d)}`),
      r + 2,
    );
  return enc.finish();
}

/** Reference: class key → [size, per sensitive column a count per code], from the rows. */
function reference(t: EncodedTable, levels: number[]): Map<string, number[][]> {
  const out = new Map<string, number[][]>();
  for (let r = 0; r < t.rows; r++) {
    const key = t.quasi.map((q, j) => q.genMap[levels[j]!]![q.codes[r]!]).join(',');
    let e = out.get(key);
    if (e === undefined) {
      e = [[0], ...t.sensitive.map((s) => new Array<number>(s.values.length).fill(0))];
      out.set(key, e);
    }
    e[0]![0]! += 1;
    t.sensitive.forEach((s, i) => {
      e![i + 1]![s.codes[r]!]! += 1;
    });
  }
  return out;
}

/** The same map read from a class table. */
function read(t: EncodedTable, c: Cells): Map<string, number[][]> {
  const out = new Map<string, number[][]>();
  const keyOf = (e: number) => c.q.map((col) => col[e]).join(',');
  for (let k = 0; k < c.classCount; k++) {
    const rep = c.classRep === null ? k : c.classRep[k]!;
    out.set(keyOf(rep), [[c.classSize[k]!], ...c.sCard.map((card) => new Array<number>(card).fill(0))]);
  }
  for (let e = 0; e < c.size; e++) {
    const entry = out.get(keyOf(e))!;
    const k = c.classOf === null ? e : c.classOf[e]!;
    if (c.hist !== null)
      c.sCard.forEach((card, i) => {
        for (let v = 0; v < card; v++) entry[i + 1]![v]! += c.hist![i]![k * card + v]!;
      });
    else
      c.s.forEach((col, i) => {
        entry[i + 1]![col[e]!]! += c.count[e]!;
      });
  }
  return out;
}

const asObj = (m: Map<string, number[][]>) => Object.fromEntries([...m.entries()].sort());

test('hist and cells kinds match the rows, from the rows and rolled up from finer nodes', () => {
  let hist = 0,
    cellsKind = 0;
  for (let seed = 1; seed <= 40; seed++) {
    const t = randomTable(seed);
    const rnd = mulberry32(seed * 31);
    const up = upMapper(t);
    const sens = [0, 1];
    for (let trial = 0; trial < 6; trial++) {
      const hi = t.quasi.map((q) => Math.floor(rnd() * q.levels));
      const lo = hi.map((h) => Math.floor(rnd() * (h + 1)));
      const ref = asObj(reference(t, hi));
      for (const srcFactor of [0, Infinity]) {
        const src = cellsFromRows(t, Int32Array.from(lo), sens, { histFactor: srcFactor }).cells;
        for (const histFactor of [0, 2, Infinity]) {
          const direct = cellsFromRows(t, Int32Array.from(hi), sens, { histFactor }).cells;
          const rolled = rollUp(t, src, Int32Array.from(hi), up, { histFactor });
          const label = `seed ${seed} ${lo}→${hi} src ${srcFactor} kind ${histFactor}`;
          assert.equal(asObj(read(t, direct)), ref, label);
          assert.equal(asObj(read(t, rolled)), ref, label);
          if (rolled.hist !== null) hist++;
          else cellsKind++;
        }
      }
    }
  }
  assert.ok(hist > 100 && cellsKind > 100, `both kinds exercised (${hist} hist, ${cellsKind} cells)`);
});

test('an uncompacted table (one entry per source entry) reads, judges and rolls up like the compacted one', () => {
  let used = 0;
  for (let seed = 1; seed <= 40; seed++) {
    const t = randomTable(seed);
    const p = normalizePrivacy(
      { k: 2, suppressionLimit: 0.5, lDiversity: { column: 's0', variant: 'entropy', l: 1.5 }, tCloseness: { column: 's1', measure: 'ordered', t: 0.3 } },
      ['s0', 's1'],
    );
    const criteria = compileCriteria(t, p);
    const rnd = mulberry32(seed * 13);
    const up = upMapper(t);
    const lo = Int32Array.from(t.quasi.map((q) => Math.floor(rnd() * (q.levels - 1))));
    const raw = cellsFromRows(t, lo, [0, 1], { histFactor: 0, uncompactedAbove: 0 });
    const packed = cellsFromRows(t, lo, [0, 1], { histFactor: 0 });
    if (raw.cells.size === t.rows && packed.cells.size < t.rows) used++;
    assert.equal(asObj(read(t, raw.cells)), asObj(reference(t, [...lo])), `seed ${seed}`);
    assert.equal(raw.classOfRow, packed.classOfRow);
    const v = [raw, packed].map(({ cells, classOfRow }) => {
      const j = judge(t, cells, criteria, [0, 1]);
      return { supp: j.suppressedRows, rows: Array.from(classOfRow, (k) => j.violating[k]) };
    });
    assert.equal(v[0], v[1], `seed ${seed}`);
    const hi = Int32Array.from(lo, (l, j) => Math.min(t.quasi[j]!.levels - 1, l + Math.floor(rnd() * 2)));
    assert.equal(asObj(read(t, rollUp(t, raw.cells, hi, up))), asObj(reference(t, [...hi])), `seed ${seed} → ${hi}`);
  }
  assert.ok(used > 20, `uncompacted tables exercised (${used})`);
});

test('verdicts agree between the kinds for l-diversity and t-closeness on two sensitive columns', () => {
  for (let seed = 1; seed <= 40; seed++) {
    const t = randomTable(seed);
    const p = normalizePrivacy(
      { k: 2, suppressionLimit: 0.5, lDiversity: { column: 's0', variant: 'entropy', l: 1.5 }, tCloseness: { column: 's1', measure: 'ordered', t: 0.3 } },
      ['s0', 's1'],
    );
    const criteria = compileCriteria(t, p);
    const rnd = mulberry32(seed * 17);
    for (let trial = 0; trial < 5; trial++) {
      const levels = Int32Array.from(t.quasi.map((q) => Math.floor(rnd() * q.levels)));
      const verdicts = [0, Infinity].map((histFactor) => {
        const { cells, classOfRow } = cellsFromRows(t, levels, [0, 1], { histFactor });
        const v = judge(t, cells, criteria, [0, 1]);
        return { supp: v.suppressedRows, rows: Array.from({ length: t.rows }, (_, r) => v.violating[classOfRow[r]!]) };
      });
      assert.equal(verdicts[0], verdicts[1], `seed ${seed} ${levels}`);
    }
  }
});

test('rollUpUnless hands the class sizes to stop and returns null when it says so', () => {
  for (let seed = 1; seed <= 10; seed++) {
    const t = randomTable(seed);
    const src = cellsFromRows(t, new Int32Array(t.quasi.length), [0, 1]).cells;
    const hi = Int32Array.from(t.quasi.map((q) => q.levels - 2));
    const ref = [...reference(t, [...hi]).values()].map((e) => e[0]![0]!).sort((a, b) => a - b);
    let seen: number[] = [];
    const stopped = rollUpUnless(t, src, hi, upMapper(t), {
      stop: (size, count) => {
        seen = [...size.subarray(0, count)].sort((a, b) => a - b);
        return true;
      },
    });
    assert.is(stopped, null);
    assert.equal(seen, ref, `seed ${seed}`);
    const kept = rollUpUnless(t, src, hi, upMapper(t), { stop: () => false });
    assert.equal(asObj(read(t, kept!)), asObj(reference(t, [...hi])), `seed ${seed}`);
  }
});

test('maxEntries and the entry bound: null only when the table could exceed it; a table that fits is built in full and is never larger', () => {
  let abandoned = 0,
    built = 0;
  for (let seed = 1; seed <= 40; seed++) {
    const t = randomTable(seed);
    const rnd = mulberry32(seed * 7);
    const up = upMapper(t);
    for (const histFactor of [0, Infinity]) {
      const src = cellsFromRows(t, new Int32Array(t.quasi.length), [0, 1], { histFactor }).cells;
      for (let trial = 0; trial < 4; trial++) {
        const hi = Int32Array.from(t.quasi.map((q) => Math.floor(rnd() * q.levels)));
        const full = rollUp(t, src, hi, up, { histFactor });
        let bound = -1;
        rollUpUnless(t, src, hi, up, {
          histFactor,
          stop: (_s, _c, entryBound) => {
            bound = entryBound();
            return true;
          },
        });
        assert.ok(bound >= full.classCount && (full.hist !== null || bound >= full.size), `bound ${bound} vs ${full.size} entries, ${full.classCount} classes`);
        const lo = Int32Array.from(hi, (l) => Math.max(0, l - 1)); // a finer node's bound is no smaller
        let loBound = -1;
        rollUpUnless(t, src, lo, up, {
          histFactor,
          stop: (_s, _c, entryBound) => {
            loBound = entryBound();
            return true;
          },
        });
        assert.ok(loBound >= bound, `finer bound ${loBound} < ${bound}`);
        for (const max of [full.classCount - 1, full.size, Math.floor(src.size / 2), src.size]) {
          const r = rollUpUnless(t, src, hi, up, { histFactor, maxEntries: max });
          const label = `seed ${seed} ${hi} max ${max}`;
          if (full.classCount > max) assert.is(r, null, label); // fewer entries than classes is impossible
          if (r === null) {
            abandoned++;
            continue;
          }
          built++;
          assert.ok(r.size <= max, label);
          assert.equal(asObj(read(t, r)), asObj(reference(t, [...hi])), label);
        }
      }
    }
  }
  assert.ok(abandoned > 50 && built > 50, `both outcomes exercised (${abandoned} abandoned, ${built} built)`);
});

test('class tables and verdicts reserve their arrays on the budget: RESOURCE_LIMIT past it, nothing kept', () => {
  const t = randomTable(3);
  const p = normalizePrivacy({ k: 2, suppressionLimit: 0.5, tCloseness: { column: 's1', measure: 'ordered', t: 0.3 } }, ['s0', 's1']);
  const criteria = compileCriteria(t, p);
  const zero = new Int32Array(t.quasi.length);
  for (const histFactor of [0, Infinity]) {
    const tiny = createBudget(512);
    let err: unknown;
    try {
      cellsFromRows(t, zero, [1], { histFactor, budget: tiny });
    } catch (e) {
      err = e;
    }
    assert.instance(err, KanonError);
    assert.is((err as KanonError).code, 'RESOURCE_LIMIT');
    assert.match((err as KanonError).message, /^search: /);
    const roomy = createBudget(64 * 1024 * 1024);
    const { cells } = cellsFromRows(t, zero, [1], { histFactor, budget: roomy });
    assert.is(roomy.reserved, 0);
    assert.equal(judge(t, cells, criteria, [1], roomy), judge(t, cells, criteria, [1]));
    if (cells.hist === null) {
      const full = createBudget(64 * 1024 * 1024);
      full.reserve('held', 64 * 1024 * 1024 - 64);
      let e2: unknown;
      try {
        judge(t, cells, criteria, [1], full);
      } catch (e) {
        e2 = e;
      }
      assert.is((e2 as KanonError).code, 'RESOURCE_LIMIT');
    }
  }
});

test('verdicts on a sensitive column of ~15,000 values equal the definitions, in both kinds', () => {
  const rnd = mulberry32(99);
  const qi = [0, 1].map((j) => hierarchyFromRows(Array.from({ length: 12 }, (_, i) => [`q${j}v${i}`, `q${j}g${i >> 2}`, '*'])));
  const V = 20_000;
  const enc = createEncoder({ file: 't', quasi: qi.map((hierarchy, j) => ({ name: `q${j}`, hierarchy })), sensitive: [{ name: 'income', order: 'numeric' }] });
  const n = 30_000;
  for (let r = 0; r < n; r++)
    enc.add([`q0v${Math.floor(rnd() * 12)}`, `q1v${Math.floor(Math.pow(rnd(), 2) * 12)}`], [String(Math.floor(Math.pow(rnd(), 1.5) * V))], r + 2);
  const t = enc.finish();
  const m = t.sensitive[0]!.values.length;
  assert.ok(m > 12_000, `${m} distinct values`);
  const codes = t.sensitive[0]!.codes,
    g = t.sensitive[0]!.global;
  const F = new Float64Array(m);
  for (let i = 0, c = 0; i < m; i++) {
    c += g[i]!;
    F[i] = c;
  }
  const p = normalizePrivacy(
    {
      suppressionLimit: 1,
      tCloseness: { column: 'income', measure: 'ordered', t: 0.05 },
      lDiversity: [
        { column: 'income', variant: 'entropy', l: 60 },
        { column: 'income', variant: 'recursive', l: 3, c: 0.02 },
      ],
    },
    ['income'],
  );
  const criteria = compileCriteria(t, p);
  let failing = 0,
    passing = 0;
  for (const levels of [
    [0, 0],
    [1, 0],
    [0, 1],
    [1, 1],
    [2, 0],
  ]) {
    // independent: per class, dense counts over all m values, the definitions written out
    const rows = new Map<string, number[]>();
    for (let r = 0; r < n; r++) {
      const key = t.quasi.map((q, j) => q.genMap[levels[j]!]![q.codes[r]!]).join(',');
      let a = rows.get(key);
      if (!a) rows.set(key, (a = []));
      a.push(r);
    }
    const bad = new Map<string, boolean>();
    for (const [key, rs] of rows) {
      const cnt = new Float64Array(m);
      for (const r of rs) cnt[codes[r]!]! += 1;
      let fp = 0,
        emd = 0,
        h = 0;
      const present: number[] = [];
      for (let i = 0; i < m; i++) {
        const c = cnt[i]!;
        if (c > 0) {
          present.push(c);
          h -= (c / rs.length) * Math.log(c / rs.length);
        }
        if (i < m - 1) {
          fp += c / rs.length;
          emd += Math.abs(fp - F[i]!);
        }
      }
      emd /= m - 1;
      present.sort((a, b) => b - a);
      const rec = present.length >= 3 && present[0]! < 0.02 * present.slice(2).reduce((a, b) => a + b, 0);
      bad.set(key, !(emd <= 0.05 + 1e-9 && Math.exp(h) >= 60 - 1e-9 && rec));
    }
    for (const histFactor of [0, Infinity]) {
      const { cells, classOfRow } = cellsFromRows(t, Int32Array.from(levels), [0], { histFactor });
      assert.is(cells.hist === null, histFactor === 0);
      const v = judge(t, cells, criteria, [0]);
      for (let r = 0; r < n; r++) {
        const key = t.quasi.map((q, j) => q.genMap[levels[j]!]![q.codes[r]!]).join(',');
        if ((v.violating[classOfRow[r]!] === 1) !== bad.get(key)) assert.unreachable(`levels ${levels} histFactor ${histFactor}: class ${key}`);
      }
    }
    for (const b of bad.values())
      if (b) failing++;
      else passing++;
  }
  assert.ok(failing > 3 && passing > 3, `both verdicts exercised (${failing} failing, ${passing} passing classes)`);
});

test.run();
