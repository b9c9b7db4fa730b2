// Entry point: the only module that sets the exit code or calls process.exit.
// 0 ok, 1 internal, 2 usage/policy, 3 input data, 4 risk gate (src/errors.ts).
import { CommanderError } from 'commander';
import { EXIT, KanonError, toKanonError } from '../errors.js';
import { buildProgram } from './program.js';
import { createUi, useColor } from './ui.js';
import { addCompletion } from './completion.js';
import type { Command } from 'commander';

/** Commander's own errors ("error: unknown option '--x'") in kanon's form:
 *  `kanon: error USAGE: unknown option '--x'` (exit 2), on every (sub)command. */
function commanderErrorsAsKanon(cmd: Command, write: (s: string) => void, color: boolean): void {
  const red = (s: string): string => (color ? `\x1b[31m${s}\x1b[39m` : s);
  cmd.configureOutput({
    writeOut: (s) => process.stdout.write(s),
    writeErr: write,
    outputError: (str, w) => w(str.replace(/^error: /i, `${red('kanon: error')} USAGE: `)),
  });
  for (const sub of cmd.commands) commanderErrorsAsKanon(sub, write, color);
}

export async function main(argv: string[], io = { stdin: process.stdin, stderr: process.stderr, env: process.env }): Promise<number> {
  let code: number = EXIT.ok;
  const program = buildProgram(io, () => {});
  addCompletion(program, (s) => process.stdout.write(s));
  const color = useColor({ noColor: argv.includes('--no-color'), env: io.env, isTTY: !!io.stderr.isTTY });
  commanderErrorsAsKanon(program, (s) => io.stderr.write(s), color);
  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      code = e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    } else {
      const err = e instanceof KanonError ? e : toKanonError(e);
      if (!(e instanceof KanonError) && io.env.KANON_DEBUG) io.stderr.write(`${(e as Error)?.stack ?? String(e)}\n`);
      const quiet = argv.includes('-q') || argv.includes('--quiet');
      createUi({ color: useColor({ noColor: argv.includes('--no-color'), env: io.env, isTTY: !!io.stderr.isTTY }), quiet, stderr: io.stderr }).error(err);
      code = err.exitCode;
    }
  }
  return code;
}

// A closed pipe downstream (`kanon run … | head`) is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(EXIT.ok);
});
// A closed stderr (its reader gone) loses the messages, not the run: the exit code still says
// how it went (issue 11 item 17: it was exit 1 although the output was written completely).
process.stderr.on('error', () => {});
for (const [sig, n] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const) {
  process.on(sig, () => process.exit(n)); // 'exit' handlers remove temp files
}

process.exitCode = await main(process.argv);
