// The CLI adapter: what each command does on the terminal around its command function —
// progress, key ring, report files, summary and final lines. program.ts only declares the
// commands; src/commands/* know nothing of the terminal (they never import src/cli).
import { statSync } from 'node:fs';
import type { Engine } from '../engine/duckdb.js';
import { availableParallelism } from 'node:os';
import type { Format } from '../io/types.js';
import { loadKeyRing } from '../keys.js';
import type { KeyRing } from '../operators/types.js';
import type { ConfigFlags } from '../policy/normalize.js';
import type { Population } from '../risk/index.js';
import { defaultMemoryLimit, processBudget } from '../resources.js';
import type { SearchSpace } from '../search/space.js';
import { visible as termSafe } from '../risk/render/format.js';
import { createProgress, type Progress } from './progress.js';
import type { SqlOptions } from '../commands/sql.js';
import { createUi, useColor, type Ui } from './ui.js';
import type { CliIO, GlobalOpts } from './program.js';

import { VERSION } from './version.js';

export { VERSION };

export interface CliContext {
  global: GlobalOpts;
}

export interface RunArgs {
  policy: string;
  flags: ConfigFlags;
  summary: boolean;
  /** --threads (run): worker threads of a single-pass export. */
  threads?: number;
}
export interface ValidateArgs {
  policy: string;
  flags: ConfigFlags;
  json: boolean;
  plan?: string;
}
export interface PlanArgs {
  input?: string;
  policy: string;
  planOut: string;
  format?: Format;
  delimiter?: string;
  createdAt?: string;
  maxMemory?: number;
  engine?: Engine;
  reportValues: boolean;
  reports: string[];
  keyFiles: string[];
  /** Plan from a frequency set (kanon plan --frequencies FILE [--count-column NAME]). */
  frequencies?: string;
  countColumn?: string;
}
export interface AuditArgs {
  input?: string;
  policy?: string;
  qi?: string[];
  sensitive?: string[];
  population?: Population;
  populationTable?: string;
  format?: Format;
  delimiter?: string;
  maxMemory?: number;
  engine?: Engine;
  includeValues: boolean;
  reports: string[];
  json: boolean;
}
export interface ScanArgs {
  input?: string;
  format?: Format;
  delimiter?: string;
  rows?: number;
  k?: number;
  suppressionLimit?: number;
  policyOut?: string;
  trustHeader?: true;
  showExamples: boolean;
  json: boolean;
}

export interface Actions {
  run(args: RunArgs, ctx: CliContext): Promise<void>;
  reveal(args: RunArgs, ctx: CliContext): Promise<void>;
  validate(args: ValidateArgs, ctx: CliContext): Promise<void>;
  audit(args: AuditArgs, ctx: CliContext): Promise<void>;
  scan(args: ScanArgs, ctx: CliContext): Promise<void>;
  plan(args: PlanArgs, ctx: CliContext): Promise<void>;
}

/** Keys are loaded on first use, so a policy without keyed operators needs none. Warnings
 *  (e.g. a key file readable by others) name the file, never the key. */
function makeKeys(env: NodeJS.ProcessEnv, files: readonly string[], warn: (msg: string) => void): KeyRing {
  let ring: KeyRing | undefined;
  const load = (): KeyRing => {
    if (!ring) {
      const loaded = loadKeyRing({ env: env.KANON_KEY, keyFiles: files });
      loaded.warnings.forEach(warn);
      ring = loaded;
    }
    return ring;
  };
  return { get: (id) => load().get(id), fingerprint: (id) => load().fingerprint(id) };
}

