// kanon run — apply a policy to a dataset and write the de-identified result.
//
//   kanon run data.csv --policy policy.json -o out.csv
//   cat data.csv | kanon run --policy policy.json - > out.csv
//
// Flow (DESIGN.md): policy → open input → bind header → compile row closures → export pass
// (to a temp file renamed at the end, or stdout).
import type { Readable, Writable } from 'node:stream';
import { KanonError } from '../errors.js';
import { loadPolicy } from '../policy/load.js';
import { bindPolicy } from '../policy/bind.js';
import { inputSource } from '../io/input.js';
import { openTable } from '../io/read.js';
import { createWriter } from '../io/write.js';
import { checkNotSameFile, openOutput } from '../io/output.js';
import type { Format } from '../io/types.js';
import { compileRowPipeline, transformBatch } from '../pipeline.js';
import type { KeyRing, OperatorStats } from '../operators/types.js';
import type { Progress } from '../cli/progress.js';

export interface RunOptions {
  input?: string;
  policy: string;
  output?: string;
  format?: Format;
  delimiter?: string;
  to?: Format;
  outDelimiter?: string;
  escapeFormulas?: boolean;
  /** Reverse the reversible operators (kanon reveal). */
  reverse?: boolean;
}

export interface RunIO {
  stdin: Readable & { isTTY?: boolean };
  keys: KeyRing;
  progress: Progress;
}

export interface RunSummary {
  input: string;
  output: string;
  recordsIn: number;
  recordsOut: number;
  columnsIn: number;
  columnsOut: number;
  collisions: number;
  ms: number;
}

export async function runCommand(opts: RunOptions, io: RunIO): Promise<RunSummary> {
  const t0 = performance.now();
  const policy = loadPolicy(opts.policy);
  checkNotSameFile(opts.input, opts.output);
  const src = inputSource(opts.input, io.stdin);
  const table = await openTable(src.open(), {
    file: src.name,
    ...(src.path ? { path: src.path } : {}),
    ...pick('format', opts.format ?? policy.raw.input?.format),
    ...pick('delimiter', opts.delimiter ?? policy.raw.input?.delimiter),
    counter: io.progress.bytes,
  });
  const bound = bindPolicy(policy, table.header, src.name, opts.reverse ? { mayBeAbsent: (spec) => spec.operator === 'drop' } : {});
  const stats: OperatorStats = { collisions: 0 };
  const quasi = bound.byRole('quasi');
  if (quasi.length && !opts.reverse) {
    throw new KanonError('POLICY_INVALID', 'quasi-identifier generalization is not available in this build', { file: policy.file, column: quasi[0]!.name, path: quasi[0]!.configPath });
  }
  const pipeline = compileRowPipeline(bound, { keys: io.keys, stats, ...(opts.reverse ? { reverse: true } : {}) });
  const outFormat = opts.to ?? policy.raw.output?.format ?? table.format;
  const out = openOutput(opts.output);
  let recordsIn = 0;
  let recordsOut = 0;
  try {
    const writer = createWriter(out.stream as Writable, {
      format: outFormat,
      header: pipeline.header,
      delimiter: opts.outDelimiter ?? policy.raw.output?.delimiter ?? (table.format === 'csv' ? table.delimiter : ','),
      escapeFormulas: opts.escapeFormulas ?? policy.raw.output?.escapeFormulas ?? true,
    });
    io.progress.phase('writing');
    for await (const batch of table.batches) {
      const rows = transformBatch(pipeline, batch.rows, batch.lines, src.name, table.header);
      recordsIn += batch.rows.length;
      recordsOut += rows.length;
      io.progress.add(batch.rows.length);
      await writer.write(rows);
    }
    await writer.end();
    await out.commit();
  } catch (e) {
    out.abort();
    throw e;
  }
  return {
    input: src.name,
    output: opts.output && opts.output !== '-' ? opts.output : '<stdout>',
    recordsIn,
    recordsOut,
    columnsIn: table.header.length,
    columnsOut: pipeline.header.length,
    collisions: stats.collisions,
    ms: performance.now() - t0,
  };
}

function pick<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
