// The export pass's view of the plan (issue 11 item 2): each record's generalized labels and
// its suppression are computed from its own cells — QI values → the plan pass's dictionary
// codes → generalized codes → class → suppressed? — never from its row number, so a record
// whose input changed between the passes cannot be released under another record's decision.
// Every released record also takes one of the plan's (class, sensitive values) slots (a
// frequency set's entry gives as many slots as its count): an
// inserted, changed or repeated record finds none and stops the export before it is written,
// so what was written is always a subset of what the report describes.
import { KanonError } from '../errors.js';
import type { EncodedTable } from '../search/index.js';
import type { LocalRecoding } from '../recoding/mondrian.js';

export interface ReleaseRow {
  /** True when the record is suppressed (throws INPUT_READ when it is not the plan's). */
  suppressed(row: readonly string[]): boolean;
  /** The generalized label of quasi-identifier j for `value` (a value of the plan pass) in
   *  record `row` (full-domain labels depend on the value alone; local recoding's on the
   *  record's partition, i.e. on all its quasi-identifier cells). */
  label(j: number, value: string, row: readonly string[]): string;
}

/** Thrown (without a line; the caller adds it) for a record the plan pass did not see. */
export class NotPlanned extends Error {}

export function releasePlan(
  enc: EncodedTable,
  levels: readonly number[],
  suppressed: Uint8Array,
  qiIndex: readonly number[],
  sensIndex: readonly number[],
): ReleaseRow {
  const qDict = enc.quasi.map((q) => new Map(q.values.map((v, i) => [v, i])));
  const sDict = enc.sensitive.map((s) => new Map(s.values.map((v, i) => [v, i])));
  const gen = enc.quasi.map((q, j) => q.genMap[levels[j]!]!);
  const labels = enc.quasi.map((q, j) => q.labels[levels[j]!]!);
  const classKey = (g: (j: number) => number): string => {
    let k = '';
    for (let j = 0; j < gen.length; j++) k += `${g(j)},`;
    return k;
  };
  // Per class (generalized codes): suppressed or not; per (class, sensitive codes): how many
  // records the plan pass saw.
  const classSuppressed = new Map<string, boolean>();
  const slots = new Map<string, number>();
  for (let r = 0; r < enc.rows; r++) {
    const ck = classKey((j) => gen[j]![enc.quasi[j]!.codes[r]!]!);
    const s = suppressed[r] === 1;
    const prev = classSuppressed.get(ck);
    // Suppression is decided per class; a class both kept and suppressed cannot be told
    // apart from its cells, so the export refuses rather than guess.
    if (prev !== undefined && prev !== s) throw new KanonError('INTERNAL', 'a class is partly suppressed; the export pass cannot decide its records');
    classSuppressed.set(ck, s);
    let sk = ck;
    for (let i = 0; i < enc.sensitive.length; i++) sk += `|${enc.sensitive[i]!.codes[r]}`;
    // A frequency set's entry holds as many records (slots) as its count.
    slots.set(sk, (slots.get(sk) ?? 0) + (enc.weight === null ? 1 : enc.weight[r]!));
  }
  const codes = new Int32Array(gen.length);
  let lastRow: readonly string[] | undefined;
  let lastSuppressed = false;
  return {
    suppressed(row) {
      if (row === lastRow) return lastSuppressed;
      for (let j = 0; j < qiIndex.length; j++) {
        const c = qDict[j]!.get(row[qiIndex[j]!] ?? '');
        if (c === undefined) throw new NotPlanned();
        codes[j] = gen[j]![c]!;
      }
      let sk = classKey((j) => codes[j]!);
      const s = classSuppressed.get(sk);
      if (s === undefined) throw new NotPlanned();
      for (let i = 0; i < sensIndex.length; i++) {
        const c = sDict[i]!.get(row[sensIndex[i]!] ?? '');
        if (c === undefined) throw new NotPlanned();
        sk += `|${c}`;
      }
      const left = slots.get(sk) ?? 0;
      if (left === 0) throw new NotPlanned();
      slots.set(sk, left - 1);
      lastRow = row;
      lastSuppressed = s;
      return s;
    },
    label(j, value) {
      const c = qDict[j]!.get(value);
      if (c === undefined) throw new NotPlanned();
      return labels[j]![gen[j]![c]!]!;
    },
  };
}

