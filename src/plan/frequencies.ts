// Planning from a frequency set (issue 16): the distinct quasi-identifier tuples, with the
// sensitive values the models read, and how many records hold each — what one GROUP BY in a
// SQL engine returns:
//
//   SELECT age, zip, sex, diagnosis, count(*) AS count FROM people GROUP BY ALL
//
// The full-domain search needs only class counts, which add up from these entries (Incognito's
// roll-up, LeFevre et al. 2005), so kanon plans on the frequency set exactly as on the rows:
// same levels, loss, suppression and report. Two ways in: encodeFrequencies() takes entries
// from an engine (DuckDB, a warehouse client), readFrequencies() a frequency file (CSV, NDJSON
// or JSON, read by kanon's own readers). Errors name file, line and column, never a value, and
// an unmatched header name is never echoed whole (src/policy/bind.ts, issue 11 item 1).
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { KanonError, closest } from '../errors.js';
import { inputSource } from '../io/input.js';
import { openTable } from '../io/read.js';
import type { Format, Table } from '../io/types.js';
import { bindPolicy, headerHint } from '../policy/bind.js';
import type { RunConfig } from '../policy/normalize.js';
import type { BoundPolicy, Policy } from '../policy/types.js';
import { UNLIMITED, type Budget } from '../resources.js';
import { createEncoder, type EncoderOptions } from '../search/encode.js';
import type { EncodedTable } from '../search/types.js';
import { encoderColumns, policyColumns, tableOptions, type Progress } from './plan.js';

/** One line of a frequency set: values in the order of the encoder's quasi and sensitive columns. */
export interface FrequencyEntry {
  quasi: readonly string[];
  sensitive: readonly string[];
  /** Records holding these values: a positive integer. */
  count: number;
  /** Where the entry came from (errors name it); default: its position, counted from 1. */
  line?: number;
}

/** The default name of the count column of a frequency file. */
export const COUNT_COLUMN = 'count';

export interface FrequencyOptions {
  /** The heap is checked against it every `checkEvery` entries. */
  budget?: Budget;
  progress?: Pick<Progress, 'add'>;
  /** Entries expected, when the engine knows (the encoder's columns then start at that size). */
  expectedEntries?: number;
}

const CHECK_EVERY = 8192;

/** Encode a frequency set from an engine: the EncodedTable the search, the report and the plan
 *  file take, weighted by the entries' counts (weight null when every count is 1). A count that
 *  is not a positive integer is INPUT_VALUE naming the entry's line. Entries may repeat a tuple
 *  (their counts add up). */
export async function encodeFrequencies(
  entries: AsyncIterable<FrequencyEntry> | Iterable<FrequencyEntry>,
  options: EncoderOptions,
  opts: FrequencyOptions = {},
): Promise<EncodedTable> {
  const enc = createEncoder(opts.expectedEntries !== undefined ? { ...options, expectedEntries: opts.expectedEntries } : options);
  const budget = opts.budget ?? UNLIMITED;
  let n = 0;
  for await (const e of entries) {
    n++;
    if (!(Number.isSafeInteger(e.count) && e.count > 0)) {
      throw new KanonError('INPUT_VALUE', 'the count is not a positive integer', { file: options.file, line: e.line ?? n });
    }
    enc.add(e.quasi, e.sensitive, e.line ?? n, e.count);
    if (n % CHECK_EVERY === 0) {
      opts.progress?.add(CHECK_EVERY);
      budget.checkHeap('the frequency set', 'use fewer or coarser quasi-identifier or sensitive columns');
    }
  }
  opts.progress?.add(n % CHECK_EVERY);
  return enc.finish();
}

const DIGITS = /^[0-9]+$/;

/** A frequency file's count cell → its count, or INPUT_VALUE (line, column; never the cell). */
export function parseCount(cell: string | undefined, where: { file: string; line: number; column: string }): number {
  const s = (cell ?? '').trim();
  const n = DIGITS.test(s) ? Number(s) : NaN;
  if (!(Number.isSafeInteger(n) && n > 0)) throw new KanonError('INPUT_VALUE', 'the count is not a positive integer', where);
  return n;
}

/** Where each encoder column and the count are in a frequency file's header. Every header
 *  column must be one of them (a column of another role would split the tuples the plan
 *  counts); a missing one is named (the policy's or the option's name), an unmatched header
 *  name only by its position and, as a close match, a short prefix. */
