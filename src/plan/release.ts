// The export pass's view of the plan (issue 11 item 2): each record's generalized labels and
// its suppression are computed from its own cells — QI values → the plan pass's dictionary
// codes → generalized codes → class → suppressed? — never from its row number, so a record
// whose input changed between the passes cannot be released under another record's decision.
// Every released record also takes one of the plan's (class, sensitive values) slots (a
// frequency set's entry gives as many slots as its count): an
// inserted, changed or repeated record finds none and stops the export before it is written,
// so what was written is always a subset of what the report describes.
import { copyBytes, type ByteChunk } from '../io/bytes.js';
import { KanonError } from '../errors.js';
import type { EncodedTable } from '../search/index.js';
import type { LocalRecoding } from '../recoding/mondrian.js';
import { findFrozen, freezeTuples, type FrozenTuples, type TupleColumn } from './tuple-index.js';
import { ByteDict, type FrozenByteDict } from '../search/byte-dict.js';
import { UNLIMITED, type Budget } from '../resources.js';

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

/** A worker's INPUT_READ message for a NotPlanned record; the main thread replaces it with the
 *  message one thread gives (which knows what has been written). */
export const NOT_PLANNED_MESSAGE = 'the input changed between the plan pass and the export pass';

/** Everything a full-domain export decision needs, as plain arrays: what worker threads get
 *  (src/parallel/, structured clone) and what this thread's ReleaseRow reads. `left` lives on a
 *  SharedArrayBuffer, so every thread takes records from the same slots (Atomics). */
export interface ReleaseTables {
  /** Per QI and sensitive column: value bytes → code, built once here (each worker thaws
   *  them; the string path looks strings up in them too, so no value is copied per thread). */
  qBytes: FrozenByteDict[];
  sBytes: FrozenByteDict[];
  /** Per QI: value code → generalized code at the plan's level; labels of those codes. */
  gen: Int32Array[];
  labels: readonly (readonly string[])[];
  /** (generalized QI codes…, sensitive codes…) → slot group. */
  slots: FrozenTuples;
  /** Records the plan pass saw per slot group, taken as records are released. */
  left: Int32Array;
  slotSuppressed: Uint8Array;
}

export function releaseTables(enc: EncodedTable, levels: readonly number[], suppressed: Uint8Array): ReleaseTables {
  const gen = enc.quasi.map((q, j) => q.genMap[levels[j]!]!);
  const labels = enc.quasi.map((q, j) => q.labels[levels[j]!]!);
  const classCols: TupleColumn[] = enc.quasi.map((q, j) => ({ codes: q.codes, map: gen[j]!, card: labels[j]!.length }));
  // Per (class, sensitive codes) slot: how many records the plan pass saw.
  const sensCols = enc.sensitive.map((s): TupleColumn => ({ codes: s.codes, map: null, card: s.values.length }));
  const { frozen, index: slots } = freezeTuples([...classCols, ...sensCols], enc.rows);
  const left = new Int32Array(new SharedArrayBuffer(4 * Math.max(1, slots.count)));
  const slotOf = slots.groupOfRow!;
  // A frequency set's entry holds as many records (slots) as its count.
  const w = enc.weight;
  if (w === null) for (let r = 0; r < enc.rows; r++) left[slotOf[r]!]! += 1;
  else for (let r = 0; r < enc.rows; r++) left[slotOf[r]!]! += w[r]!;
  // The export decides a record by its slot, which its cells name: a slot both kept and
  // suppressed could not be told apart, so the export refuses rather than guess. (Suppression
  // comes per class from suppressionAt, so this cannot happen; the check is one pass over the
  // slot numbers. It used to group the rows by class once more for it: releaseTables took 126
  // ms, now 104 ms, at 1M rows with six QIs.)
  const slotSuppressed = new Uint8Array(new SharedArrayBuffer(Math.max(1, slots.count)));
  for (let g = 0; g < slots.count; g++) slotSuppressed[g] = suppressed[slots.rep[g]!]!;
  for (let r = 0; r < enc.rows; r++) {
    if (suppressed[r] !== slotSuppressed[slotOf[r]!])
      throw new KanonError('INTERNAL', 'records with the same cells are partly suppressed; the export pass cannot decide them');
  }
  slots.groupOfRow = null;
  return {
    qBytes: enc.quasi.map((q) => new ByteDict(q.values).freeze()),
    sBytes: enc.sensitive.map((x) => new ByteDict(x.values).freeze()),
    gen,
    labels,
    slots: frozen,
    left,
    slotSuppressed,
  };
}

