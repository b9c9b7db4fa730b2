// Commander wiring: the commands, their flags and help — nothing else (issue 10: the action
// bodies live in ./actions.ts, the configuration in src/policy/normalize.ts). argv → the flags
// the user actually gave (commander's value sources) → one action. No process.exit here.
import { Command, Option, CommanderError } from 'commander';
import type { Readable, Writable } from 'node:stream';
import { KanonError } from '../errors.js';
import { FORMATS, type Format } from '../io/types.js';
import type { Engine } from '../engine/duckdb.js';
import { parseSize } from '../resources.js';
import { driftFormat } from '../planfile/drift.js';
import type { FrozenOptions } from '../planfile/apply.js';
import type { ConfigFlags, Mode, RunConfig } from '../policy/normalize.js';
import type { Actions, CliContext, RunArgs } from './actions.js';
import { lazyActions } from './lazy-actions.js';
import { VERSION } from './version.js';
import type { Ui } from './ui.js';

export { VERSION };

export interface CliIO {
  stdin: Readable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

export interface GlobalOpts {
  quiet?: boolean;
  color?: boolean;
  progress?: boolean;
}

const formatOption = (flags: string, what: string): Option => new Option(flags, what).choices([...FORMATS]);
const engineOption = (): Option =>
  new Option('--engine <engine>', 'plan-pass engine: node (in process) or duckdb (a frequency set; CSV and Parquet); auto = duckdb for Parquet').choices([
    'auto',
    'node',
    'duckdb',
  ] satisfies Engine[]);

export function buildProgram(io: CliIO, done: (ui: Ui) => void, actions: Actions = lazyActions(io, done)): Command {
  const program = new Command();
  const cliContext = (cmd: Command): CliContext => ({ global: cmd.optsWithGlobals() as GlobalOpts });
  program
    .name('kanon')
    .description(
      'De-identify tabular data (CSV, NDJSON, JSON): drop or pseudonymize identifiers, generalize quasi-identifiers, and check re-identification risk before anything is written.',
    )
    .version(VERSION, '-V, --version', 'print the version')
    .option('-q, --quiet', 'print nothing on stderr but errors')
    .option('--no-color', 'no colour on stderr (NO_COLOR is honoured too)')
    .option('--progress', 'show progress on stderr even when it is not a terminal')
    .showHelpAfterError('(add --help for usage)')
    .exitOverride()
    .addHelpText(
      'after',
      helpAfter(`
Examples:
  kanon scan data.csv --policy-out policy.json      # draft a policy, then review it
  kanon validate --policy policy.json data.csv      # every check run would make
  kanon run data.csv --policy policy.json -o out.csv --report risk.html
  cat data.csv | kanon run --policy policy.json - > out.csv
  kanon audit data.csv --qi age,zip,sex

Exit codes: 0 ok, 1 internal error, 2 usage or policy error, 3 input data error, 4 risk gate failed.
`),
    );

  const run = program
    .command('run')
    .summary('apply a policy and write the de-identified data')
    .description(
      'Read INPUT (a path, or "-" / nothing for stdin), apply the policy, write OUT (a path, or stdout).\nData goes to stdout only; messages go to stderr. Output to a file is written to a temporary file in the same folder and renamed at the end, so a failed run leaves no partial file.',
    )
    .argument('[input]', 'input file, or - for stdin')
    .requiredOption('-p, --policy <file>', 'policy file (JSON)');
  dataOptions(run)
    .option(
      '-r, --report <file>',
      'write the risk report (.json, .md or .html; repeatable); written even when the gate fails',
      (v: string, acc: string[]) => [...acc, v],
      [] as string[],
    )
    .option('--report-values', "let reports show the smallest classes' generalized values")
    .option('--summary', 'print the risk summary on stderr (default: only on a terminal)')
    .option('--dry-run', 'plan, search and report; write no data')
    .option('--max-memory <size>', "memory budget of the whole process, e.g. 2G (default: half of the machine's memory)", parseSize)
    .addOption(engineOption())
    .option(
      '--threads <n>',
      'worker threads for the export pass of a CSV input (also after a plan, global or local; default: the cores available; 1: no workers); the output is the same bytes',
      positiveInt,
    )
    .option('--plan <file>', 'apply this frozen plan (kanon plan) instead of searching; the models are re-verified on this batch')
    .option('--allow-policy-change', 'with --plan: apply it although the policy, a hierarchy or the key changed since it was made')
    .option('--check-drift', 'with --plan: also search this batch and report the loss the frozen plan costs')
    .option('--drift-out <file>', "with --plan: write this batch against the plan's reference (.json or .md)")
    .option('--ledger <file>', 'with --plan and -o: append the release to this ledger (JSON lines); refuse an input released under another plan')
    .option('--allow-replan', 'with --ledger: release an input the ledger has under another plan')
    .option('--fail-on-collision', 'exit 4 (and write nothing) when two different values get the same pseudonym (policy: output.failOnCollision)')
    .option('--no-fail-on-collision', 'only warn about pseudonym collisions, whatever the policy says')
    .addHelpText(
      'after',
      helpAfter(`
With quasi-identifiers the input is read twice (plan pass, export pass); standard input is then
copied to a private temporary file (mode 0600, unlinked as soon as it is opened), costing one copy
of the input in disk space while the run lasts. Only the encoded quasi-identifier and sensitive
columns are held in memory; --max-memory bounds the whole process (its resident memory, Node's
own ~90 MiB included: a run that would pass it stops with RESOURCE_LIMIT first). Output to a file takes its format from the name (.csv .tsv .ndjson .jsonl
.json, each optionally .gz) unless --to is given.

Examples:
  kanon run data.csv --policy policy.json -o out.csv
  kanon run data.csv --policy policy.json --dry-run --report risk.json --report risk.html
  cat data.csv | kanon run --policy policy.json - > out.csv
  kanon run data.ndjson --policy policy.json --to csv -o out.csv
  KANON_KEY=$(cat key.hex) kanon run data.csv -p policy.json -o out.csv
`),
    )
    .action((input: string | undefined, o: Record<string, unknown>, cmd: Command) => actions.run(runArgs(input, o, cmd), cliContext(cmd)));

  const reveal = program
    .command('reveal')
    .summary('reverse the ff1 columns of a kanon output (same key and policy)')
    .description(
      'Reverse the reversible (ff1) columns of a kanon output, given the same key and policy.\nDropped columns stay dropped; every other column passes through unchanged.',
    )
    .argument('[input]', 'a kanon output file, or - for stdin')
    .requiredOption('-p, --policy <file>', 'the policy the output was made with');
  dataOptions(reveal)
    .addHelpText(
      'after',
      helpAfter(`
Examples:
  kanon reveal out.csv --policy policy.json -o restored.csv
  kanon reveal --key-file key.hex -p policy.json - < out.csv > restored.csv
`),
    )
    .action((input: string | undefined, o: Record<string, unknown>, cmd: Command) => actions.reveal(runArgs(input, o, cmd), cliContext(cmd)));

  program
    .command('validate')
    .summary('check everything run would check before writing (given INPUT, its header and data too)')
    .description(
      'Make every check kanon run makes before writing: the schema, operator options, keys, hierarchies, thresholds and the search space.\nGiven INPUT, also its header and every value against the hierarchies (counts and lines, never values). Prints every problem found.',
    )
    .argument('[input]', 'input file (or -) whose header and values the policy must fit')
    .requiredOption('-p, --policy <file>', 'policy file (JSON)')
    .addOption(formatOption('-f, --format <format>', 'input format (default: from the extension, else sniffed)'))
    .option('-d, --delimiter <char>', 'CSV input delimiter')
    .option('-k, --key-file <file>', 'key file ("path" or "id=path"; repeatable); else KANON_KEY', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--json', 'print the problems as a JSON document on stdout (for CI)')
    .option('--plan <file>', 'also check this plan file against its schema and the policy (digests, quasi-identifiers, levels)')
    .addOption(engineOption())
    .addHelpText(
      'after',
      helpAfter(`
Examples:
  kanon validate --policy policy.json
  kanon validate --policy policy.json data.csv
  kanon validate --policy policy.json --plan plan.json
`),
    )
    .action((input: string | undefined, o: Record<string, unknown>, cmd: Command) =>
      actions.validate(
        {
          policy: o.policy as string,
          flags: {
            ...(input !== undefined ? { input } : {}),
            ...(o.format !== undefined ? { format: o.format as Format } : {}),
            ...(o.delimiter !== undefined ? { delimiter: delimiterArg(o.delimiter as string) } : {}),
            ...(o.engine !== undefined ? { engine: o.engine as Engine } : {}),
            keyFiles: o.keyFile as string[],
          },
          ...(o.plan !== undefined ? { plan: o.plan as string } : {}),
          json: !!o.json,
        },
        cliContext(cmd),
      ),
    );

  program
    .command('audit')
    .summary('measure the re-identification risk of a dataset as it is (writes no data)')
    .description(
      "Measure the re-identification risk of a dataset as it is, from a file or a pipe, without writing data.\nQuasi-identifiers come from --policy (its quasi columns, sensitive columns and risk section) or from --qi.\nWith thresholds in the policy's risk section, a failing gate exits 4 (report files are written first).",
    )
    .argument('[input]', 'input file, or - for stdin')
    .option('-p, --policy <file>', 'take quasi-identifiers, sensitive columns and thresholds from a policy')
    .option('--qi <columns>', 'comma-separated quasi-identifier columns (instead of --policy)', list)
    .option('--sensitive <columns>', 'comma-separated sensitive columns (with --qi)', list)
    .option('--population <n>', 'population size, for population uniqueness (Pitman/Zayatz/SNB)', positiveInt)
    .option('--sampling-fraction <f>', 'sampling fraction instead of --population (0 < f ≤ 1)', fraction)
    .option('--population-table <file>', "the population's records (with the QI columns): journalist and marketer risk from its class sizes")
    .option('-r, --report <file>', 'write the report (.json, .md or .html; repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--report-values', "let reports show the smallest classes' quasi-identifier values")
    .option('--json', 'print the JSON report on stdout')
    .option('--max-memory <size>', "memory budget of the whole process, e.g. 2G (default: half of the machine's memory)", parseSize)
    .addOption(engineOption())
    .addOption(formatOption('-f, --format <format>', 'input format (default: from the extension, else sniffed)'))
    .option('-d, --delimiter <char>', 'CSV input delimiter')
    .addHelpText(
      'after',
      helpAfter(`
Examples:
  kanon audit fixtures/adult/adult.csv --qi sex,age,race,native-country
  kanon audit data.csv --policy policy.json --report risk.json --report risk.html
  cat data.csv | kanon audit --qi age,zip,sex --sensitive diagnosis --population 1000000 --json - | jq .after
`),
    )
    .action((input: string | undefined, o: Record<string, unknown>, cmd: Command) => {
      if (o.population !== undefined && o.samplingFraction !== undefined) throw new KanonError('USAGE', 'give --population or --sampling-fraction, not both');
      return actions.audit(
        {
          ...(input !== undefined ? { input } : {}),
          ...(o.policy !== undefined ? { policy: o.policy as string } : {}),
          ...(o.qi !== undefined ? { qi: o.qi as string[] } : {}),
          ...(o.sensitive !== undefined ? { sensitive: o.sensitive as string[] } : {}),
          ...(o.population !== undefined ? { population: { size: o.population as number } } : {}),
          ...(o.samplingFraction !== undefined ? { population: { fraction: o.samplingFraction as number } } : {}),
          ...(o.populationTable !== undefined ? { populationTable: o.populationTable as string } : {}),
          ...(o.format !== undefined ? { format: o.format as Format } : {}),
          ...(o.delimiter !== undefined ? { delimiter: delimiterArg(o.delimiter as string) } : {}),
          ...(o.maxMemory !== undefined ? { maxMemory: o.maxMemory as number } : {}),
          ...(o.engine !== undefined ? { engine: o.engine as Engine } : {}),
          includeValues: !!o.reportValues,
          reports: o.report as string[],
          json: !!o.json,
        },
        cliContext(cmd),
      );
    });

  program
    .command('scan')
    .summary('profile a dataset, detect identifiers and quasi-identifiers, draft a policy')
    .description(
      'Profile each column, detect direct identifiers (by content and name), quasi-identifiers and sensitive columns, and draft a policy for a person to review. Detection uses a seeded sample of 1,000 values per column; distinct counts are exact up to 10,000 per column, estimated beyond. No cell values are shown unless --show-examples.',
    )
    .argument('[input]', 'input file, or - for stdin')
    .option('--policy-out <file>', 'write the drafted policy (JSON) here')
    .option('--json', 'print the findings as JSON on stdout (instead of the table on stderr)')
    .option('--show-examples', 'show min/max and sample values, and list every category in the draft')
    .option('--rows <n>', 'read only the first N records', positiveInt)
    .option('--k <n>', "k for the draft's privacy section (default 5)", positiveInt)
    .option('--suppression-limit <f>', 'suppression limit for the draft (default 0.05)', fraction)
    .option(
      '--trust-header',
      'the first row is the column names even where they look like data (else such a header is shown by position and no draft is written)',
    )
    .addOption(formatOption('-f, --format <format>', 'input format (default: from the extension, else sniffed)'))
    .option('-d, --delimiter <char>', 'CSV input delimiter')
    .addHelpText(
      'after',
      helpAfter(`
Examples:
  kanon scan data.csv --policy-out policy.json
  kanon scan data.csv --json | jq '.columns[] | select(.role == "identifier") | .column'
  kanon scan big.csv --rows 100000 --policy-out draft.json
`),
    )
    .action((input: string | undefined, o: Record<string, unknown>, cmd: Command) =>
      actions.scan(
        {
          ...(input !== undefined ? { input } : {}),
          ...(o.format !== undefined ? { format: o.format as Format } : {}),
          ...(o.delimiter !== undefined ? { delimiter: delimiterArg(o.delimiter as string) } : {}),
          ...(o.rows !== undefined ? { rows: o.rows as number } : {}),
          ...(o.k !== undefined ? { k: o.k as number } : {}),
          ...(o.suppressionLimit !== undefined ? { suppressionLimit: o.suppressionLimit as number } : {}),
          ...(o.policyOut !== undefined ? { policyOut: o.policyOut as string } : {}),
          ...(o.trustHeader ? { trustHeader: true } : {}),
          showExamples: !!o.showExamples,
          json: !!o.json,
        },
        cliContext(cmd),
      ),
    );

  registerPlan(program, actions, cliContext);
  registerSql(program);
  return program;
}

/** True when the user gave the option on the command line (not a default, not implied). */
function given(cmd: Command, name: string): boolean {
  return cmd.getOptionValueSource(name) === 'cli';
}

/** run/reveal: the policy file and only the flags the user gave. */
function runArgs(input: string | undefined, o: Record<string, unknown>, cmd: Command): RunArgs {
  const flags: ConfigFlags = {
    ...(input !== undefined ? { input } : {}),
    ...(o.output !== undefined ? { output: o.output as string } : {}),
    ...(o.format !== undefined ? { format: o.format as Format } : {}),
    ...(o.delimiter !== undefined ? { delimiter: delimiterArg(o.delimiter as string) } : {}),
    ...(o.to !== undefined ? { to: o.to as Format } : {}),
    ...(o.outDelimiter !== undefined ? { outDelimiter: delimiterArg(o.outDelimiter as string) } : {}),
    // Only a flag the user gave overrides the policy's output section (a default must not).
    ...(given(cmd, 'escapeFormulas') ? { escapeFormulas: o.escapeFormulas as boolean } : {}),
    ...(given(cmd, 'failOnCollision') ? { failOnCollision: o.failOnCollision as boolean } : {}),
    ...(o.dryRun ? { dryRun: true } : {}),
    ...(o.reportValues ? { reportValues: true } : {}),
    reports: (o.report as string[] | undefined) ?? [],
    keyFiles: (o.keyFile as string[] | undefined) ?? [],
    ...(o.maxMemory !== undefined ? { maxMemory: o.maxMemory as number } : {}),
    ...(o.engine !== undefined ? { engine: o.engine as Engine } : {}),
  };
  const frozen = frozenOptions(o);
  if (frozen) flags.frozen = frozen;
  return { policy: o.policy as string, flags, summary: !!o.summary, ...(o.threads !== undefined ? { threads: o.threads as number } : {}) };
}

/** argv (without "node kanon") → the configuration run/reveal would run under, without
 *  running anything (keys are not fetched). For tests of argv × policy → configuration. */
export async function configFromArgv(argv: string[], io: CliIO = { stdin: process.stdin, stderr: process.stderr, env: {} }): Promise<RunConfig> {
  let got: { mode: Mode; args: RunArgs } | undefined;
  const capture: Actions = {
    run: async (args) => {
      got = { mode: 'run', args };
    },
    reveal: async (args) => {
      got = { mode: 'reveal', args };
    },
    validate: async () => {},
    audit: async () => {},
    scan: async () => {},
    plan: async () => {},
  };
  const program = buildProgram(io, () => {}, capture);
  program.configureOutput({ writeOut: () => {}, writeErr: () => {} });
  await program.parseAsync(argv, { from: 'user' });
  if (!got) throw new KanonError('USAGE', 'not a run or reveal command line');
  const { loadConfig } = await import('../policy/normalize.js');
  return loadConfig(got.args.policy, got.args.flags, got.mode);
}

function list(v: string): string[] {
  return v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new KanonError('USAGE', 'expected a whole number ≥ 1');
  return n;
}

function fraction(v: string): number {
  const n = Number(v);
  if (!(n > 0 && n <= 1)) throw new KanonError('USAGE', 'expected a number in (0, 1]');
  return n;
}

/** Input/output options shared by run and reveal. */
function dataOptions(cmd: Command): Command {
  return cmd
    .option('-o, --output <file>', 'output file (default: stdout)')
    .addOption(formatOption('-f, --format <format>', 'input format (default: from the extension, else sniffed)'))
    .option('-d, --delimiter <char>', 'CSV input delimiter (default: detected among , ; tab |)')
    .addOption(formatOption('-t, --to <format>', 'output format (default: the input format)'))
    .option('--out-delimiter <char>', 'CSV output delimiter (default: the input delimiter)')
    .option('--escape-formulas', "prefix cells starting with = + - @ tab or CR with ' (the default; policy: output.escapeFormulas)")
    .option('--no-escape-formulas', "do not prefix cells starting with = + - @ tab or CR with ' (CSV injection guard)")
    .option('-k, --key-file <file>', 'key file ("path" or "id=path"; repeatable); else KANON_KEY', (v: string, acc: string[]) => [...acc, v], [] as string[]);
}

/** "\t" and "tab" name a tab; otherwise one character. */
function delimiterArg(v: string): string {
  const d = v === '\\t' || v.toLowerCase() === 'tab' ? '\t' : v;
  if ([...d].length !== 1) throw new KanonError('USAGE', 'a delimiter is one character (or "tab")');
  return d;
}

export { CommanderError };

/** run --plan and its companions (issue 15); a companion without --plan is a usage error. */
function frozenOptions(o: Record<string, unknown>): FrozenOptions | undefined {
  if (o.plan === undefined) {
    const stray = (['allowPolicyChange', 'checkDrift', 'driftOut', 'ledger', 'allowReplan'] as const).find((k) => o[k] !== undefined && o[k] !== false);
    if (stray) throw new KanonError('USAGE', `--${stray.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} needs --plan`);
    return undefined;
  }
  if (o.driftOut !== undefined) driftFormat(o.driftOut as string); // unknown extensions fail before any work
  return {
    plan: o.plan as string,
    allowPolicyChange: !!o.allowPolicyChange,
    checkDrift: !!o.checkDrift,
    allowReplan: !!o.allowReplan,
    ...(o.driftOut !== undefined ? { driftOut: o.driftOut as string } : {}),
    ...(o.ledger !== undefined ? { ledger: o.ledger as string } : {}),
  };
}

function registerPlan(program: Command, actions: Actions, cliContext: (cmd: Command) => CliContext): void {
  program
    .command('plan')
    .summary('search a reference batch once and write the frozen plan for later releases')
    .description(
      "Run the plan pass and the search on INPUT (the reference batch) like kanon run, and write the chosen transformation as a plan file (JSON, schema/plan.schema.json) for kanon run --plan. The reference must pass the policy's gate. The plan holds digests, levels and counts, no cell values.",
    )
    .argument('[input]', 'reference batch, or - for stdin')
    .requiredOption('-p, --policy <file>', 'policy file (JSON)')
    .requiredOption('--plan-out <file>', 'where to write the plan (- for stdout)')
    .option(
      '-r, --report <file>',
      "write the reference batch's risk report (.json, .md or .html; repeatable)",
      (v: string, acc: string[]) => [...acc, v],
      [] as string[],
    )
    .option('--report-values', "let reports show the smallest classes' generalized values")
    .option('--created-at <text>', 'write this date into the plan (none by default: same batch, same bytes)')
    .addOption(formatOption('-f, --format <format>', 'input format (default: from the extension, else sniffed)'))
    .option('-d, --delimiter <char>', 'CSV input delimiter')
    .option(
      '-k, --key-file <file>',
      'key file ("path" or "id=path"; repeatable); else KANON_KEY; the plan records its fingerprint',
      (v: string, acc: string[]) => [...acc, v],
      [] as string[],
    )
    .option('--max-memory <size>', "memory budget of the whole process, e.g. 2G (default: half of the machine's memory)", parseSize)
    .option(
      '--frequencies <file>',
      'plan from a frequency set instead of INPUT: the quasi-identifier and sensitive columns plus a count column (a GROUP BY result)',
    )
    .option('--count-column <name>', 'the count column of --frequencies (default: count)')
    .addOption(engineOption())
    .addHelpText(
      'after',
      helpAfter(`
Examples:
  kanon plan reference.csv -p policy.json --plan-out plan.json -r reference.md
  kanon plan --frequencies counts.csv -p policy.json --plan-out plan.json
  kanon validate -p policy.json --plan plan.json
  kanon run today.csv -p policy.json --plan plan.json -o release.csv -r release.md --drift-out drift.md
`),
    )
    .action((input: string | undefined, o: Record<string, unknown>, cmd: Command) =>
      actions.plan(
        {
          ...(input !== undefined ? { input } : {}),
          policy: o.policy as string,
          planOut: o.planOut as string,
          ...(o.format !== undefined ? { format: o.format as Format } : {}),
          ...(o.delimiter !== undefined ? { delimiter: delimiterArg(o.delimiter as string) } : {}),
          ...(o.createdAt !== undefined ? { createdAt: o.createdAt as string } : {}),
          ...(o.maxMemory !== undefined ? { maxMemory: o.maxMemory as number } : {}),
          ...(o.frequencies !== undefined ? { frequencies: o.frequencies as string } : {}),
          ...(o.countColumn !== undefined ? { countColumn: o.countColumn as string } : {}),
          ...(o.engine !== undefined ? { engine: o.engine as Engine } : {}),
          reportValues: !!o.reportValues,
          reports: o.report as string[],
          keyFiles: o.keyFile as string[],
        },
        cliContext(cmd),
      ),
    );
}

/** kanon sql (issue 16): the warehouse's frequency-set and apply queries. */
function registerSql(program: Command): void {
  program
    .command('sql')
    .summary('print the SQL a warehouse runs to count the frequency set and to apply a frozen plan')
    .description(
      "Print the frequency-set query (quasi-identifiers, sensitive columns, count: its result is what kanon plan --frequencies reads) and, with --plan, the apply query that releases the plan's transformation in the warehouse (generalization, suppression by class, redact/mask; dropped columns left out). Keyed operators (hmac, ff1, dateShift), l-diversity and t-closeness are refused: run kanon run --plan for those. No key is read, none is ever in the SQL.",
    )
    .addOption(new Option('--dialect <name>', 'SQL dialect').choices(['duckdb', 'postgres', 'spark']).makeOptionMandatory())
    .requiredOption('-p, --policy <file>', 'policy file (JSON)')
    .requiredOption('--table <name>', 'the table to read (schema.table: each part is quoted)')
    .option('--plan <file>', 'a frozen plan (kanon plan --plan-out): also print the apply query')
    .option('--count-column <name>', 'name of the count column of the frequency set', 'count')
    .addOption(new Option('--only <query>', 'print only one query').choices(['frequencies', 'apply']))
    .addHelpText(
      'after',
      helpAfter(`
Examples:
  kanon sql --dialect duckdb -p policy.json --table people > counts.sql
  kanon plan --frequencies counts.csv -p policy.json --plan-out plan.json
  kanon sql --dialect postgres -p policy.json --table people --plan plan.json --only apply > release.sql
  kanon sql --dialect spark -p policy.json --table db.people --plan plan.json

The apply query's columns are kanon's output columns in the policy's order, as text; NULL is read as the empty cell. It stops with an error (and returns no rows) where kanon run --plan would refuse: a value outside its hierarchy, more suppressed records than the limit allows.
`),
    )
    .action(async (o: Record<string, unknown>) =>
      (await import('./actions.js')).sqlAction({
        dialect: o.dialect as string,
        policy: o.policy as string,
        table: o.table as string,
        ...(o.plan !== undefined ? { plan: o.plan as string } : {}),
        countColumn: o.countColumn as string,
        ...(o.only !== undefined ? { only: o.only as 'frequencies' | 'apply' } : {}),
      }),
    );
}

/** Help text after the options, wrapped to the terminal's width when it is printed: prose
 *  paragraphs are joined and broken between words; indented lines (examples) stay as written. */
export function helpAfter(text: string): () => string {
  // The width commander wraps the rest of the help to (the terminal's, else 80).
  return () => rewrap(text, Math.max(40, Math.min((process.stdout.isTTY && process.stdout.columns) || 80, 120)));
}

export function rewrap(text: string, width: number): string {
  const out: string[] = [];
  let para: string[] = [];
  const flush = (): void => {
    if (!para.length) return;
    let line = '';
    for (const w of para.join(' ').split(/\s+/).filter(Boolean)) {
      if (line && line.length + 1 + w.length > width) {
        out.push(line);
        line = w;
      } else line = line ? `${line} ${w}` : w;
    }
    if (line) out.push(line);
    para = [];
  };
  for (const l of text.split('\n')) {
    if (l === '' || /^\s/.test(l) || /:$/.test(l)) {
      flush();
      out.push(l);
    } else para.push(l);
  }
  flush();
  return out.join('\n');
}
