// kanon validate — every check `run` makes before it writes, all problems listed in one run.
//
//   kanon validate --policy policy.json
//   kanon validate --policy policy.json data.csv --json
//
// Without INPUT: the schema, each operator's options, hierarchies, the privacy section, risk
// thresholds against the models they need, the lattice size, and the keys the keyed operators
// use (present and long enough; never printed) — src/policy/normalize.ts, the same code `run`
// calls before it opens its input. With INPUT: the policy against the header, and one pass over
// the data for what only the data can show: every value a hierarchy does not cover (one problem
// per value, with its record count and first line, never the value) and every cell an operator
// refuses (e.g. too short for ff1), then the lattice size of self-fitting hierarchies.
import type { Readable } from 'node:stream';
import { KanonError } from '../errors.js';
import { loadPolicy } from '../policy/load.js';
import { checkConfig, type ConfigFlags } from '../policy/normalize.js';
import type { compileRowPipeline } from '../pipeline.js';
import type { KeyRing } from '../operators/types.js';
import type { Hierarchy } from '../hierarchy/types.js';
import type { BoundPolicy, Policy, Role } from '../policy/types.js';
import type { Table } from '../io/types.js';
import { describeSearchSpace, type SearchSpace } from '../search/space.js';

export interface ValidateResult {
  policy: string;
  columns: Record<Role, number>;
  /** Every problem found; empty when valid. */
  problems: KanonError[];
  checkedAgainst?: string;
  records?: number;
  /** The lattice and the search run will make (validate predicts run, issue 13). */
  search?: SearchSpace;
}

/** Problems listed per hierarchy column, and per operator column, before one summary problem. */
export const MAX_LISTED = 20;

/** Compiling operators must not need the real key: validation never writes a token (the
 *  real keys are checked by checkConfig: presence and length). */
const validationKeys: KeyRing = {
  get: () => Buffer.alloc(32),
  fingerprint: () => 'validation',
};

const problemsOf = (e: unknown): KanonError[] => {
  if (e instanceof KanonError) return [e, ...e.more];
  throw e;
};