export function releasePlan(
  enc: EncodedTable,
  levels: readonly number[],
  suppressed: Uint8Array,
  qiIndex: readonly number[],
  sensIndex: readonly number[],
): ReleaseRow {
  return releaseFrom(releaseTables(enc, levels, suppressed), qiIndex, sensIndex);
}

/** Looks up a record's QI and sensitive cells (strings, the string path: pieces the byte lane
 *  declines) into `tuple` (QIs then sensitive) by their UTF-8 bytes in the tables' dictionaries,
 *  as codesOf does for the byte lane; false when one is not there. */
function stringCodesOf(
  qDict: readonly ByteDict[],
  sDict: readonly ByteDict[],
  qiIndex: readonly number[],
  sensIndex: readonly number[],
): (row: readonly string[], tuple: Int32Array) => boolean {
  const m = qDict.length;
  return (row, tuple) => {
    for (let j = 0; j < m; j++) {
      const code = qDict[j]!.lookupString(row[qiIndex[j]!] ?? '');
      if (code < 0) return false;
      tuple[j] = code;
    }
    for (let i = 0; i < sDict.length; i++) {
      const code = sDict[i]!.lookupString(row[sensIndex[i]!] ?? '');
      if (code < 0) return false;
      tuple[m + i] = code;
    }
    return true;
  };
}

/** The ReleaseRow of a plan's tables (on this thread or a worker's). */
export function releaseFrom(t: ReleaseTables, qiIndex: readonly number[], sensIndex: readonly number[]): ReleaseRow {
  const m = t.gen.length,
    ns = t.sBytes.length;
  const qDict = t.qBytes.map(ByteDict.thaw);
  const cells = stringCodesOf(qDict, t.sBytes.map(ByteDict.thaw), qiIndex, sensIndex);
  const { gen, labels, left, slotSuppressed, slots } = t;
  const tuple = new Int32Array(m + ns);
  let lastRow: readonly string[] | undefined;
  let lastSuppressed = false;
  return {
    suppressed(row) {
      if (row === lastRow) return lastSuppressed;
      lastRow = undefined;
      if (!cells(row, tuple)) throw new NotPlanned();
      for (let j = 0; j < m; j++) tuple[j] = gen[j]![tuple[j]!]!;
      const g = findFrozen(slots, tuple);
      // Taken atomically: worker threads share these counts.
      if (g === -1 || Atomics.sub(left, g, 1) <= 0) throw new NotPlanned();
      lastRow = row;
      lastSuppressed = slotSuppressed[g] === 1;
      return lastSuppressed;
    },
    label(j, value, row) {
      // The record just decided: its generalized code is at hand.
      if (row === lastRow && row[qiIndex[j]!] === value) return labels[j]![tuple[j]!]!;
      const c = qDict[j]!.lookupString(value);
      if (c < 0) throw new NotPlanned();
      return labels[j]![gen[j]![c]!]!;
    },
  };
}

/** A plan's release decided from a record's cell bytes (the byte lane, src/parallel/lane.ts):
 *  the same dictionaries and slots as releaseFrom / releaseLocal, looked up by bytes. */
export interface CodedRelease {
  qiIndex: readonly number[];
  sensIndex: readonly number[];
  /** The record whose field c is bytes[off[base + c], off[base + c + 1] − 1): −1 when the plan
   *  did not see it (as NotPlanned), else 1 suppressed or 0 released; it takes its slot. */
  decide(bytes: Uint8Array, off: Int32Array, base: number): number;
  /** Appends QI q's label for the record just decided (a released one), as the formatter
   *  writes it. */
  writeLabel(q: number, out: ByteChunk): void;
}

/** Looks up the QI and sensitive cells' codes into `tuple` (QIs then sensitive); false when
 *  one is not in its dictionary. */
function codesOf(
  qDict: readonly ByteDict[],
  sDict: readonly ByteDict[],
  qiIndex: readonly number[],
  sensIndex: readonly number[],
): (bytes: Uint8Array, off: Int32Array, base: number, tuple: Int32Array) => boolean {
  const m = qDict.length;
  return (bytes, off, base, tuple) => {
    for (let j = 0; j < m; j++) {
      const c = base + qiIndex[j]!;
      const code = qDict[j]!.lookup(bytes, off[c]!, off[c + 1]! - 1);
      if (code < 0) return false;
      tuple[j] = code;
    }
    for (let i = 0; i < sDict.length; i++) {
      const c = base + sensIndex[i]!;
      const code = sDict[i]!.lookup(bytes, off[c]!, off[c + 1]! - 1);
      if (code < 0) return false;
      tuple[m + i] = code;
    }
    return true;
  };
}

