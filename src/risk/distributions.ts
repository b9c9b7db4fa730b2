// What the released data still says, per quasi-identifier: the distribution of its values
// before (the input) and after (the released records at the chosen level), and, per
// sensitive column, the classes that hold a single value (l = 1). Optional report sections
// (Report.distributions, Report.diversity) that the renderers draw; computed from the encoded
// table the plan pass already holds: memory is O(distinct values + classes), never rows × …
//
// What `--report-values` guards (see REPORT.md "Values in the report"):
// - `before`: without it only the SHAPE — bar heights (record counts per original value, or per
//   equal-width bin of a numeric column), no labels, no bin edges. Counts per unnamed value are
//   aggregates; the values themselves are the input's and are not released.
// - `after`: the generalized labels of the released records are shown without it only when at
//   least max(k, MIN_LABEL_COUNT) released records carry the label: such a label is what any
//   recipient of the file sees in ≥ k rows, and its count is a marginal of the k-anonymous
//   release. Labels carried by fewer records are merged into one unlabelled "rest" bar.
//   MIN_LABEL_COUNT = 11 follows the CMS cell-size suppression policy (no published cell of
//   1–10 records), so a policy with k = 1 or 2 does not make single values appear.
// With `--report-values` every label is shown (top MAX_BARS), before and after.
import { basename } from 'node:path';
import type { EncodedTable } from '../search/types.js';
import type { Report } from './report.js';
import { columnWarnings, type WarningOptions } from './warnings.js';

/** Bars per chart; values beyond are merged into `rest`. */
export const MAX_BARS = 30;
export const MIN_LABEL_COUNT = 11;

export interface DistributionBar {
  count: number;
  /** Omitted where the label is guarded (see above). */
  label?: string;
}

export interface DistributionSide {
  /** Records counted (before: every input record; after: the released ones). */
  records: number;
  /** Distinct values (before) or labels (after). */
  distinct: number;
  /** `value`: one bar per value; `bins`: equal-width bins of a numeric column. */
  bars: DistributionBar[];
  kind: 'value' | 'bins';
  /** Values (or labels) not drawn as bars, and the records they hold. */
  rest: { values: number; records: number };
}

export interface QiDistribution {
  column: string;
  before: DistributionSide;
  after?: DistributionSide;
}

export interface WeakDiversity {
  column: string;
  /** Released classes in which every record has the same value of this column (l = 1). */
  classes: number;
  records: number;
}

export interface DistributionOptions {
  /** Chosen level per QI (enc.quasi order). Omit for "as it is" (audit): no `after`. */
  levels?: readonly number[];
  /** Instead of levels (local recoding, src/recoding): per QI the distinct released labels and
   *  each kept row's label among them. */
  labels?: {
    texts: readonly (readonly string[])[];
    idOf(j: number, row: number): number;
    /** Given, the rows' labels come by partition (each row's partition, −1 suppressed, and
     *  partition p's label of QI j): one count per partition instead of a lookup per row. */
    parts?: { count: number; partOf(row: number): number; labelIdOfPart(j: number, p: number): number };
  };
  /** Per row, 1 = suppressed (not released). */
  suppressed?: Uint8Array;
  /** Suppressed rows are written with every QI "*" (suppressedOutput "star"). */
  star?: boolean;
  /** The privacy model's k (1 when none). */
  k: number;
  includeValues: boolean;
}

const NUMERIC = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;
/** An ISO date, optionally with a time: binned by its day before. */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const DAY = 86_400_000;
/** The day of an ISO date label as written (its date part: no time zone involved). */
const dayOf = (label: string): number => Date.parse(label.slice(0, 10)) / DAY;
/** First number in a generalized label ("[20, 30)", "20-29", "2*"), for ordering only. */
const FIRST_NUMBER = /[-+]?\d+(\.\d+)?/;

/** One side's bars. `showLabel(count)` says whether a bar of that many records may carry its
 *  label; with `mergeHidden` a bar that may not is merged into `rest` (after), otherwise it is
 *  drawn without its label (before: the shape). */
