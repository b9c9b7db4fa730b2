// One configuration model (issue 10): the policy file plus only the flags the user actually
// gave → one typed, frozen RunConfig that every command reads (never policy.raw). Everything
// that can be checked without the data is checked here, once, with every problem collected:
// operator options (each operator's validate()), hierarchies (loaded), the privacy section,
// risk thresholds against the models they need, the lattice size, and — given a key ring —
// the keys the keyed operators will ask for. `run` calls this before it opens the input, so a
// run that would fail on configuration fails in milliseconds; `validate` calls the same.
import { resolve } from 'node:path';
import { KanonError } from '../errors.js';
import type { Format } from '../io/types.js';
import type { FrozenOptions } from '../planfile/apply.js';
import { isParquetPath, outputFormatFor } from '../io/output.js';
import type { Engine } from '../engine/duckdb.js';
import { loadHierarchy, type HierarchySpec } from '../hierarchy/load.js';
import type { Hierarchy } from '../hierarchy/types.js';
import { OPERATORS } from '../operators/registry.js';
import type { KeyRing } from '../operators/types.js';
import { normalizePrivacy, type RawPrivacy } from '../privacy/normalize.js';
import type { PrivacyConfig } from '../privacy/types.js';
import { normalizeRisk, type RiskPolicy } from '../risk/schema.js';
import { describeSearchSpace, type SearchSpace } from '../search/space.js';
import type { SensitiveOrder } from '../search/index.js';
import { bundle, loadPolicy } from './load.js';
import type { ColumnSpec, Policy, Role } from './types.js';

/** The flags of run/reveal/validate/audit that bear on the configuration, present only when
 *  the user gave them (program.ts reads commander's value sources). */
export interface ConfigFlags {
  input?: string;
  output?: string;
  format?: Format;
  delimiter?: string;
  to?: Format;
  outDelimiter?: string;
  escapeFormulas?: boolean;
  failOnCollision?: boolean;
  dryRun?: boolean;
  reportValues?: boolean;
  reports?: string[];
  keyFiles?: string[];
  /** Bytes (--max-memory). */
  maxMemory?: number;
  /** Apply a frozen plan instead of searching (run --plan, issue 15). */
  frozen?: FrozenOptions;
  /** --engine (issue 16): auto = duckdb for Parquet input, node otherwise. */
  engine?: Engine;
}

export type Mode = 'run' | 'reveal' | 'validate';

export interface ColumnConfig {
  readonly name: string;
  readonly role: Role;
  readonly configPath: string;
  readonly spec: Readonly<ColumnSpec>;
  /** Quasi-identifiers (always) and sensitive columns with one. */
  readonly hierarchy?: Hierarchy;
  readonly order?: SensitiveOrder;
  /** Keyed operators: the key id they use. */
  readonly keyId?: string;
}

export interface RunConfig {
  readonly mode: Mode;
  readonly policy: Policy;
  readonly input?: string;
  readonly output?: string;
  readonly read: { readonly format?: Format; readonly delimiter?: string; readonly engine?: Engine };
  readonly write: { readonly format?: Format; readonly delimiter?: string; readonly escapeFormulas: boolean; readonly failOnCollision: boolean };
  /** Policy order. */
  readonly columns: readonly ColumnConfig[];
  /** Set when the policy has quasi-identifiers (and the mode plans: run, validate). */
  readonly privacy?: PrivacyConfig;
  readonly risk: RiskPolicy;
  /** risk.populationTable resolved against the policy's folder. */
  readonly populationTable?: string;
  /** Product of the quasi-identifiers' hierarchy levels (known at load unless a hierarchy fits itself to the data). */
  /** Lattice size and the search it gets, when every hierarchy's depth is known at load. */
  readonly searchSpace?: SearchSpace;
  readonly dryRun: boolean;
  readonly frozen?: Readonly<FrozenOptions>;
  readonly reportValues: boolean;
  readonly reports: readonly string[];
  readonly keyFiles: readonly string[];
  readonly maxMemory?: number;
}

export interface NormalizeOptions {
  /** When given, every key a keyed operator will ask for is fetched now (presence and
   *  length; KEY_MISSING / KEY_INVALID), so a missing key fails before the data is read. */
  keys?: KeyRing;
}

/** The configuration and every problem found. Never throws a KanonError for a problem of the
 *  policy or the keys (the caller decides: run throws them all, validate lists them). With
 *  problems the configuration is partial (a hierarchy that failed to load is absent). */
