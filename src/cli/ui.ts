// Messages on stderr: colour only on a TTY, never with NO_COLOR or --no-color.
import { Chalk, type ChalkInstance } from 'chalk';
import { formatError, type KanonError } from '../errors.js';

export interface Ui {
  color: ChalkInstance;
  quiet: boolean;
  info(msg: string): void;
  error(err: KanonError): void;
}

export function useColor(opts: { noColor?: boolean; env: NodeJS.ProcessEnv; isTTY: boolean }): boolean {
  if (opts.noColor) return false;
  if (opts.env.NO_COLOR !== undefined && opts.env.NO_COLOR !== '') return false;
  if (opts.env.FORCE_COLOR !== undefined && opts.env.FORCE_COLOR !== '0') return true;
  return opts.isTTY && opts.env.TERM !== 'dumb';
}

export function createUi(opts: { color: boolean; quiet: boolean; stderr: NodeJS.WritableStream }): Ui {
  const color = new Chalk({ level: opts.color ? 1 : 0 });
  return {
    color,
    quiet: opts.quiet,
    info(msg) {
      if (!opts.quiet) opts.stderr.write(`${color.dim('kanon:')} ${msg}\n`);
    },
    error(err) {
      // Errors are printed even with --quiet.
      for (const e of [err, ...err.more]) opts.stderr.write(`${color.red('kanon: error')} ${formatError(e)}\n`);
    },
  };
}