function sideOf(
  labels: readonly string[],
  counts: ArrayLike<number>,
  showLabel: (count: number) => boolean,
  opts: { bin: boolean; mergeHidden: boolean },
): DistributionSide {
  const idx: number[] = [];
  let records = 0;
  for (let c = 0; c < counts.length; c++)
    if (counts[c]! > 0) {
      idx.push(c);
      records += counts[c]!;
    }
  const numeric = idx.length > 0 && idx.every((c) => NUMERIC.test(labels[c]!));
  // Dates (ISO, as the date hierarchy reads them) are binned by day, as numbers are by value:
  // a birth_date of 25,000 values drawn as its top 30 days and one "other" bar of 99.8 % said
  // nothing about its shape.
  const dated = opts.bin && !numeric && idx.length > MAX_BARS && idx.every((c) => ISO_DATE.test(labels[c]!) && !Number.isNaN(dayOf(labels[c]!)));
  if (opts.bin && (numeric || dated) && idx.length > MAX_BARS) {
    // A histogram of equal-width bins: the shape of a numeric (or date) column without its values.
    const xs = idx.map((c) => (dated ? dayOf(labels[c]!) : Number(labels[c]!)));
    let lo = Infinity,
      hi = -Infinity;
    for (const x of xs) {
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
    const w = (hi - lo) / MAX_BARS || 1;
    const bins = new Float64Array(MAX_BARS);
    idx.forEach((c, i) => {
      bins[Math.min(MAX_BARS - 1, Math.floor((xs[i]! - lo) / w))]! += counts[c]!;
    });
    const named = showLabel(Infinity);
    const edge = dated ? fmtDay : fmtEdge;
    return {
      records,
      distinct: idx.length,
      kind: 'bins',
      rest: { values: 0, records: 0 },
      bars: [...bins].map((n, i) => ({
        count: n,
        ...(named ? { label: `${edge(lo + i * w)}–${edge(i === MAX_BARS - 1 ? hi : lo + (i + 1) * w)}` } : {}),
      })),
    };
  }
  // Sort keys computed once per value, not per comparison (a zip column has tens of thousands).
  const keys = new Float64Array(counts.length);
  for (const c of idx) keys[c] = Number((numeric ? labels[c]! : FIRST_NUMBER.exec(labels[c]!)?.[0]) ?? NaN);
  const key = (c: number): number => keys[c]!;
  const ordered = idx.every((c) => !Number.isNaN(key(c)));
  // The bars: the MAX_BARS largest (that may be drawn), ties by first appearance, picked in one
  // pass (sorting every label twice was most of this function for a column of 150,000 local
  // recoding ranges); the rest are counted, not ordered.
  const top: number[] = [];
  const before = (a: number, b: number): boolean => counts[a]! > counts[b]! || (counts[a] === counts[b] && a < b);
  for (const c of idx) {
    if (opts.mergeHidden && !showLabel(counts[c]!)) continue;
    if (top.length === MAX_BARS && !before(c, top[MAX_BARS - 1]!)) continue;
    let i = top.length === MAX_BARS ? MAX_BARS - 1 : top.length;
    while (i > 0 && before(c, top[i - 1]!)) {
      top[i] = top[i - 1]!;
      i--;
    }
    top[i] = c;
  }
  // Drawn in numeric order (numbers or intervals), else by count, largest first; ties by code.
  const drawn = ordered ? [...top].sort((a, b) => key(a) - key(b) || a - b) : top;
  const bars: DistributionBar[] = drawn.map((c) => ({ count: counts[c]!, ...(showLabel(counts[c]!) ? { label: labels[c]! } : {}) }));
  let drawnRecords = 0;
  for (const c of top) drawnRecords += counts[c]!;
  const restValues = idx.length - top.length,
    restRecords = records - drawnRecords;
  return { records, distinct: idx.length, kind: 'value', bars, rest: { values: restValues, records: restRecords } };
}

/** A bin edge of a date column (days since 1970-01-01, fractional): its day, ISO. */
function fmtDay(x: number): string {
  return new Date(Math.floor(x) * DAY).toISOString().slice(0, 10);
}

function fmtEdge(x: number): string {
  return String(Number(x.toPrecision(4)));
}

/** Per QI: original values before, generalized labels of the released records after. */
export function qiDistributions(enc: EncodedTable, opts: DistributionOptions): QiDistribution[] {
  const min = Math.max(opts.k, MIN_LABEL_COUNT);
  // Local recoding by partition: each partition's records (a frequency set's weights counted).
  const parts = opts.labels?.parts;
  const partSize = parts ? new Float64Array(parts.count) : undefined;
  let partStarred = 0;
  if (parts && partSize)
    for (let r = 0; r < enc.rows; r++) {
      const x = enc.weight === null ? 1 : enc.weight[r]!;
      const p = parts.partOf(r);
      if (p >= 0 && !(opts.suppressed && opts.suppressed[r])) partSize[p]! += x;
      else partStarred += x;
    }
  return enc.quasi.map((q, j) => {
    // Before: input values are never labelled without includeValues (shape only).
    const before = sideOf(q.labels[0]!, q.rowCount[0]!, () => opts.includeValues, { bin: true, mergeHidden: false });
    const local = opts.labels;
    if (!opts.levels && !local) return { column: q.name, before };
    const map = local ? undefined : q.genMap[opts.levels![j]!]!;
    const labels = local ? [...local.texts[j]!] : [...q.labels[opts.levels![j]!]!];
    const counts = new Float64Array(labels.length + 1);
    let starred = 0;
    const w = enc.weight; // a frequency set's entries count their records
    if (parts && partSize) {
      for (let p = 0; p < parts.count; p++) counts[parts.labelIdOfPart(j, p)]! += partSize[p]!;
      starred = partStarred;
    } else
      for (let r = 0; r < enc.rows; r++) {
        const x = w === null ? 1 : w[r]!;
        if (opts.suppressed && opts.suppressed[r]) {
          starred += x;
          continue;
        }
        counts[map ? map[q.codes[r]!]! : local!.idOf(j, r)]! += x;
      }
    if (opts.star && starred > 0) {
      // The written "*" rows: kanon's own label, not a value.
      labels.push('*');
      counts[labels.length - 1] = starred;
    }
    const after = sideOf(labels, counts, (n) => opts.includeValues || n >= min, { bin: false, mergeHidden: true });
    return { column: q.name, before, after };
  });
}

/** Per sensitive column: released classes where every record has the same value (l = 1). */
export function weakDiversity(enc: EncodedTable, cls: { classOf: Int32Array; sizes: ArrayLike<number> }): WeakDiversity[] {
  return enc.sensitive.map((s) => {
    const C = cls.sizes.length;
    const first = new Int32Array(C).fill(-1);
    const mixed = new Uint8Array(C);
    for (let r = 0; r < enc.rows; r++) {
      const c = cls.classOf[r]!;
      if (c < 0) continue;
      const v = s.codes[r]!;
      if (first[c] === -1) first[c] = v;
      else if (first[c] !== v) mixed[c] = 1;
    }
    let classes = 0,
      records = 0;
    for (let c = 0; c < C; c++)
      if (first[c] !== -1 && !mixed[c]) {
        classes++;
        records += cls.sizes[c]!;
      }
    return { column: s.name, classes, records };
  });
}

/** The optional sections of a plan/audit report in one call (what `riskReport` wires). */
export function attachDetails(
  report: Report,
  enc: EncodedTable,
  opts: DistributionOptions & {
    /** Input name as the user gave it; only its last path segment is kept. */
    dataset?: string;
    /** Released classes (groupClasses of the chosen levels, suppressed rows −1). */
    after: { classOf: Int32Array; sizes: ArrayLike<number> };
    /** A sample of the input for content-based warnings (optional). */
    sample?: WarningOptions['sample'];
  },
): Report {
  if (opts.dataset !== undefined) report.dataset = { name: basename(opts.dataset) };
  report.distributions = qiDistributions(enc, opts);
  if (enc.sensitive.length) report.diversity = weakDiversity(enc, opts.after);
  report.warnings = columnWarnings(report.columns, opts.sample ? { sample: opts.sample } : {});
  return report;
}
