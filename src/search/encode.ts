// Pass 1 (plan): dictionary-encode quasi-identifiers and sensitive columns into growable
// Int32Arrays while the input streams by; nothing else of a row is held. finish() builds the
// per-level generalization maps. Errors name file, line (first row holding the value) and
// column, never the value.
import { KanonError } from '../errors.js';
import type { Hierarchy } from '../hierarchy/types.js';
import type { EncodedQuasi, EncodedSensitive, EncodedTable } from './types.js';

export type SensitiveOrder = 'numeric' | 'lexical' | string[];

export interface EncoderOptions {
  file: string;
  quasi: { name: string; hierarchy: Hierarchy }[];
  sensitive: { name: string; hierarchy?: Hierarchy; order?: SensitiveOrder }[];
}

export interface Encoder {
  // TEMP until freq lands: `weight` (records this entry stands for, from a frequency set) is
  // taken by adding the entry `weight` times; the freq branch's weighted encoder replaces this.
  add(quasiValues: readonly string[], sensitiveValues: readonly string[], line: number, weight?: number): void;
  finish(): EncodedTable;
}

class Dict {
  codes = new Int32Array(1024);
  n = 0;
  readonly index = new Map<string, number>();
  readonly values: string[] = [];
  readonly firstLine: number[] = [];
  add(v: string, line: number): void {
    let c = this.index.get(v);
    if (c === undefined) {
      c = this.values.length;
      this.index.set(v, c);
      this.values.push(v);
      this.firstLine.push(line);
    }
    if (this.n === this.codes.length) {
      const next = new Int32Array(this.codes.length * 2);
      next.set(this.codes);
      this.codes = next;
    }
    this.codes[this.n++] = c;
  }
}

export function createEncoder(opts: EncoderOptions): Encoder {
  const qd = opts.quasi.map(() => new Dict());
  const sd = opts.sensitive.map(() => new Dict());
  let rows = 0;
  return {
    add(qv, sv, line, weight = 1) {
      // TEMP until freq lands: a weighted entry is added `weight` times.
      for (let w = 0; w < weight; w++) {
        for (let i = 0; i < qd.length; i++) qd[i]!.add(qv[i] ?? '', line);
        for (let i = 0; i < sd.length; i++) sd[i]!.add(sv[i] ?? '', line);
        rows++;
      }
    },
    finish() {
      const quasi = opts.quasi.map((q, i) => encodeQuasi(opts.file, q.name, q.hierarchy, qd[i]!, rows));
      const sensitive = opts.sensitive.map((s, i) => encodeSensitive(opts.file, s, sd[i]!, rows));
      return { file: opts.file, rows, quasi, sensitive };
    },
  };
}

function missing(file: string, line: number | undefined, column: string): KanonError {
  return new KanonError('HIERARCHY_VALUE_MISSING', "value not in the column's hierarchy", { file, ...(line !== undefined ? { line } : {}), column });
}

