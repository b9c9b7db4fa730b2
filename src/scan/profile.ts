// Streaming column profiler for `kanon scan`: one pass, bounded memory per column — a seeded
// reservoir sample (Vitter 1985, algorithm R) for the content detectors, an exact distinct map
// up to a cap and a HyperLogLog estimate beyond it, and running counters for type, length,
// numeric and date ranges. Same rows and options → same profile (the sample is seeded).
import type { ColumnProfile, InferredType } from './types.js';
import { classify, parseDate, parseNumber, isoDay } from './infer.js';
import { HyperLogLog, rng } from './sketch.js';

export interface ProfilerOptions {
  header: readonly string[];
  /** Reservoir size per column (default 1,000). */
  sampleLimit?: number;
  /** Distinct values counted exactly up to this many per column (default 10,000). */
  distinctCap?: number;
  /** Keep value counts (for category trees) when a column has at most this many values (default 100). */
  categoryLimit?: number;
  seed?: number;
}

export interface Profiler {
  add(row: readonly string[]): void;
  finish(): ColumnProfile[];
}

/** Cells read as missing: empty after trimming, or one of the usual null spellings. */
const NULLS = new Set(['', 'null', 'NULL', 'Null', 'NA', 'N/A', 'n/a', 'NaN', '\\N']);

interface State {
  empty: number;
  seen: number;
  classes: Uint32Array;
  exact: Map<string, number> | null;
  hll: HyperLogLog;
  min: number;
  max: number;
  minDay: number;
  maxDay: number;
  minLen: number;
  maxLen: number;
  tokens: number;
  sample: string[];
  rand: () => number;
}

export function createProfiler(opts: ProfilerOptions): Profiler {
  const sampleLimit = opts.sampleLimit ?? 1000;
  const cap = opts.distinctCap ?? 10_000;
  const categoryLimit = opts.categoryLimit ?? 100;
  const seed = opts.seed ?? 0x6b616e6f;
  const states: State[] = opts.header.map((_, i) => ({
    empty: 0,
    seen: 0,
    classes: new Uint32Array(6),
    exact: new Map(),
    hll: new HyperLogLog(),
    min: Infinity,
    max: -Infinity,
    minDay: Infinity,
    maxDay: -Infinity,
    minLen: Infinity,
    maxLen: 0,
    tokens: 0,
    sample: [],
    rand: rng(seed ^ Math.imul(i + 1, 0x9e3779b1)),
  }));
  let rows = 0;

  function addCell(s: State, raw: string): void {
    const v = raw.trim();
    if (NULLS.has(v)) {
      s.empty++;
      return;
    }
    const n = ++s.seen;
    let cls = classify(v);
    if (cls <= 1) {
      // "1e999" has a number's shape but no finite value (issue 11 item 7): it is a stray
      // value, not the column's maximum — an infinite bound made the draft unwritable.
      const x = parseNumber(v);
      if (!Number.isFinite(x)) cls = 5;
      else {
        if (x < s.min) s.min = x;
        if (x > s.max) s.max = x;
      }
    }
    s.classes[cls]!++;
    if (cls === 2 || cls === 3) {
      const d = parseDate(v)!;
      if (d < s.minDay) s.minDay = d;
      if (d > s.maxDay) s.maxDay = d;
    }
    if (v.length < s.minLen) s.minLen = v.length;
    if (v.length > s.maxLen) s.maxLen = v.length;
    s.tokens += v.split(/\s+/).length;
    s.hll.add(v);
    if (s.exact) {
      s.exact.set(v, (s.exact.get(v) ?? 0) + 1);
      if (s.exact.size > cap) s.exact = null;
    }
    if (s.sample.length < sampleLimit) s.sample.push(v);
    else {
      const j = Math.floor(s.rand() * n);
      if (j < sampleLimit) s.sample[j] = v;
    }
  }

  return {
    add(row) {
      rows++;
      for (let i = 0; i < states.length; i++) addCell(states[i]!, row[i] ?? '');
    },
    finish() {
      return states.map((s, i) => finishColumn(opts.header[i]!, i, s, rows, categoryLimit));
    },
  };
}

function finishColumn(name: string, index: number, s: State, rows: number, categoryLimit: number): ColumnProfile {
  const distinct = s.exact ? s.exact.size : s.hll.estimate();
  const p: ColumnProfile = {
    name,
    index,
    rows,
    empty: s.empty,
    nullShare: rows === 0 ? 0 : s.empty / rows,
    type: 'empty',
    typeShare: 0,
    distinct,
    distinctExact: s.exact !== null,
    uniqueness: s.seen === 0 ? 0 : Math.min(1, distinct / s.seen),
    minLength: s.seen === 0 ? 0 : s.minLen,
    maxLength: s.maxLen,
    meanTokens: s.seen === 0 ? 0 : s.tokens / s.seen,
    sample: s.sample,
  };
  if (s.seen === 0) return p;
  const [type, share] = inferType(s, distinct, categoryLimit);
  p.type = type;
  p.typeShare = share;
  if (s.min <= s.max) {
    p.min = s.min;
    p.max = s.max;
  }
  if (s.minDay <= s.maxDay) {
    p.minDate = isoDay(s.minDay);
    p.maxDate = isoDay(s.maxDay);
  }
  if (s.exact && s.exact.size <= categoryLimit) {
    p.categories = new Map([...s.exact].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
  }
  return p;
}

/** The type that at least 95% of the non-empty cells fit (a few stray cells are tolerated). */
function inferType(s: State, distinct: number, categoryLimit: number): [InferredType, number] {
  const n = s.seen;
  const [int, dec, date, dt, bool] = [s.classes[0]!, s.classes[1]!, s.classes[2]!, s.classes[3]!, s.classes[4]!];
  const t = 0.95 * n;
  if (bool >= t) return ['boolean', bool / n];
  if (int >= t) {
    const zeroOne = s.exact !== null && [...s.exact.keys()].every((k) => k === '0' || k === '1');
    return [zeroOne && distinct === 2 ? 'boolean' : 'integer', int / n];
  }
  if (int + dec >= t) return ['decimal', (int + dec) / n];
  if (date >= t) return ['date', date / n];
  if (date + dt >= t) return ['datetime', (date + dt) / n];
  const uniqueness = distinct / n;
  const meanTokens = s.tokens / n;
  if (meanTokens >= 3 && uniqueness > 0.5) return ['text', 1];
  if (distinct <= categoryLimit && (distinct <= 20 || uniqueness <= 0.2)) return ['categorical', 1];
  return ['string', 1];
}