export function checkConfig(policy: Policy, flags: ConfigFlags, mode: Mode, opts: NormalizeOptions = {}): { config: RunConfig; problems: KanonError[] } {
  const problems: KanonError[] = [];
  const at = <T>(fn: () => T): T | undefined => {
    try {
      return fn();
    } catch (e) {
      if (!(e instanceof KanonError)) throw e;
      problems.push(e, ...e.more);
      return undefined;
    }
  };
  const file = policy.file;
  const entries = new Map(policy.columns.map((c) => [c.name, { role: c.spec.role, ...(c.spec.operator !== undefined ? { operator: c.spec.operator } : {}) }]));
  const reversing = mode === 'reveal';
  const columns: ColumnConfig[] = [];
  for (const c of policy.columns) {
    const spec = c.spec;
    let hierarchy: Hierarchy | undefined;
    let keyId: string | undefined;
    if (spec.role === 'identifier') {
      const def = OPERATORS[spec.operator ?? ''];
      if (!def) {
        problems.push(new KanonError('POLICY_SCHEMA', 'unknown operator', { path: `${c.configPath}/operator` }));
      } else {
        problems.push(...(def.validate?.(spec, { column: c.name, configPath: c.configPath, columns: entries }) ?? []));
        // reveal only inverts the reversible operators: only their keys are needed.
        if (def.keyed && (!reversing || def.reverse)) keyId = typeof spec.key === 'string' ? spec.key : 'default';
      }
    }
    if (spec.hierarchy !== undefined && !reversing && (spec.role === 'quasi' || spec.role === 'sensitive')) {
      hierarchy = at(() => loadHierarchy(spec.hierarchy as HierarchySpec, { baseDir: policy.dir, configPath: `${c.configPath}/hierarchy` }));
    }
    columns.push(
      Object.freeze({
        name: c.name,
        role: spec.role,
        configPath: c.configPath,
        spec: Object.freeze({ ...spec }),
        ...(hierarchy ? { hierarchy } : {}),
        ...(spec.role === 'sensitive' && spec.order !== undefined ? { order: spec.order as SensitiveOrder } : {}),
        ...(keyId !== undefined ? { keyId } : {}),
      }),
    );
  }

  const quasi = columns.filter((c) => c.role === 'quasi');
  const sens = columns.filter((c) => c.role === 'sensitive');
  let privacy: PrivacyConfig | undefined;
  let searchSpace: SearchSpace | undefined;
  if (quasi.length && !reversing) {
    privacy = at(() =>
      normalizePrivacy(
        policy.raw.privacy as RawPrivacy | undefined,
        sens.map((c) => c.name),
        sens.filter((c) => c.spec.hierarchy !== undefined).map((c) => c.name),
      ),
    );
    // Any lattice size is searchable (issue 13): its size and the search it gets are reported.
    // Local recoding (Mondrian) searches no lattice: there is no lattice size to predict.
    if (privacy && privacy.recoding !== 'local' && quasi.every((q) => q.hierarchy && !q.hierarchy.fit)) {
      searchSpace = describeSearchSpace(
        quasi.map((q) => ({ name: q.name, levels: q.hierarchy!.levels })),
        privacy.search ?? {},
      );
    }
  }
  const risk = normalizeRisk(policy.raw.risk);
  const popFile = (policy.raw.risk as { populationTable?: string } | undefined)?.populationTable;
  const populationTable = popFile === undefined ? undefined : resolve(policy.dir, popFile);
  if (!reversing) problems.push(...riskProblems(risk, populationTable !== undefined));
  // The population-table risk groups the population by generalization levels; local recoding
  // has none (each partition its own labels), so the combination is refused here, where
  // validate sees it too, not after the plan pass.
  if (!reversing && privacy?.recoding === 'local' && populationTable !== undefined) {
    problems.push(new KanonError('POLICY_INVALID', 'a population table is not supported with local recoding yet', { path: '/risk/populationTable' }));
  }

  if (opts.keys) {
    const asked = new Set<string>();
    for (const c of columns) {
      if (c.keyId === undefined || asked.has(c.keyId)) continue;
      asked.add(c.keyId);
      // get() checks presence and length; its messages name the source, never the key.
      at(() => {
        try {
          opts.keys!.get(c.keyId);
        } catch (e) {
          if (e instanceof KanonError) throw new KanonError(e.code, e.message, { path: `${c.configPath}${c.spec.key !== undefined ? '/key' : ''}` });
          throw e;
        }
      });
    }
  }

  for (const [i, p] of problems.entries()) if (p.where.file === undefined) problems[i] = new KanonError(p.code, p.message, { file, ...p.where });
  const o = policy.raw.output ?? {};
  const inp = policy.raw.input ?? {};
  const format = flags.format ?? inp.format;
  const delimiter = flags.delimiter ?? inp.delimiter;
  // -o's name gives format, delimiter (.tsv) and gzip unless --to says otherwise (io/output.ts).
  const byName = flags.to ? undefined : outputFormatFor(flags.output);
  // -o NAME.parquet: kanon writes CSV to a private temp file that DuckDB converts (io/write-parquet.ts).
  const parquetOut = isParquetPath(flags.output);
  if (parquetOut && (flags.to !== undefined || flags.outDelimiter !== undefined)) {
    problems.push(new KanonError('USAGE', '-o NAME.parquet writes Parquet: --to and --out-delimiter do not apply', { file: flags.output! }));
  }
  const outFormat = parquetOut ? 'csv' : (flags.to ?? byName?.format ?? o.format);
  const outDelimiter = parquetOut ? ',' : (flags.outDelimiter ?? byName?.delimiter ?? o.delimiter);
  const config: RunConfig = {
    mode,
    policy,
    ...(flags.input !== undefined ? { input: flags.input } : {}),
    ...(flags.output !== undefined ? { output: flags.output } : {}),
    read: Object.freeze({ ...(format ? { format } : {}), ...(delimiter ? { delimiter } : {}), ...(flags.engine ? { engine: flags.engine } : {}) }),
    write: Object.freeze({
      ...(outFormat ? { format: outFormat } : {}),
      ...(outDelimiter ? { delimiter: outDelimiter } : {}),
      // Fail-closed defaults; a flag given beats the policy, a flag not given does not.
      escapeFormulas: flags.escapeFormulas ?? o.escapeFormulas ?? true,
      failOnCollision: flags.failOnCollision ?? o.failOnCollision ?? false,
    }),
    columns: Object.freeze(columns),
    ...(privacy ? { privacy: Object.freeze(privacy) } : {}),
    risk: Object.freeze(risk),
    ...(populationTable !== undefined ? { populationTable } : {}),
    ...(searchSpace !== undefined ? { searchSpace } : {}),
    dryRun: !!flags.dryRun,
    ...(flags.frozen ? { frozen: Object.freeze({ ...flags.frozen }) } : {}),
    reportValues: !!flags.reportValues,
    reports: Object.freeze([...(flags.reports ?? [])]),
    keyFiles: Object.freeze([...(flags.keyFiles ?? [])]),
    ...(flags.maxMemory !== undefined ? { maxMemory: flags.maxMemory } : {}),
  };
  return { config: Object.freeze(config), problems };
}

