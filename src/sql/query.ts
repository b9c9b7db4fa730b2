// The two queries of `kanon sql` (issue 16): the frequency set a warehouse computes for
// `kanon plan --frequencies`, and the apply query that releases a frozen plan where the data
// lives. Both read every column as text with NULL as '' (kanon's empty cell).
//
// Apply: kanon_src (the policy's columns as text) → kanon_gen (output columns, quasi-identifiers
// generalized) → kanon_cls (class size: COUNT(*) OVER the generalized quasi-identifiers) →
// kanon_chk (the checks kanon run --plan makes before it writes: records suppressed within the
// cap, the gate's minK) → the released rows. A class smaller than k is suppressed as a whole,
// as src/search/evaluate.ts decides for k-anonymity: removed, or written with every
// quasi-identifier "*" (privacy.suppressedOutput "star"). When a check fails the query stops
// with a message instead of returning rows. l-diversity and t-closeness are refused.
import { KanonError } from '../errors.js';
import type { HierarchySpec } from '../hierarchy/load.js';
import type { GlobalQuasi } from '../planfile/types.js';
import type { ColumnConfig, RunConfig } from '../policy/normalize.js';
import { tableName, type Dialect } from './dialect.js';
import { generalizeExpr } from './hierarchy.js';
import { identifierExpr } from './operators.js';

const RESERVED = ['kanon_class_size', 'kanon_ok', 'kanon_n', 'kanon_s', 'kanon_m'];

function textOf(d: Dialect, name: string): string {
  return `COALESCE(CAST(${d.ident(name)} AS ${d.text}), '')`;
}

/** quasi-identifiers then sensitive columns, each in policy order, then the count. */
export function frequencyQuery(d: Dialect, config: RunConfig, table: string, countColumn = 'count'): string {
  const cols = [...config.columns.filter((c) => c.role === 'quasi'), ...config.columns.filter((c) => c.role === 'sensitive')];
  if (cols.length === 0)
    throw new KanonError('USAGE', 'the policy has no quasi-identifier or sensitive column: there is no frequency set to count', {
      file: config.policy.file,
      path: '/columns',
    });
  if (cols.some((c) => c.name === countColumn))
    throw new KanonError('USAGE', '--count-column names a column of the policy: choose another name', { file: config.policy.file, column: countColumn });
  const exprs = cols.map((c) => textOf(d, c.name));
  return [
    `SELECT ${cols.map((c, i) => `${exprs[i]} AS ${d.ident(c.name)}`).join(', ')}, COUNT(*) AS ${d.ident(countColumn)}`,
    `FROM ${tableName(d, table)}`,
    `GROUP BY ${exprs.join(', ')}`,
    `ORDER BY ${exprs.join(', ')};`,
  ].join('\n');
}

export interface ApplyInput {
  config: RunConfig;
  /** The plan's levels, by quasi-identifier. */
  quasi: readonly GlobalQuasi[];
  planFile: string;
}

/** Every refusal that needs no plan: reserved names, models, thresholds, operators. */
export function checkApply(d: Dialect, config: RunConfig): void {
  const file = config.policy.file;
  for (const c of config.columns)
    if (RESERVED.includes(c.name))
      throw new KanonError('SQL_UNSUPPORTED', 'this column name is used by the generated query itself', { file, column: c.name, path: c.configPath });
  for (const c of config.columns) if (c.role === 'identifier') identifierExpr(d, c, d.ident(c.name));
  const privacy = config.privacy;
  if (privacy !== undefined) {
    if (privacy.lDiversity.length > 0)
      throw new KanonError('SQL_UNSUPPORTED', "l-diversity's per-class decisions are not reproduced in SQL: run kanon run --plan for this policy", {
        file,
        path: '/privacy/lDiversity',
      });
    if (privacy.tCloseness.length > 0)
      throw new KanonError('SQL_UNSUPPORTED', "t-closeness's per-class decisions are not reproduced in SQL: run kanon run --plan for this policy", {
        file,
        path: '/privacy/tCloseness',
      });
    if (privacy.recoding === 'local')
      throw new KanonError('SQL_UNSUPPORTED', 'local recoding has no frozen plan to apply', { file, path: '/privacy/recoding' });
  }
  const thresholds = config.risk.thresholds;
  for (const name of Object.keys(thresholds) as (keyof typeof thresholds)[]) {
    if (thresholds[name] === undefined || name === 'minK' || name === 'maxSuppressedShare') continue;
    throw new KanonError(
      'SQL_UNSUPPORTED',
      'this risk threshold is not checked in SQL (only minK and maxSuppressedShare are): run kanon run --plan for this policy',
      {
        file,
        path: `/risk/thresholds/${name}`,
      },
    );
  }
}