export function bindFrequencyHeader(
  header: readonly string[],
  file: string,
  columns: { quasi: readonly { name: string }[]; sensitive: readonly { name: string }[] },
  countColumn: string,
): { quasi: number[]; sensitive: number[]; count: number } {
  const wanted = [...columns.quasi.map((q) => q.name), ...columns.sensitive.map((s) => s.name), countColumn];
  const known = new Set(wanted);
  const unmatched: { name: string; position: number }[] = [];
  header.forEach((name, i) => {
    if (!known.has(name)) unmatched.push({ name, position: i + 1 });
  });
  const problems: KanonError[] = [];
  if (unmatched.length) {
    const shown = unmatched.slice(0, 10).map((u) => u.position);
    problems.push(
      new KanonError(
        'INPUT_HEADER',
        `${unmatched.length} column(s) of the frequency file are neither a quasi-identifier or sensitive column of the policy nor the count column (position${unmatched.length > 1 ? 's' : ''} ${shown.join(', ')}${unmatched.length > 10 ? ', …' : ''})`,
        { file, line: 1 },
      ),
    );
  }
  const pos = new Map(header.map((h, i) => [h, i]));
  const candidates = unmatched.map((u) => u.name);
  for (const name of wanted) {
    if (pos.has(name)) continue;
    const hint = closest(name, candidates);
    const at = hint === undefined ? -1 : unmatched.find((u) => u.name === hint)!.position;
    const close = hint !== undefined ? ` (column ${at}, ${JSON.stringify(headerHint(hint))}, is close)` : '';
    problems.push(
      name === countColumn && !columns.quasi.some((q) => q.name === name) && !columns.sensitive.some((s) => s.name === name)
        ? new KanonError('INPUT_HEADER', `the frequency file has no count column (--count-column names it)${close}`, { file, line: 1, column: name })
        : new KanonError('INPUT_HEADER', `the frequency file lacks a quasi-identifier or sensitive column of the policy${close}`, {
            file,
            line: 1,
            column: name,
          }),
    );
  }
  if (problems.length === 1) throw problems[0]!;
  if (problems.length > 1) throw new KanonError(problems[0]!.code, problems[0]!.message, problems[0]!.where, problems.slice(1));
  const at = (name: string): number => pos.get(name)!;
  return { quasi: columns.quasi.map((q) => at(q.name)), sensitive: columns.sensitive.map((s) => at(s.name)), count: at(countColumn) };
}

/** Read a frequency file (opened by kanon's readers: openTable) into the weighted EncodedTable. */
export async function readFrequencies(
  table: Table,
  file: string,
  columns: Pick<EncoderOptions, 'quasi' | 'sensitive'>,
  opts: FrequencyOptions & { countColumn?: string } = {},
): Promise<EncodedTable> {
  const countColumn = opts.countColumn ?? COUNT_COLUMN;
  const idx = bindFrequencyHeader(table.header, file, columns, countColumn);
  // Straight into the encoder batch by batch (no generator per entry on this path).
  const enc = createEncoder({ file, ...columns });
  const budget = opts.budget ?? UNLIMITED;
  const quasi = new Array<string>(idx.quasi.length);
  const sensitive = new Array<string>(idx.sensitive.length);
  for await (const batch of table.batches) {
    for (let r = 0; r < batch.rows.length; r++) {
      const row = batch.rows[r]!;
      const line = batch.lines[r]!;
      for (let j = 0; j < quasi.length; j++) quasi[j] = row[idx.quasi[j]!] ?? '';
      for (let j = 0; j < sensitive.length; j++) sensitive[j] = row[idx.sensitive[j]!] ?? '';
      enc.add(quasi, sensitive, line, parseCount(row[idx.count], { file, line, column: countColumn }));
    }
    opts.progress?.add(batch.rows.length);
    budget.checkHeap('the frequency set', 'use fewer or coarser quasi-identifier or sensitive columns');
  }
  return enc.finish();
}

export interface FrequencyFileOptions {
  /** The count column's name (default "count"). */
  countColumn?: string;
  /** The frequency file's format and CSV delimiter; default: from its extension, else sniffed.
   *  The policy's `input` section describes the data, not a GROUP BY's result: not used here. */
  format?: Format;
  delimiter?: string;
  progress?: Progress;
  budget?: Budget;
}

export interface FrequencyInput {
  enc: EncodedTable;
  /** The policy bound to the frequency file's columns (its header without the count column, in
   *  its order — the search's tie rule follows the quasi-identifiers' order, as on the rows —
   *  then the policy's other columns in policy order: they are in the data, not in the counts). */
  bound: BoundPolicy;
  /** sha256 of the frequency file's bytes as read: the plan's input fingerprint. */
  inputSha256: string;
  name: string;
}

/** `kanon plan --frequencies FILE`: open the frequency file with kanon's readers, check its
 *  header against the policy's quasi-identifier and sensitive columns and the count column,
 *  and encode it with the policy's hierarchies. */
export async function readFrequencyFile(
  path: string,
  stdin: Readable & { isTTY?: boolean },
  policy: Policy,
  config: Pick<RunConfig, 'columns'>,
  opts: FrequencyFileOptions = {},
): Promise<FrequencyInput> {
  const countColumn = opts.countColumn ?? COUNT_COLUMN;
  const src = inputSource(path, stdin);
  const hash = createHash('sha256');
  const read = { read: { ...(opts.format ? { format: opts.format } : {}), ...(opts.delimiter ? { delimiter: opts.delimiter } : {}) } };
  const table = await openTable(src.open(), tableOptions(src, read, { hash, ...(opts.progress ? { bytes: opts.progress.bytes } : {}) }));
  const named = (role: string) => policy.columns.filter((c) => c.spec.role === role).map((c) => ({ name: c.name }));
  bindFrequencyHeader(table.header, src.name, { quasi: named('quasi'), sensitive: named('sensitive') }, countColumn);
  const inFile = table.header.filter((h) => h !== countColumn);
  const seen = new Set(inFile);
  const header = [...inFile, ...policy.columns.map((c) => c.name).filter((n) => !seen.has(n))];
  const bound = bindPolicy(policy, header, src.name);
  const columns = encoderColumns(policyColumns(bound, config));
  opts.progress?.phase('planning');
  const enc = await readFrequencies(table, src.name, columns, {
    countColumn,
    ...(opts.progress ? { progress: opts.progress } : {}),
    ...(opts.budget ? { budget: opts.budget } : {}),
  });
  return { enc, bound, inputSha256: hash.digest('hex'), name: src.name };
}
