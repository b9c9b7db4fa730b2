// kanon sql — the SQL a warehouse runs to plan and release where the data lives (issue 16).
//
//   kanon sql --dialect duckdb -p policy.json --table people                  # frequency set
//   kanon sql --dialect postgres -p policy.json --table people --plan plan.json --only apply
//
// Flow: the frequency-set query's result (quasi-identifiers, sensitive columns, count) is what
// `kanon plan --frequencies counts.csv` reads; the plan it writes is applied by the apply query.
// The plan file is read and checked by kanon's own loader (src/planfile/apply.ts openFrozen:
// schema, policy, hierarchy and privacy digests), so its errors are kanon run --plan's. No key
// is ever read: keyed operators are refused (src/sql/operators.ts).
import { KanonError } from '../errors.js';
import { openFrozen } from '../planfile/apply.js';
import { loadConfig } from '../policy/normalize.js';
import { dialectFor } from '../sql/dialect.js';
import { applyQuery, checkApply, frequencyQuery } from '../sql/query.js';

export interface SqlOptions {
  dialect: string;
  policy: string;
  table: string;
  plan?: string;
  countColumn?: string;
  /** Print only one of the queries. */
  only?: 'frequencies' | 'apply';
}

export function sqlCommand(opts: SqlOptions): string {
  const d = dialectFor(opts.dialect);
  if (opts.only === 'apply' && opts.plan === undefined) throw new KanonError('USAGE', '--only apply needs --plan');
  const config = loadConfig(opts.policy, {}, 'run');
  const parts: string[] = [];
  if (opts.only !== 'apply') {
    parts.push(
      `-- kanon sql (${d.name}): the frequency set, for kanon plan --frequencies (save the result as CSV)\n${frequencyQuery(d, config, opts.table, opts.countColumn)}`,
    );
  }
  if (opts.plan !== undefined && opts.only !== 'frequencies') {
    // Keyed operators and unsupported models are refused before the plan is opened.
    checkApply(d, config);
    if (config.privacy === undefined)
      throw new KanonError('USAGE', 'the policy has no quasi-identifiers: there is no plan to apply', { file: config.policy.file });
    const frozen = openFrozen({ plan: opts.plan }, { policy: config.policy, privacy: config.privacy, keyFingerprint: null, toolVersion: '' });
    const t = frozen.loaded.plan.transformation;
    if (t.kind !== 'global')
      throw new KanonError('PLAN_INVALID', 'this kanon applies global recoding plans only', { file: opts.plan, path: '/transformation/kind' });
    parts.push(
      `-- kanon sql (${d.name}): the apply query for plan ${frozen.loaded.sha256.slice(0, 16)}\n${applyQuery(d, opts.table, { config, quasi: t.quasi, planFile: opts.plan })}`,
    );
  }
  return `${parts.join('\n\n')}\n`;
}