export function applyQuery(d: Dialect, table: string, input: ApplyInput): string {
  const { config } = input;
  checkApply(d, config);
  const privacy = config.privacy;
  const thresholds = config.risk.thresholds;
  const byName = new Map(input.quasi.map((q) => [q.column, q]));
  const mismatch = (msg: string, column: string): never => {
    throw new KanonError('PLAN_MISMATCH', msg, { file: input.planFile, column });
  };
  const quasi = config.columns.filter((c) => c.role === 'quasi');
  for (const name of byName.keys()) if (!quasi.some((q) => q.name === name)) mismatch('the plan names a quasi-identifier the policy does not have', name);
  const out: { name: string; expr: string }[] = [];
  for (const c of config.columns) {
    const v = d.ident(c.name);
    if (c.role === 'identifier') {
      const e = identifierExpr(d, c, v);
      if (e !== null) out.push({ name: c.name, expr: e });
    } else if (c.role === 'quasi')
      out.push({
        name: c.name,
        expr: quasiExpr(d, c, byName.get(c.name) ?? mismatch('this quasi-identifier is not in the plan (make a new plan)', c.name), v),
      });
    else out.push({ name: c.name, expr: v });
  }
  const src = `SELECT ${config.columns.map((c) => `${textOf(d, c.name)} AS ${d.ident(c.name)}`).join(', ')} FROM ${tableName(d, table)}`;
  const gen = `SELECT ${out.map((o) => `${o.expr} AS ${d.ident(o.name)}`).join(',\n    ')}\n  FROM kanon_src`;
  if (quasi.length === 0 || privacy === undefined)
    return `WITH kanon_src AS (${src}),\nkanon_gen AS (\n  ${gen}\n)\nSELECT ${out.map((o) => d.ident(o.name)).join(', ')} FROM kanon_gen;`;
  const k = privacy.k;
  const share = Math.min(privacy.suppressionLimit, thresholds.maxSuppressedShare ?? Infinity);
  const minK = thresholds.minK;
  const dbl = (text: string): string => `CAST(${d.str(text)} AS ${d.double})`;
  // The cap as kanon computes it (suppressionCap): floor(limit × rows + 1e-9), in doubles.
  const over = `kanon_s > FLOOR(${dbl(String(share))} * CAST(kanon_n AS ${d.double}) + ${dbl('1e-9')})`;
  const star = privacy.suppressedOutput === 'star';
  const conds = [over];
  if (minK !== undefined && minK > k) conds.push(`kanon_m < ${minK}`);
  // With "star" the suppressed records form one released class too (conservative: checked).
  if (minK !== undefined && star) conds.push(`(kanon_s > 0 AND kanon_s < ${minK})`);
  const failExpr = d.fail(
    `kanon: PRIVACY_UNSATISFIABLE: the frozen plan no longer protects this table: more records in classes smaller than k = ${k} than the suppression limit allows, or a class below the gate's minK (${input.planFile}); nothing should be released (make a new plan with kanon plan)`,
    `CAST(kanon_n AS ${d.text})`,
  );
  const cls = `SELECT kanon_gen.*, COUNT(*) OVER (PARTITION BY ${quasi.map((q) => d.ident(q.name)).join(', ')}) AS kanon_class_size FROM kanon_gen`;
  const stats = `SELECT COUNT(*) AS kanon_n, SUM(CASE WHEN kanon_class_size < ${k} THEN 1 ELSE 0 END) AS kanon_s, MIN(CASE WHEN kanon_class_size >= ${k} THEN kanon_class_size END) AS kanon_m FROM kanon_cls`;
  const chk = `SELECT CASE WHEN ${conds.join(' OR ')} THEN ${failExpr} ELSE 'ok' END AS kanon_ok FROM (${stats}) kanon_stats`;
  const isQuasi = new Set(quasi.map((q) => q.name));
  const select = out.map((o) =>
    star && isQuasi.has(o.name) ? `CASE WHEN kanon_class_size < ${k} THEN '*' ELSE ${d.ident(o.name)} END AS ${d.ident(o.name)}` : d.ident(o.name),
  );
  return [
    `WITH kanon_src AS (${src}),`,
    `kanon_gen AS (\n  ${gen}\n),`,
    `kanon_cls AS (${cls}),`,
    `kanon_chk AS (${chk})`,
    `SELECT ${select.join(', ')}`,
    'FROM kanon_cls CROSS JOIN kanon_chk',
    `WHERE kanon_chk.kanon_ok = 'ok'${star ? '' : ` AND kanon_class_size >= ${k}`};`,
  ].join('\n');
}

function quasiExpr(d: Dialect, c: ColumnConfig, p: GlobalQuasi, v: string): string {
  const h = c.hierarchy;
  if (h === undefined) throw new KanonError('INTERNAL', 'a quasi-identifier without a hierarchy', { column: c.name });
  const spec = c.spec.hierarchy as HierarchySpec;
  const fits = typeof spec === 'object' && spec.type === 'mask' && (spec as { length?: number }).length === undefined;
  const levels = fits ? p.levels : h.levels;
  if (p.levels !== levels)
    throw new KanonError('PLAN_MISMATCH', `the plan was made for a hierarchy of ${p.levels} levels, this one has ${levels}`, { column: c.name });
  if (p.level >= levels) throw new KanonError('PLAN_MISMATCH', "the plan's level is beyond the hierarchy", { column: c.name });
  return generalizeExpr({ d, column: c.name, configPath: c.configPath, spec, hierarchy: h, level: p.level, levels, v });
}