export async function validateCommand(
  policyFile: string,
  flags: ConfigFlags,
  io: { stdin: Readable & { isTTY?: boolean }; keys: KeyRing },
): Promise<ValidateResult> {
  const columns: Record<Role, number> = { identifier: 0, quasi: 0, sensitive: 0, insensitive: 0 };
  let policy: Policy;
  try {
    policy = loadPolicy(policyFile);
  } catch (e) {
    return { policy: policyFile, columns, problems: problemsOf(e) };
  }
  for (const c of policy.columns) columns[c.spec.role]++;
  const { config, problems } = checkConfig(policy, flags, 'validate', { keys: io.keys });
  const result: ValidateResult = { policy: policyFile, columns, problems, ...(config.searchSpace !== undefined ? { search: config.searchSpace } : {}) };
  if (flags.input === undefined) return result;
  // The reader, the pipeline and the plan's table options load only with an input (issue 18:
  // `kanon validate --policy p.json` starts in about the time of `node -e 0`).
  const [{ bindPolicy }, { inputSource }, { openTable }, { compileRowPipeline, transformBatch }, { tableOptions }] = await Promise.all([
    import('../policy/bind.js'),
    import('../io/input.js'),
    import('../io/read.js'),
    import('../pipeline.js'),
    import('../plan/plan.js'),
  ]);

  const src = inputSource(flags.input, io.stdin);
  let table: Table;
  let bound: BoundPolicy;
  try {
    table = await openTable(src.open(), tableOptions(src, config));
    bound = bindPolicy(policy, table.header, src.name);
  } catch (e) {
    problems.push(...problemsOf(e));
    return result;
  }
  result.checkedAgainst = src.name;
  let pipeline: ReturnType<typeof compileRowPipeline> | undefined;
  try {
    pipeline = compileRowPipeline(bound, {
      keys: validationKeys,
      stats: { collisions: 0 },
      quasi: new Map(bound.byRole('quasi').map((c) => [c.index, (v: string) => v])),
    });
  } catch (e) {
    problems.push(...problemsOf(e));
  }

  // Distinct values of each column with a hierarchy: count and first line (a hierarchy that
  // fits itself to the data needs them all before any lookup, as in the plan pass).
  const byName = new Map(config.columns.map((c) => [c.name, c]));
  const covered = bound.columns
    .map((c) => ({ col: c, hierarchy: byName.get(c.name)?.hierarchy }))
    .filter((c): c is { col: typeof c.col; hierarchy: Hierarchy } => c.hierarchy !== undefined);
  const seen = covered.map(() => new Map<string, { n: number; line: number }>());
  const operatorProblems: KanonError[] = [];
  let more = 0;
  let records = 0;
  try {
    for await (const batch of table.batches) {
      const { rows, lines } = batch;
      for (let r = 0; r < rows.length; r++) {
        const row = rows[r]!;
        for (let j = 0; j < covered.length; j++) {
          const v = row[covered[j]!.col.index]!;
          const m = seen[j]!;
          const e = m.get(v);
          if (e) e.n++;
          else m.set(v, { n: 1, line: lines[r]! });
        }
        if (pipeline) {
          try {
            transformBatch(pipeline, [row], [lines[r]!], src.name, table.header);
          } catch (e) {
            if (operatorProblems.length < MAX_LISTED) operatorProblems.push(...problemsOf(e));
            else more++;
          }
        }
      }
      records += rows.length;
    }
  } catch (e) {
    // A syntax error of the data ends the pass; what was found before it still counts.
    problems.push(...problemsOf(e));
  }
  result.records = records;
  problems.push(...operatorProblems);
  if (more) problems.push(new KanonError('INPUT_VALUE', `${more} more record(s) an operator refuses (not listed)`, { file: src.name }));

  covered.forEach(({ col, hierarchy }, j) => {
    const m = seen[j]!;
    hierarchy.fit?.([...m.keys()]);
    const gaps: { n: number; line: number }[] = [];
    for (const [v, e] of m) if (hierarchy.lookup(v) === undefined) gaps.push(e);
    gaps.sort((a, b) => a.line - b.line);
    const path = `${col.configPath}/hierarchy`;
    for (const g of gaps.slice(0, MAX_LISTED)) {
      problems.push(
        new KanonError('HIERARCHY_VALUE_MISSING', `a value the hierarchy does not cover, in ${g.n} record(s), first at this line`, {
          file: src.name,
          line: g.line,
          column: col.name,
          path,
        }),
      );
    }
    if (gaps.length > MAX_LISTED) {
      const rest = gaps.slice(MAX_LISTED).reduce((s, g) => s + g.n, 0);
      problems.push(
        new KanonError('HIERARCHY_VALUE_MISSING', `${gaps.length - MAX_LISTED} more value(s) the hierarchy does not cover, in ${rest} record(s) (not listed)`, {
          file: src.name,
          column: col.name,
          path,
        }),
      );
    }
  });

  const quasi = covered.filter((c) => c.col.spec.role === 'quasi');
  if (config.privacy && config.privacy.recoding !== 'local' && quasi.length && quasi.length === bound.byRole('quasi').length) {
    // Now with the hierarchies fitted to the data and the record count (the default check budget depends on it).
    result.search = describeSearchSpace(
      quasi.map((q) => ({ name: q.col.name, levels: q.hierarchy.levels })),
      config.privacy.search ?? {},
      result.records,
    );
  }
  result.problems = dedupe(problems);
  return result;
}

/** Compiling against the header repeats what the operators' validate() found at load. */
function dedupe(problems: KanonError[]): KanonError[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = [p.code, p.where.path, p.where.line, p.where.column, p.message].join('\0');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The --json document: every problem with its code and place (never a value). */
export function problemsJson(r: ValidateResult): string {
  return (
    JSON.stringify(
      {
        valid: r.problems.length === 0,
        policy: r.policy,
        ...(r.checkedAgainst !== undefined ? { input: r.checkedAgainst, records: r.records } : {}),
        ...(r.search !== undefined ? { search: r.search } : {}),
        problems: r.problems.map((p) => ({
          code: p.code,
          message: p.message,
          file: p.where.file ?? null,
          line: p.where.line ?? null,
          column: p.where.column ?? null,
          path: p.where.path ?? null,
        })),
      },
      null,
      2,
    ) + '\n'
  );
}
