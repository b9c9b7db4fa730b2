// The CLI's actions, loaded on first use: `kanon --version`, `--help` and a usage error load
// commander and the wiring only; the command bodies (src/commands/*, the policy loader, ajv,
// csv-parse …) are imported by the one action that runs (issue 18: start-up was 0.4 s).
import type { Actions } from './actions.js';
import type { CliIO } from './program.js';
import type { Ui } from './ui.js';

export function lazyActions(io: CliIO, done: (ui: Ui) => void): Actions {
  let loaded: Promise<Actions> | undefined;
  const get = (): Promise<Actions> => (loaded ??= import('./actions.js').then((m) => m.cliActions(io, done)));
  return {
    run: async (args, ctx) => (await get()).run(args, ctx),
    reveal: async (args, ctx) => (await get()).reveal(args, ctx),
    validate: async (args, ctx) => (await get()).validate(args, ctx),
    audit: async (args, ctx) => (await get()).audit(args, ctx),
    scan: async (args, ctx) => (await get()).scan(args, ctx),
    plan: async (args, ctx) => (await get()).plan(args, ctx),
  };
}