function encodeQuasi(file: string, name: string, h: Hierarchy, d: Dict, rows: number): EncodedQuasi {
  h.fit?.(d.values);
  const levels = h.levels;
  const codes = d.codes.slice(0, rows);
  const paths = d.values.map((v, c) => {
    const p = h.lookup(v);
    if (p === undefined || p.length !== levels) throw missing(file, d.firstLine[c], name);
    return p;
  });
  const genMap: Int32Array[] = [];
  const labels: string[][] = [];
  const index: Map<string, number>[] = [];
  for (let l = 0; l < levels; l++) {
    const m = new Int32Array(d.values.length);
    const lab: string[] = [];
    const idx = new Map<string, number>();
    paths.forEach((p, c) => {
      const s = p[l]!;
      let g = idx.get(s);
      if (g === undefined) {
        g = lab.length;
        idx.set(s, g);
        lab.push(s);
      }
      m[c] = g;
    });
    genMap.push(m);
    labels.push(lab);
    index.push(idx);
  }
  // The roll-ups need nesting: every level-L group maps to one level-L+1 group.
  for (let l = 0; l + 1 < levels; l++) {
    const up = new Int32Array(labels[l]!.length).fill(-1);
    for (let c = 0; c < d.values.length; c++) {
      const a = genMap[l]![c]!,
        b = genMap[l + 1]![c]!;
      if (up[a] === -1) up[a] = b;
      else if (up[a] !== b) throw new KanonError('HIERARCHY_INVALID', `hierarchy level ${l} does not nest in level ${l + 1}`, { column: name });
    }
  }
  const perValue = new Float64Array(d.values.length);
  for (let r = 0; r < rows; r++) perValue[codes[r]!]! += 1;
  const rowCount = genMap.map((m, l) => {
    const out = new Float64Array(labels[l]!.length);
    for (let c = 0; c < m.length; c++) out[m[c]!]! += perValue[c]!;
    return out;
  });
  let totalLeaves: number;
  let leafCount: Float64Array[];
  if (h.leaves !== undefined) {
    totalLeaves = h.leaves.length;
    leafCount = labels.map((lab) => new Float64Array(lab.length));
    for (const leaf of h.leaves) {
      const p = h.lookup(leaf);
      if (p === undefined) continue;
      for (let l = 0; l < levels; l++) {
        const g = index[l]!.get(p[l]!);
        if (g !== undefined) leafCount[l]![g]! += 1;
      }
    }
  } else {
    totalLeaves = d.values.length;
    leafCount = genMap.map((m, l) => {
      const out = new Float64Array(labels[l]!.length);
      for (let c = 0; c < m.length; c++) out[m[c]!]! += 1;
      return out;
    });
  }
  return { name, hierarchy: h, codes, values: d.values, levels, genMap, labels, rowCount, leafCount, totalLeaves };
}

const NUM = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;
const lex = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function encodeSensitive(file: string, s: EncoderOptions['sensitive'][number], d: Dict, rows: number): EncodedSensitive {
  const vals = d.values;
  const ids = vals.map((_, i) => i);
  // Default order: numeric when every value is a number (so "10" sorts after "9"), else lexical.
  const order = s.order ?? (vals.length > 0 && vals.every((v) => NUM.test(v)) ? 'numeric' : 'lexical');
  if (order === 'numeric') {
    vals.forEach((v, c) => {
      if (!NUM.test(v)) throw new KanonError('INPUT_VALUE', 'value is not a number (order "numeric")', { file, ...atLine(d.firstLine[c]), column: s.name });
    });
    ids.sort((a, b) => Number(vals[a]) - Number(vals[b]) || lex(vals[a]!, vals[b]!));
  } else if (order === 'lexical') {
    ids.sort((a, b) => lex(vals[a]!, vals[b]!));
  } else {
    const pos = new Map(order.map((v, i) => [v, i] as const));
    vals.forEach((v, c) => {
      if (!pos.has(v)) throw new KanonError('INPUT_VALUE', "value not in the column's listed order", { file, ...atLine(d.firstLine[c]), column: s.name });
    });
    ids.sort((a, b) => pos.get(vals[a]!)! - pos.get(vals[b]!)!);
  }
  const remap = new Int32Array(vals.length);
  ids.forEach((old, nw) => {
    remap[old] = nw;
  });
  const codes = new Int32Array(rows);
  const global = new Float64Array(vals.length);
  for (let r = 0; r < rows; r++) {
    const c = remap[d.codes[r]!]!;
    codes[r] = c;
    global[c]! += 1;
  }
  for (let c = 0; c < global.length; c++) global[c] = global[c]! / Math.max(rows, 1);
  const values = ids.map((i) => vals[i]!);
  const out: EncodedSensitive = { name: s.name, codes, values, global };
  if (s.hierarchy !== undefined) {
    const h = s.hierarchy;
    h.fit?.(values);
    const paths = values.map((v, c) => {
      const p = h.lookup(v);
      if (p === undefined || p.length !== h.levels) throw missing(file, d.firstLine[ids[c]!], s.name);
      return p;
    });
    out.genMap = Array.from({ length: h.levels }, (_, l) => {
      const idx = new Map<string, number>();
      return Int32Array.from(paths, (p) => {
        const k = p[l]!;
        let g = idx.get(k);
        if (g === undefined) {
          g = idx.size;
          idx.set(k, g);
        }
        return g;
      });
    });
  }
  return out;
}

/** A line for a Where, when there is one (exactOptionalPropertyTypes: no `line: undefined`). */
function atLine(line: number | undefined): { line?: number } {
  return line === undefined ? {} : { line };
}