/** Full domain: `format` gives a label's bytes as the output writes them (once per label). */
export function codedRelease(t: ReleaseTables, qiIndex: readonly number[], sensIndex: readonly number[], format: (v: string) => Uint8Array): CodedRelease {
  const m = t.gen.length;
  const codes = codesOf(t.qBytes.map(ByteDict.thaw), t.sBytes.map(ByteDict.thaw), qiIndex, sensIndex);
  const { gen, left, slotSuppressed, slots } = t;
  const labels = t.labels.map((ls) => ls.map(format));
  const tuple = new Int32Array(m + t.sBytes.length);
  return {
    qiIndex,
    sensIndex,
    decide(bytes, off, base) {
      if (!codes(bytes, off, base, tuple)) return -1;
      for (let j = 0; j < m; j++) tuple[j] = gen[j]![tuple[j]!]!;
      const g = findFrozen(slots, tuple);
      if (g === -1 || Atomics.sub(left, g, 1) <= 0) return -1;
      return slotSuppressed[g]!;
    },
    writeLabel(q, out) {
      const lb = labels[q]![tuple[q]!]!;
      out.range(lb, 0, lb.length);
    },
  };
}

/** The export pass's QI operators and record filter for a ReleaseRow (this thread and workers
 *  build them alike): labels, `*` for a suppressed record's QIs when `star`, and `drop(row)`
 *  true for a record to leave out (suppressed, not `star`). */
export function releaseOperators(
  rel: ReleaseRow,
  qiIndex: readonly number[],
  star: boolean,
): { quasi: Map<number, (v: string, row: readonly string[]) => string>; drop: (row: readonly string[]) => boolean } {
  return {
    quasi: new Map(
      qiIndex.map((index, j) => [
        index,
        star
          ? (v: string, row: readonly string[]) => (rel.suppressed(row) ? '*' : rel.label(j, v, row))
          : (v: string, row: readonly string[]) => rel.label(j, v, row),
      ]),
    ),
    drop: (row) => {
      const s = rel.suppressed(row);
      return !star && s;
    },
  };
}

/** Everything a local-recoding export decision needs, as plain arrays on shared memory (what
 *  worker threads get, as ReleaseTables for a full-domain plan). */
export interface LocalTables {
  qBytes: FrozenByteDict[];
  sBytes: FrozenByteDict[];
  /** (QI codes…, sensitive codes…) → key group. */
  keys: FrozenTuples;
  /** Records the plan pass saw per key, taken as records are released (Atomics). */
  left: Int32Array;
  /** Key → its partition (−1: suppressed). */
  keyPart: Int32Array;
  /** Per QI: the distinct labels as UTF-8 in shared memory (label i of QI j is
   *  texts[j].pool[start[i], start[i + 1])); partLabel[p·m + j] is partition p's label of QI j. */
  texts: { pool: Uint8Array; start: Int32Array }[];
  partLabel: Int32Array;
  partitions: number;
  /** The partitions' labels as one output format writes them, laid out once for every thread
   *  (layoutLabels); `format` names that format (codedLocal lays out its own for another). */
  laid?: { format: string; pool: Uint8Array; start: Int32Array };
}

/** Strings as UTF-8 in one shared pool (what workers get instead of a copy of each string). */
function sharedTexts(texts: readonly string[]): { pool: Uint8Array; start: Int32Array } {
  const bytes = texts.map((x) => Buffer.from(x, 'utf8'));
  const start = new Int32Array(new SharedArrayBuffer(4 * (texts.length + 1)));
  let total = 0;
  for (let i = 0; i < bytes.length; i++) {
    start[i] = total;
    total += bytes[i]!.length;
  }
  start[texts.length] = total;
  const pool = new Uint8Array(new SharedArrayBuffer(Math.max(1, total)));
  for (let i = 0; i < bytes.length; i++) pool.set(bytes[i]!, start[i]!);
  return { pool, start };
}