/** The export decision for local recoding (privacy.recoding "local", src/recoding): releasePlan
 *  cannot express it, since a record's label depends on its partition, not on one column's value
 *  at a level. Still from the record's own cells, never its row number (issue 11 item 2):
 *  Mondrian's cuts separate records by their quasi-identifier values alone (a range cut sends
 *  equal keys one way, a tree cut equal values into one child), so records with equal QI
 *  values share a partition; its suppression removes whole groups of records with equal QI
 *  and sensitive values (suppress.ts). So the key (QI codes, sensitive codes) decides both —
 *  checked here for every planned record, INTERNAL if it ever did not — and, as in releasePlan,
 *  each key has as many slots as the plan pass saw records with it: a changed, inserted or
 *  repeated record finds none (NotPlanned) and is never released. */
export function releaseLocal(enc: EncodedTable, local: LocalRecoding, qiIndex: readonly number[], sensIndex: readonly number[]): ReleaseRow {
  const qDict = enc.quasi.map((q) => new Map(q.values.map((v, i) => [v, i])));
  const sDict = enc.sensitive.map((s) => new Map(s.values.map((v, i) => [v, i])));
  const m = enc.quasi.length;
  // Per key: a planned row holding it (its labels stand for every record with the key), and
  // the records left to release.
  const plan = new Map<string, { row: number; left: number }>();
  for (let r = 0; r < enc.rows; r++) {
    let key = '';
    for (let j = 0; j < m; j++) key += `${enc.quasi[j]!.codes[r]!},`;
    for (let i = 0; i < enc.sensitive.length; i++) key += `|${enc.sensitive[i]!.codes[r]!}`;
    const p = plan.get(key);
    const x = enc.weight === null ? 1 : enc.weight[r]!;
    if (p === undefined) {
      plan.set(key, { row: r, left: x });
      continue;
    }
    // Same key, same decision: both suppressed, or both in one released class (same labels).
    if (local.suppressed[p.row] !== local.suppressed[r] || local.classOf[p.row] !== local.classOf[r]) {
      throw new KanonError('INTERNAL', 'records with equal cells were recoded differently; the export pass cannot decide them');
    }
    p.left += x;
  }
  let lastRow: readonly string[] | undefined;
  let lastPlanned = -1;
  /** The planned row standing for `row`'s key (does not take a slot). */
  const find = (row: readonly string[]): { row: number; left: number } => {
    let key = '';
    for (let j = 0; j < qiIndex.length; j++) {
      const c = qDict[j]!.get(row[qiIndex[j]!] ?? '');
      if (c === undefined) throw new NotPlanned();
      key += `${c},`;
    }
    for (let i = 0; i < sensIndex.length; i++) {
      const c = sDict[i]!.get(row[sensIndex[i]!] ?? '');
      if (c === undefined) throw new NotPlanned();
      key += `|${c}`;
    }
    const p = plan.get(key);
    if (p === undefined) throw new NotPlanned();
    return p;
  };
  return {
    suppressed(row) {
      if (row !== lastRow) {
        const p = find(row);
        if (p.left === 0) throw new NotPlanned();
        p.left--;
        lastRow = row;
        lastPlanned = p.row;
      }
      return local.suppressed[lastPlanned] === 1;
    },
    label(j, _value, row) {
      // The export asks suppressed(row) first (it takes the record's slot); a label is only
      // given for a record whose slot was taken.
      if (row !== lastRow) throw new KanonError('INTERNAL', 'a label was asked before the record was decided');
      if (local.suppressed[lastPlanned] === 1) throw new KanonError('INTERNAL', 'a label was asked for a suppressed record');
      return local.label(j, lastPlanned);
    },
  };
}
