// redact: replace every value with one constant (default "*"). Keeps the column (and its
// position) when downstream tools expect it, unlike drop.
import type { OperatorDef } from './types.js';

export interface RedactOptions {
  with?: string;
}

export const redact: OperatorDef<RedactOptions> = {
  name: 'redact',
  summary: 'replace every value with a constant',
  keyed: false,
  options: {
    with: { type: 'string', default: '*', description: 'The replacement text (default "*").' },
  },
  compile(options) {
    const out = options.with ?? '*';
    return () => out;
  },
};