/** Label i of QI j of local recoding's tables, as a string. */
function textReader(t: LocalTables): (j: number, i: number) => string {
  const bufs = t.texts.map((x) => Buffer.from(x.pool.buffer, x.pool.byteOffset, x.pool.byteLength));
  return (j, i) => bufs[j]!.toString('utf8', t.texts[j]!.start[i]!, t.texts[j]!.start[i + 1]!);
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
export function localTables(enc: EncodedTable, local: LocalRecoding, budget: Budget = UNLIMITED): LocalTables {
  const m = enc.quasi.length;
  // Kept for the export (shared with its workers): per key its codes, records left and
  // partition, and per partition its label ids. Reserved for as many keys as rows before they
  // are built, the unused part given back once the keys are counted.
  const width = m + enc.sensitive.length;
  const perKey = 4 * (width + 2);
  const most = enc.rows * perKey + 4 * local.partitions * m;
  budget.reserve("local recoding: the export's per-record keys", most, 'use fewer quasi-identifier or sensitive columns, or global recoding');
  const cols: TupleColumn[] = [
    ...enc.quasi.map((q): TupleColumn => ({ codes: q.codes, map: null, card: q.values.length })),
    ...enc.sensitive.map((s): TupleColumn => ({ codes: s.codes, map: null, card: s.values.length })),
  ];
  const { frozen, index } = freezeTuples(cols, enc.rows);
  const count = index.count;
  budget.release((enc.rows - count) * perKey);
  const first = index.rep;
  const keyOf = index.groupOfRow!;
  const left = new Int32Array(new SharedArrayBuffer(4 * Math.max(1, count)));
  for (let r = 0; r < enc.rows; r++) {
    const g = keyOf[r]!;
    const p = first[g]!;
    // Same key, same decision: both suppressed, or both in one released class (same labels).
    if (local.suppressed[p] !== local.suppressed[r] || local.classOf[p] !== local.classOf[r]) {
      throw new KanonError('INTERNAL', 'records with equal cells were recoded differently; the export pass cannot decide them');
    }
    // (Mondrian runs on rows, never on a frequency set: one record per row.)
    left[g]! += 1;
  }
  index.groupOfRow = null;
  const keyPart = new Int32Array(new SharedArrayBuffer(4 * Math.max(1, count)));
  for (let g = 0; g < count; g++) keyPart[g] = local.partOf(first[g]!); // −1: suppressed
  const P = local.partitions;
  const partLabel = new Int32Array(new SharedArrayBuffer(4 * Math.max(1, P * m)));
  for (let p = 0; p < P; p++) for (let j = 0; j < m; j++) partLabel[p * m + j] = local.labelIdOfPart(j, p);
  return {
    qBytes: enc.quasi.map((q) => new ByteDict(q.values).freeze()),
    sBytes: enc.sensitive.map((x) => new ByteDict(x.values).freeze()),
    keys: frozen,
    left,
    keyPart,
    texts: local.texts.map(sharedTexts),
    partLabel,
    partitions: P,
  };
}

/** The ReleaseRow of local recoding's tables (on this thread or a worker's). */
export function localFrom(t: LocalTables, qiIndex: readonly number[], sensIndex: readonly number[]): ReleaseRow {
  const m = t.qBytes.length,
    ns = t.sBytes.length;
  const cells = stringCodesOf(t.qBytes.map(ByteDict.thaw), t.sBytes.map(ByteDict.thaw), qiIndex, sensIndex);
  const { keys, left, keyPart, partLabel } = t;
  const text = textReader(t);
  const tuple = new Int32Array(m + ns);
  let lastRow: readonly string[] | undefined;
  let part = -1;
  return {
    suppressed(row) {
      if (row !== lastRow) {
        lastRow = undefined;
        if (!cells(row, tuple)) throw new NotPlanned();
        const g = findFrozen(keys, tuple);
        // Taken atomically: worker threads share these counts.
        if (g === -1 || Atomics.sub(left, g, 1) <= 0) throw new NotPlanned();
        lastRow = row;
        part = keyPart[g]!;
      }
      return part < 0;
    },
    label(j, _value, row) {
      // The export asks suppressed(row) first (it takes the record's slot); a label is only
      // given for a record whose slot was taken.
      if (row !== lastRow) throw new KanonError('INTERNAL', 'a label was asked before the record was decided');
      if (part < 0) throw new KanonError('INTERNAL', 'a label was asked for a suppressed record');
      return text(j, partLabel[part * m + j]!);
    },
  };
}

/** Local recoding's tables decided by the cells' bytes (the byte lane), as codedRelease. */
export function codedLocal(
  t: LocalTables,
  qiIndex: readonly number[],
  sensIndex: readonly number[],
  format: (v: string) => Uint8Array,
  formatName?: string,
): CodedRelease {
  const m = t.qBytes.length;
  const codes = codesOf(t.qBytes.map(ByteDict.thaw), t.sBytes.map(ByteDict.thaw), qiIndex, sensIndex);
  const tuple = new Int32Array(m + t.sBytes.length);
  const { pool, start } = t.laid !== undefined && t.laid.format === formatName ? t.laid : layout(t, format, false);
  const { keys, left, keyPart } = t;
  let part = -1;
  return {
    qiIndex,
    sensIndex,
    decide(bytes, off, base) {
      if (!codes(bytes, off, base, tuple)) return -1;
      const g = findFrozen(keys, tuple);
      if (g === -1 || Atomics.sub(left, g, 1) <= 0) return -1;
      part = keyPart[g]!;
      return part < 0 ? 1 : 0;
    },
    writeLabel(q, out) {
      out.range(pool, start[part * m + q]!, start[part * m + q + 1]!);
    },
  };
}

/** Each label text formatted once, then laid out by partition: partition p's labels of QIs
 *  0 … m − 1 one after another in `pool` (start[p·m + j] … start[p·m + j + 1]). A record's
 *  labels are then one read from one place instead of a lookup per QI through row → partition
 *  → label → its bytes (~2 s of cache misses of a 3.5 s export at 1M rows). Memory: the
 *  partitions' labels; `shared` puts them on shared memory, laid out once for every thread
 *  (each worker laying out its own took ~0.3 s at 1M rows before its first piece). */
function layout(t: LocalTables, format: (v: string) => Uint8Array, shared: boolean): { pool: Uint8Array; start: Int32Array } {
  const m = t.qBytes.length;
  const text = textReader(t);
  const formatted = t.texts.map((tx, j) => Array.from({ length: tx.start.length - 1 }, (_, i) => format(text(j, i))));
  const P = t.partitions;
  const n = P * m;
  const start = shared ? new Int32Array(new SharedArrayBuffer(4 * (n + 1))) : new Int32Array(n + 1);
  let total = 0;
  for (let p = 0, x = 0; p < P; p++) for (let j = 0; j < m; j++, x++) total += formatted[j]![t.partLabel[x]!]!.length;
  const pool = shared ? new Uint8Array(new SharedArrayBuffer(Math.max(1, total))) : new Uint8Array(total);
  let at = 0;
  for (let p = 0, x = 0; p < P; p++)
    for (let j = 0; j < m; j++, x++) {
      start[x] = at;
      const lb = formatted[j]![t.partLabel[x]!]!;
      copyBytes(pool, at, lb, 0, lb.length);
      at += lb.length;
    }
  start[n] = at;
  return { pool, start };
}

/** Lays local recoding's labels out once, for the output format named `formatName` (every
 *  thread's codedLocal with that name reads them). */
export function layoutLabels(t: LocalTables, format: (v: string) => Uint8Array, formatName: string): void {
  t.laid = { format: formatName, ...layout(t, format, true) };
}

/** localTables with its ReleaseRow and coded form on this thread (the tests' entry point). */
export function releaseLocal(
  enc: EncodedTable,
  local: LocalRecoding,
  qiIndex: readonly number[],
  sensIndex: readonly number[],
): ReleaseRow & { coded(format: (v: string) => Uint8Array, formatName?: string): CodedRelease } {
  const t = localTables(enc, local);
  return { ...localFrom(t, qiIndex, sensIndex), coded: (format, name) => codedLocal(t, qiIndex, sensIndex, format, name) };
}

/** What the export's workers are given to decide records as this thread does. */
export type ReleaseSpec = { qiIndex: number[]; sensIndex: number[]; star: boolean } & (
  | { kind: 'global'; tables: ReleaseTables }
  | { kind: 'local'; tables: LocalTables }
);

/** A ReleaseSpec's string and byte forms (this thread and every worker build them alike). */
export function releaseOf(spec: ReleaseSpec): { row: ReleaseRow; coded(format: (v: string) => Uint8Array, formatName?: string): CodedRelease } {
  const { qiIndex, sensIndex } = spec;
  if (spec.kind === 'local') {
    const t = spec.tables;
    return { row: localFrom(t, qiIndex, sensIndex), coded: (format, name) => codedLocal(t, qiIndex, sensIndex, format, name) };
  }
  const t = spec.tables;
  return { row: releaseFrom(t, qiIndex, sensIndex), coded: (format) => codedRelease(t, qiIndex, sensIndex, format) };
}
