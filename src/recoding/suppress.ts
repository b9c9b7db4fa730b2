// Suppression for local recoding. Mondrian only cuts a partition when every part satisfies the
// privacy models, so every final partition satisfies them once the whole table does: records
// never need to be suppressed then, and suppressing some anyway cannot lower the loss of the
// others enough in general to pay for itself (a suppressed record costs 1, the most a record
// can cost on the Loss scale) — so none are.
// When the whole table fails, no partition can pass and records must go:
//   - a failure on class size alone (fewer rows than k, or than a model's minimum class size):
//     removing rows never helps, so every row is suppressed (when the limit allows it);
//   - a failure of a model on a sensitive column (entropy or recursive (c,l)-diversity of a
//     skewed column): the table is over-represented by its most frequent sensitive value, so
//     records holding that value are removed until the rest passes, the value re-chosen after
//     each removal (ties: the first value in the column's order). Records go in whole groups of
//     identical records (same quasi-identifier and sensitive values), the smallest group first
//     (the outliers: rarest combinations), ties in the groups' canonical order (numbers by value,
//     other values by their text) — a group is never split, so which records go does not depend
//     on the row order. If the models still fail with all such records gone (distinct
//     l-diversity with fewer than l values in the table), every row is suppressed when allowed.
// Over suppressionLimit: null (PRIVACY_UNSATISFIABLE for the caller).
import type { EncodedTable } from '../search/types.js';
import type { PreparedColumn } from './columns.js';
import type { PartTest } from './criteria.js';
import { UNLIMITED, type Budget } from '../resources.js';

export function suppressOutliers(
  table: EncodedTable,
  cols: readonly PreparedColumn[],
  test: PartTest,
  cap: number,
  budget: Budget = UNLIMITED,
): { suppressed: Uint8Array; suppressedCount: number } | null {
  const n = table.rows;
  const suppressed = new Uint8Array(n);
  const sensCodes = test.sensitive.map((s) => table.sensitive[s]!.codes);
  const acc = test.accumulator();
  const codesOf = (r: number): number[] => sensCodes.map((c) => c[r]!);
  for (let r = 0; r < n; r++) acc.add(codesOf(r), 1);
  if (acc.ok()) return { suppressed, suppressedCount: 0 };
  const all = (): { suppressed: Uint8Array; suppressedCount: number } | null => (n <= cap ? { suppressed: suppressed.fill(1), suppressedCount: n } : null);
  if (acc.failingSensitive() < 0) return all();
  // Groups of identical records in canonical order.
  const ranks = table.quasi.map((q, j) => {
    const c = cols[j]!;
    if (c.numeric) return c.keyOf;
    const ids = [...q.values.keys()].sort((a, b) => (q.values[a]! < q.values[b]! ? -1 : q.values[a]! > q.values[b]! ? 1 : 0));
    const rank = new Int32Array(ids.length);
    ids.forEach((id, i) => {
      rank[id] = i;
    });
    return rank;
  });
  const tuple = (r: number): number[] => [...table.quasi.map((q, j) => ranks[j]![q.codes[r]!]!), ...codesOf(r)];
  const tuples = Array.from({ length: n }, (_, r) => tuple(r));
  // One heap array per record (this path only runs when a sensitive model fails on the whole table).
  budget.checkHeap('local recoding: suppression groups', 'use fewer quasi-identifier columns, or global recoding');
  const cmp = (x: number[], y: number[]): number => {
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
    return 0;
  };
  const rows = [...tuples.keys()].sort((a, b) => cmp(tuples[a]!, tuples[b]!));
  const groups: { rows: number[]; codes: number[] }[] = [];
  for (const r of rows) {
    const last = groups[groups.length - 1];
    if (last !== undefined && cmp(tuples[last.rows[0]!]!, tuples[r]!) === 0) last.rows.push(r);
    else groups.push({ rows: [r], codes: codesOf(r) });
  }
  // Per (sensitive entry, value): its groups, smallest first (stable sort keeps canonical order).
  const queues = new Map<string, { list: typeof groups; next: number }>();
  const queue = (h: number, v: number) => {
    const key = `${h}:${v}`;
    let q = queues.get(key);
    if (q === undefined) {
      q = { list: groups.filter((g) => g.codes[h] === v).sort((a, b) => a.rows.length - b.rows.length), next: 0 };
      queues.set(key, q);
    }
    return q;
  };
  const removed = new Uint8Array(groups.length);
  const gIndex = new Map(groups.map((g, i) => [g, i] as const));
  let count = 0;
  while (!acc.ok()) {
    const h = acc.failingSensitive();
    if (h < 0) return all();
    const values = table.sensitive[test.sensitive[h]!]!.values.length;
    let v = -1;
    for (let x = 0; x < values; x++) if (acc.count(h, x) > 0 && (v < 0 || acc.count(h, x) > acc.count(h, v))) v = x;
    const q = queue(h, v);
    while (q.next < q.list.length && removed[gIndex.get(q.list[q.next]!)!] === 1) q.next++;
    const g = q.list[q.next];
    if (g === undefined) return all();
    removed[gIndex.get(g)!] = 1;
    for (const r of g.rows) suppressed[r] = 1;
    count += g.rows.length;
    if (count > cap) return all();
    acc.add(g.codes, -g.rows.length);
  }
  return { suppressed, suppressedCount: count };
}
