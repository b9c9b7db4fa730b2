// The release ledger (kanon run --plan … --ledger releases.jsonl): one JSON line per release
// with digests and counts only (plan, policy, input, output, report; records in and out,
// suppressed, classes) — no values, no timestamps (the file's history in version control, or
// the CI job, dates them). It refuses to release an input already released under another
// plan: two differently generalized releases of the same records can be intersected to narrow
// every class (composition attacks: Ganta, Kasiviswanathan, Smith, KDD 2008), so k-anonymity
// of each release alone no longer bounds the risk of the pair.
import { appendFileSync, readFileSync } from 'node:fs';
import { KanonError } from '../errors.js';

export interface LedgerEntry {
  kanonLedger: 1;
  tool: string;
  plan: string;
  policy: string;
  input: string;
  output: string;
  report: string;
  recordsIn: number;
  recordsOut: number;
  suppressed: number;
  classes: number;
}

const SHA = /^[0-9a-f]{64}$/;

export function readLedger(file: string): LedgerEntry[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new KanonError('LEDGER_INVALID', 'cannot read the ledger file', { file });
  }
  const out: LedgerEntry[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let e: Partial<LedgerEntry>;
    try {
      e = JSON.parse(line) as Partial<LedgerEntry>;
    } catch {
      throw new KanonError('LEDGER_INVALID', 'this ledger line is not JSON', { file, line: i + 1 });
    }
    if (e?.kanonLedger !== 1 || typeof e.plan !== 'string' || !SHA.test(e.plan) || typeof e.input !== 'string' || !SHA.test(e.input)) {
      throw new KanonError('LEDGER_INVALID', 'this ledger line is not a kanon release entry', { file, line: i + 1 });
    }
    out.push(e as LedgerEntry);
  });
  return out;
}

/** The refusal (or undefined): this input was released under another plan. */
export function checkLedger(entries: readonly LedgerEntry[], r: { input: string; plan: string; allowReplan: boolean; file: string }): KanonError | undefined {
  if (r.allowReplan) return undefined;
  const i = entries.findIndex((e) => e.input === r.input && e.plan !== r.plan);
  if (i < 0) return undefined;
  return new KanonError(
    'LEDGER_REPLAN',
    `this input was already released under another plan (ledger entry ${i + 1}); releasing the same records generalized differently lets the two releases be intersected to narrow every class (composition attack, Ganta, Kasiviswanathan, Smith, KDD 2008). Nothing was written; apply the plan of that release, or pass --allow-replan if the earlier release was never published`,
    { file: r.file },
  );
}

export function appendRelease(file: string, entry: LedgerEntry): void {
  const line =
    JSON.stringify({
      kanonLedger: 1,
      tool: entry.tool,
      plan: entry.plan,
      policy: entry.policy,
      input: entry.input,
      output: entry.output,
      report: entry.report,
      recordsIn: entry.recordsIn,
      recordsOut: entry.recordsOut,
      suppressed: entry.suppressed,
      classes: entry.classes,
    }) + '\n';
  try {
    appendFileSync(file, line, { mode: 0o666 & ~process.umask() });
  } catch {
    throw new KanonError('OUTPUT_WRITE', 'cannot append to the ledger file', { file });
  }
}