export function cliActions(io: CliIO, done: (ui: Ui) => void): Actions {
  const ui = (ctx: CliContext): Ui =>
    createUi({ color: useColor({ noColor: ctx.global.color === false, env: io.env, isTTY: !!io.stderr.isTTY }), quiet: !!ctx.global.quiet, stderr: io.stderr });
  /** With a file input its size gives the progress line a percent (and an ETA on a terminal). */
  const progressFor = (u: Ui, ctx: CliContext, input?: string): Progress => {
    const p = createProgress({ enabled: !u.quiet && (!!ctx.global.progress || (!!io.stderr.isTTY && !io.env.CI)), stderr: io.stderr });
    if (input !== undefined && input !== '-') {
      try {
        const st = statSync(input);
        if (st.isFile()) p.total(st.size);
      } catch {
        /* the command reports a missing input */
      }
    }
    return p;
  };

  async function runOrReveal(mode: 'run' | 'reveal', args: RunArgs, ctx: CliContext): Promise<void> {
    const u = ui(ctx);
    // Each command's modules load with it (issue 18: start-up), not with the CLI.
    const [{ loadConfig }, { reportFormat, summary, warningLines, writeReports }, { runCommand }, { revealCommand }] = await Promise.all([
      import('../policy/normalize.js'),
      import('../commands/reports.js'),
      import('../commands/run.js'),
      import('../commands/reveal.js'),
    ]);
    args.flags.reports?.forEach(reportFormat); // unknown extensions fail before any work
    const keys = makeKeys(io.env, args.flags.keyFiles ?? [], (m) => u.info(`warning: ${m}`));
    // Every configuration problem, keys included, before the input is opened.
    const config = loadConfig(args.policy, args.flags, mode, { keys });
    const progress = progressFor(u, ctx, config.input);
    const showSummary = !u.quiet && (args.summary || !!io.stderr.isTTY);
    try {
      const s = await (mode === 'run' ? runCommand : revealCommand)(config, {
        stdin: io.stdin,
        keys,
        progress,
        budget: processBudget(config.maxMemory ?? defaultMemoryLimit()),
        toolVersion: VERSION,
        threads: args.threads ?? availableParallelism(),
        onReport: (report, gate) => {
          progress.stop();
          writeReports(report, config.reports, gate);
          if (showSummary) io.stderr.write(summary(report, u.color.level > 0, gate));
          else for (const line of warningLines(report)) u.info(`warning: ${line}`); // the summary lists them itself
        },
      });
      progress.stop();
      if (config.frozen) u.info(`plan ${config.frozen.plan} applied (no search)`);
      if (s.search) {
        const lv = Object.entries(s.search.levels)
          .map(([k, v]) => `${termSafe(k)}=${v}`)
          .join(' ');
        const q = s.search;
        const quality = q.optimal ? 'optimal' : `best found; lower bound ${q.lowerBound.toFixed(4)}, gap ${(q.gap * 100).toFixed(1)} %`;
        const first = q.msToFirst !== null && !q.optimal ? `, first solution ${(q.msToFirst / 1000).toFixed(2)} s` : '';
        u.info(
          `search: ${lv}; ${q.suppressed.toLocaleString('en-US')} suppressed, ${q.classes.toLocaleString('en-US')} classes, loss ${q.loss.toFixed(4)}, ${quality} (${q.nodesEvaluated.toLocaleString('en-US')} checks of ${BigInt(q.latticeSize).toLocaleString('en-US')} nodes, ${(q.ms / 1000).toFixed(2)} s${first})`,
        );
      }
      if (s.local) {
        const q = s.local;
        u.info(
          `local recoding (Mondrian): ${q.partitions.toLocaleString('en-US')} partitions, ${q.classes.toLocaleString('en-US')} classes, ${q.suppressed.toLocaleString('en-US')} suppressed, loss ${q.loss.toFixed(4)} (a greedy partitioning: no optimality is claimed; ${(q.ms / 1000).toFixed(2)} s)`,
        );
      }
      if (s.collisions > 0)
        u.info(
          `warning: ${s.collisions} pseudonym collision(s): different values got the same token (use a longer "length"; --fail-on-collision makes this fatal)`,
        );
      if (s.keyFingerprint) u.info(`key fingerprint ${s.keyFingerprint}`);
      u.info(
        s.dryRun
          ? `dry run: ${s.recordsIn.toLocaleString('en-US')} records planned, nothing written (${(s.ms / 1000).toFixed(2)} s)`
          : `${s.recordsOut.toLocaleString('en-US')} of ${s.recordsIn.toLocaleString('en-US')} records, ${s.columnsOut} of ${s.columnsIn} columns → ${s.output} (${(s.ms / 1000).toFixed(2)} s${s.threads ? `, ${s.threads} worker threads` : ''})`,
      );
    } finally {
      progress.stop();
    }
    done(u);
  }

  return {
    run: (args, ctx) => runOrReveal('run', args, ctx),
    reveal: (args, ctx) => runOrReveal('reveal', args, ctx),

    async validate(args, ctx) {
      const u = ui(ctx);
      const [{ validateCommand, problemsJson }, { bundle }] = await Promise.all([import('../commands/validate.js'), import('../policy/load.js')]);
      const keys = makeKeys(io.env, args.flags.keyFiles ?? [], (m) => u.info(`warning: ${m}`));
      const r = await validateCommand(args.policy, args.flags, { stdin: io.stdin, keys });
      if (args.json) process.stdout.write(problemsJson(r));
      if (r.problems.length) throw bundle(r.problems);
      const roles = Object.entries(r.columns)
        .filter(([, n]) => n > 0)
        .map(([k, n]) => `${n} ${k}`)
        .join(', ');
      const lattice = r.search !== undefined ? `; ${searchSpaceLine(r.search)}` : '';
      u.info(
        `${u.color.green('valid')}: ${r.policy} (${roles})${r.checkedAgainst ? `, fits ${r.checkedAgainst} (${r.records!.toLocaleString('en-US')} records)` : ''}${lattice}`,
      );
      if (args.plan !== undefined) {
        const [{ validatePlan }, { loadPolicy }] = await Promise.all([import('../planfile/verify.js'), import('../policy/load.js')]);
        u.info(
          `${u.color.green('valid')}: plan ${args.plan} (sha256 ${validatePlan(args.plan, loadPolicy(args.policy)).sha256.slice(0, 16)}) fits ${r.policy}`,
        );
      }
      done(u);
    },

    async plan(args, ctx) {
      const u = ui(ctx);
      const [{ reportFormat, writeReports }, { planReleaseCommand }] = await Promise.all([
        import('../commands/reports.js'),
        import('../commands/plan-release.js'),
      ]);
      args.reports.forEach(reportFormat); // unknown extensions fail before any work
      const progress = progressFor(u, ctx, args.input ?? args.frequencies);
      try {
        const r = await planReleaseCommand(
          {
            ...(args.input !== undefined ? { input: args.input } : {}),
            policy: args.policy,
            planOut: args.planOut,
            ...(args.format !== undefined ? { format: args.format } : {}),
            ...(args.delimiter !== undefined ? { delimiter: args.delimiter } : {}),
            ...(args.createdAt !== undefined ? { createdAt: args.createdAt } : {}),
            ...(args.frequencies !== undefined ? { frequencies: args.frequencies } : {}),
            ...(args.countColumn !== undefined ? { countColumn: args.countColumn } : {}),
            ...(args.engine !== undefined ? { engine: args.engine } : {}),
            reportValues: args.reportValues,
            toolVersion: VERSION,
          },
          {
            stdin: io.stdin,
            keys: makeKeys(io.env, args.keyFiles, (m) => u.info(`warning: ${m}`)),
            progress,
            budget: processBudget(args.maxMemory ?? defaultMemoryLimit()),
            onReport: (report, gate) => {
              progress.stop();
              writeReports(report, args.reports, gate);
            },
          },
        );
        progress.stop();
        const lv = r.plan.transformation.quasi.map((q) => `${termSafe(q.column)}=${q.level}`).join(' ');
        u.info(
          `plan: ${lv}; ${r.plan.reference.suppressed.toLocaleString('en-US')} of ${r.plan.reference.records.toLocaleString('en-US')} suppressed, loss ${r.plan.search.loss.toFixed(4)} → ${r.output} (sha256 ${r.sha256.slice(0, 16)})`,
        );
      } finally {
        progress.stop();
      }
      done(u);
    },

    async audit(args, ctx) {
      const u = ui(ctx);
      const [{ reportFormat, summary, writeReports }, { auditCommand }, { renderJson }] = await Promise.all([
        import('../commands/reports.js'),
        import('../commands/audit.js'),
        import('../risk/index.js'),
      ]);
      args.reports.forEach(reportFormat); // unknown extensions fail before any work
      const progress = progressFor(u, ctx);
      try {
        await auditCommand(
          {
            ...(args.input !== undefined ? { input: args.input } : {}),
            ...(args.policy !== undefined ? { policy: args.policy } : {}),
            ...(args.qi !== undefined ? { qi: args.qi } : {}),
            ...(args.sensitive !== undefined ? { sensitive: args.sensitive } : {}),
            ...(args.population !== undefined ? { population: args.population } : {}),
            ...(args.populationTable !== undefined ? { populationTable: args.populationTable } : {}),
            ...(args.format !== undefined ? { format: args.format } : {}),
            ...(args.delimiter !== undefined ? { delimiter: args.delimiter } : {}),
            ...(args.maxMemory !== undefined ? { maxMemory: args.maxMemory } : {}),
            ...(args.engine !== undefined ? { engine: args.engine } : {}),
            includeValues: args.includeValues,
            toolVersion: VERSION,
          },
          {
            stdin: io.stdin,
            progress,
            budget: processBudget(args.maxMemory ?? defaultMemoryLimit()),
            onReport: (report, gate) => {
              // Report files come first: a CI job needs them most when the gate fails.
              progress.stop();
              writeReports(report, args.reports, gate);
              if (args.json) process.stdout.write(renderJson(report));
              if (!u.quiet) io.stderr.write(summary(report, u.color.level > 0, gate));
            },
          },
        );
      } finally {
        progress.stop();
      }
      done(u);
    },

    async scan(args, ctx) {
      const u = ui(ctx);
      const { scanCommand, scanJson, scanTable } = await import('../commands/scan.js');
      const progress = progressFor(u, ctx);
      try {
        const r = await scanCommand(
          {
            ...(args.input !== undefined ? { input: args.input } : {}),
            ...(args.format !== undefined ? { format: args.format } : {}),
            ...(args.delimiter !== undefined ? { delimiter: args.delimiter } : {}),
            ...(args.rows !== undefined ? { rows: args.rows } : {}),
            ...(args.k !== undefined ? { k: args.k } : {}),
            ...(args.suppressionLimit !== undefined ? { suppressionLimit: args.suppressionLimit } : {}),
            ...(args.policyOut !== undefined ? { policyOut: args.policyOut } : {}),
            ...(args.trustHeader ? { trustHeader: true } : {}),
            showExamples: args.showExamples,
          },
          { stdin: io.stdin, progress },
        );
        progress.stop();
        if (args.json) process.stdout.write(scanJson(r, args.showExamples));
        else if (!u.quiet) io.stderr.write(scanTable(r, u.color.level > 0, args.showExamples));
        u.info(
          `${r.records.toLocaleString('en-US')} records ${r.complete ? 'profiled' : 'profiled (stopped at --rows)'}${args.policyOut ? `; draft policy → ${args.policyOut} (review it before use)` : ''}`,
        );
        // The table above gives each column's detected role; say where the draft chose another
        // (a place name with no known tree is detected quasi but drafted as a dropped identifier).
        if (r.draft && args.policyOut) {
          const changed = r.findings.filter((f) => {
            const role = r.draft!.columns[f.column]?.role;
            return role !== undefined && role !== f.role;
          });
          if (changed.length > 0) {
            u.info(
              `the draft gives ${changed.length === 1 ? 'a column' : `${changed.length} columns`} another role than detected: ${changed.map((f) => `${f.column} → ${String(r.draft!.columns[f.column]!.role)}`).join(', ')} (see each column's "reason" in ${args.policyOut})`,
            );
          }
        }
      } finally {
        progress.stop();
      }
      done(u);
    },
  };
}

/** "lattice of 12,960 nodes, exact search, proven optimal within 2,000 checks" (+ the widest QIs when it is not). */
function searchSpaceLine(s: SearchSpace): string {
  const size = BigInt(s.latticeSize).toLocaleString('en-US');
  const budget = `${s.maxChecks.toLocaleString('en-US')} checks${s.timeLimitSeconds !== null ? ` or ${s.timeLimitSeconds} s` : ''}`;
  if (s.exactGuaranteed) return `lattice of ${size} nodes, ${s.strategy} search, proven optimal within ${budget}`;
  const top = s.contributors
    .slice(0, 3)
    .map((c) => `${termSafe(c.name)} (${c.levels})`)
    .join(', ');
  return `lattice of ${size} nodes, ${s.strategy} search within ${budget} (the result states whether it is optimal, and its gap); most levels: ${top}`;
}

/** kanon sql: the queries on stdout (data only), nothing on stderr. */
export async function sqlAction(opts: SqlOptions): Promise<void> {
  // Loaded with the command that needs it (the other commands' start-up stays as small).
  const { sqlCommand } = await import('../commands/sql.js');
  process.stdout.write(sqlCommand(opts));
}
