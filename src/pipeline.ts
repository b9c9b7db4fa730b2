// Compiling a bound policy into the per-row transform of the export pass (DESIGN step 7):
// one closure per output column, built once; the hot loop touches only arrays and closures.
import { KanonError } from './errors.js';
import { OPERATORS } from './operators/registry.js';
import type { CellFn, KeyRing, OperatorContext, OperatorStats } from './operators/types.js';
import type { BoundPolicy } from './policy/types.js';

export interface CompileOptions {
  keys: KeyRing;
  stats: OperatorStats;
  /** Closures for quasi-identifier columns (generalization), by input column index. */
  quasi?: Map<number, CellFn>;
  /** Use the operators' inverse (kanon reveal). */
  reverse?: boolean;
}

export interface RowPipeline {
  header: string[];
  /** Input row → output row. Throws KanonError (without place; see transformBatch). */
  transform(row: readonly string[]): string[];
  /** Input column index of each output column (for error places). */
  sources: number[];
  /** Output cell j alone (to find which column failed, off the hot path). */
  cell(j: number, row: readonly string[]): string;
  /** Output column j's closure, or null when the column is released as it is. */
  fns: readonly (CellFn | null)[];
  /** Input columns the closures read (their own and any an operator asked ctx.indexOf for):
   *  a byte-level reader (src/parallel/lane.ts) decodes only these. */
  reads: readonly number[];
  /** The input columns operators asked ctx.indexOf for (read besides their own column). */
  operatorReads: readonly number[];
}

export function compileRowPipeline(bound: BoundPolicy, opts: CompileOptions): RowPipeline {
  const header: string[] = [];
  const sources: number[] = [];
  const fns: (CellFn | null)[] = [];
  const reads = new Set<number>();
  const operatorReads = new Set<number>();
  const indexOf = (name: string, configPath: string): number => {
    const i = bound.header.indexOf(name);
    if (i >= 0) {
      reads.add(i);
      operatorReads.add(i);
    }
    if (i < 0)
      throw new KanonError('POLICY_COLUMN_UNKNOWN', 'this option names a column the input does not have', {
        file: bound.policy.file,
        column: name,
        path: configPath,
      });
    return i;
  };
  for (const col of bound.columns) {
    let fn: CellFn | null = null;
    if (col.spec.role === 'identifier') {
      const def = OPERATORS[col.spec.operator ?? ''];
      if (!def) throw new KanonError('POLICY_SCHEMA', 'unknown operator', { file: bound.policy.file, path: `${col.configPath}/operator` });
      const ctx: OperatorContext = { column: col.name, header: bound.header, indexOf, configPath: col.configPath, keys: opts.keys, stats: opts.stats };
      let compiled: CellFn | 'drop';
      if (opts.reverse) {
        // reveal: reversible operators are inverted, every other column passes through.
        compiled = def.reverse ? def.reverse(col.spec, ctx) : (v) => v;
      } else {
        compiled = def.compile(col.spec, ctx);
      }
      if (compiled === 'drop') continue;
      fn = (col.spec.empty ?? 'keep') === 'keep' ? keepEmpty(compiled) : compiled;
    } else if (col.spec.role === 'quasi') {
      if (!opts.reverse) {
        fn = opts.quasi?.get(col.index) ?? null;
        if (!fn) throw new KanonError('INTERNAL', 'a quasi-identifier column has no generalization', { column: col.name });
      }
    }
    header.push(col.name);
    sources.push(col.index);
    fns.push(fn);
    if (fn !== null) reads.add(col.index);
  }
  const n = fns.length;
  return {
    header,
    sources,
    fns,
    reads: [...reads].sort((a, b) => a - b),
    operatorReads: [...operatorReads].sort((a, b) => a - b),
    transform(row) {
      const out = new Array<string>(n);
      for (let j = 0; j < n; j++) {
        const v = row[sources[j]!] ?? '';
        const f = fns[j];
        out[j] = f === null || f === undefined ? v : f(v, row);
      }
      return out;
    },
    cell(j, row) {
      const v = row[sources[j]!] ?? '';
      const f = fns[j];
      return f === null || f === undefined ? v : f(v, row);
    },
  };
}

function keepEmpty(fn: CellFn): CellFn {
  const kept: CellFn = (v, row) => (v === '' ? '' : fn(v, row));
  const fb = fn.bytes;
  if (fb !== undefined)
    kept.bytes = {
      prefix: fb.prefix,
      write: (src, a, b, out) => {
        if (a < b) fb.write(src, a, b, out);
      },
    };
  return kept;
}

/** Applies the pipeline to a batch; an operator's error gets its file, line and column. */
export function transformBatch(
  p: RowPipeline,
  rows: string[][],
  lines: number[],
  file: string,
  columnNames: readonly string[],
  skip?: (i: number) => boolean,
): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < rows.length; i++) {
    if (skip?.(i)) continue;
    try {
      out.push(p.transform(rows[i]!));
    } catch (e) {
      if (e instanceof KanonError && e.where.line === undefined) {
        const col = findFailingColumn(p, rows[i]!, columnNames);
        throw new KanonError(e.code, e.message, { ...e.where, file, line: lines[i]!, ...(col ? { column: col } : {}) });
      }
      throw e;
    }
  }
  return out;
}

export function findFailingColumn(p: RowPipeline, row: readonly string[], columnNames: readonly string[], skip?: (j: number) => boolean): string | undefined {
  // Re-run column by column to name the column whose closure failed (rare path).
  for (let j = 0; j < p.sources.length; j++) {
    if (skip?.(j)) continue;
    try {
      p.cell(j, row);
    } catch {
      return columnNames[p.sources[j]!];
    }
  }
  return undefined;
}
