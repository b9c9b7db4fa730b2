// kanon scan — profile a dataset, detect direct identifiers and quasi-identifiers, and draft a
// policy for a person to review.
//
//   kanon scan data.csv --policy-out policy.json
//   kanon scan data.csv --json | jq '.columns[] | select(.role == "identifier")'
//
// Streams the whole input (or the first --rows records); detection works on a bounded, seeded
// reservoir sample per column (1,000 values), distinct counts are exact up to 10,000 per
// column and estimated (HyperLogLog) beyond. The draft is checked against the policy schema
// before it is written. No cell values are shown unless --show-examples.
import type { Readable } from 'node:stream';
import { KanonError } from '../errors.js';
import { inputSource } from '../io/input.js';
import { openTable } from '../io/read.js';
import { checkNotSameFile, writeFileAtomic } from '../io/output.js';
import type { Format } from '../io/types.js';
import { parsePolicy } from '../policy/load.js';
import { createProfiler, detect, draftPolicy, renderScanJson, renderScanTable, type ColumnFinding, type DraftPolicy } from '../scan/index.js';
import type { Progress } from '../plan/plan.js';

export interface ScanOptions {
  input?: string;
  format?: Format;
  delimiter?: string;
  /** Stop after this many records. */
  rows?: number;
  showExamples?: boolean;
  k?: number;
  suppressionLimit?: number;
  policyOut?: string;
  /** The header row is the column names even where they look like data (src/scan/header.ts). */
  trustHeader?: boolean;
}

export interface ScanResult {
  findings: ColumnFinding[];
  records: number;
  complete: boolean;
  /** Undefined when the header row looks like data and no --policy-out was asked for (the
   *  table and JSON then carry the warning; with --policy-out it is INPUT_HEADER). */
  draft?: DraftPolicy;
}

export async function scanCommand(opts: ScanOptions, io: { stdin: Readable & { isTTY?: boolean }; progress: Progress }): Promise<ScanResult> {
  checkNotSameFile(opts.input, opts.policyOut); // --policy-out naming the input would destroy it (issue 11 item 11)
  const src = inputSource(opts.input, io.stdin);
  const stream = src.open();
  const table = await openTable(stream, {
    file: src.name,
    ...(src.path ? { path: src.path } : {}),
    ...(opts.format ? { format: opts.format } : {}),
    ...(opts.delimiter ? { delimiter: opts.delimiter } : {}),
    counter: io.progress.bytes,
  });
  const profiler = createProfiler({ header: table.header });
  let records = 0;
  let complete = true;
  io.progress.phase('profiling');
  outer: for await (const batch of table.batches) {
    for (const row of batch.rows) {
      if (opts.rows !== undefined && records >= opts.rows) {
        complete = false;
        break outer;
      }
      profiler.add(row);
      records++;
    }
    io.progress.add(batch.rows.length);
  }
  if (!complete) stream.destroy();
  const findings = detect(profiler.finish(), opts.trustHeader ? { trustHeader: true } : {});
  if (!opts.policyOut && findings.some((f) => f.header !== undefined)) return { findings, records, complete };
  const draft = draftPolicy(findings, {
    file: src.name,
    ...(opts.k !== undefined ? { k: opts.k } : {}),
    ...(opts.suppressionLimit !== undefined ? { suppressionLimit: opts.suppressionLimit } : {}),
    ...(opts.showExamples ? { showExamples: true } : {}),
  });
  const text = `${JSON.stringify({ $schema: './node_modules/kanon/schema/policy.schema.json', ...draft }, null, 2)}\n`;
  try {
    parsePolicy(text, opts.policyOut ?? 'draft policy');
  } catch (e) {
    // A draft the schema refuses is a bug in scan, not the user's input.
    throw new KanonError('INTERNAL', `the drafted policy does not pass the policy schema (${e instanceof KanonError ? e.code : 'error'})`);
  }
  if (opts.policyOut) writeFileAtomic(opts.policyOut, text);
  return { findings, records, complete, draft };
}

export function scanTable(r: ScanResult, color: boolean, showExamples: boolean): string {
  return renderScanTable(r.findings, { color, showExamples });
}

export function scanJson(r: ScanResult, showExamples: boolean): string {
  return `${JSON.stringify({ records: r.records, complete: r.complete, ...renderScanJson(r.findings, { showExamples }) }, null, 2)}\n`;
}