/** Thresholds that need a model the policy does not give, found at load (not after the plan pass). */
export function riskProblems(risk: RiskPolicy, populationTable: boolean): KanonError[] {
  return risk.thresholds.maxPopulationUniquesShare !== undefined && risk.population === null && !populationTable
    ? [
        new KanonError('POLICY_INVALID', 'maxPopulationUniquesShare needs risk.population (a size or a sampling fraction) or risk.populationTable', {
          path: '/risk/thresholds/maxPopulationUniquesShare',
        }),
      ]
    : [];
}

/** checkConfig, throwing every problem as one bundle (run, reveal). */
export function normalizeConfig(policy: Policy, flags: ConfigFlags, mode: Mode, opts: NormalizeOptions = {}): RunConfig {
  const { config, problems } = checkConfig(policy, flags, mode, opts);
  if (problems.length) throw bundle(problems);
  return config;
}

/** Load the policy file and normalize it (the common entry point of the commands). */
export function loadConfig(policyFile: string, flags: ConfigFlags, mode: Mode, opts: NormalizeOptions = {}): RunConfig {
  return normalizeConfig(loadPolicy(policyFile), flags, mode, opts);
}

export function quasiColumns(config: RunConfig): readonly ColumnConfig[] {
  return config.columns.filter((c) => c.role === 'quasi');
}

export function columnsWithRole(config: RunConfig, role: Role): readonly ColumnConfig[] {
  return config.columns.filter((c) => c.role === role);
}
