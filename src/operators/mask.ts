// mask: hide characters behind a mask character, optionally keeping a few at the start and
// end ("***-**-6789"). Works on Unicode code points (not UTF-16 units), so an emoji or a
// non-BMP letter is one character and output length in code points equals input length.
//
// Decisions: with keepSeparators, keepStart/keepEnd count only maskable characters (so
// keepEnd 4 keeps the last four digits of "123-45-6789"). A value with no more maskable
// characters than keepStart + keepEnd is masked entirely: a short value is never shown whole.
import { KanonError } from '../errors.js';
import { assertValid, type OperatorDef } from './types.js';

export interface MaskOptions {
  keepStart?: number;
  keepEnd?: number;
  maskChar?: string;
  keepSeparators?: boolean;
}

const SEPARATORS = new Set(['-', ' ', '@', '.']);

export const mask: OperatorDef<MaskOptions> = {
  name: 'mask',
  summary: 'replace characters with a mask character, optionally keeping some at the start/end',
  keyed: false,
  options: {
    keepStart: { type: 'integer', minimum: 0, default: 0, description: 'Characters left visible at the start.' },
    keepEnd: { type: 'integer', minimum: 0, default: 0, description: 'Characters left visible at the end.' },
    maskChar: { type: 'string', minLength: 1, maxLength: 1, default: '*', description: 'One character used as the mask.' },
    keepSeparators: {
      type: 'boolean',
      default: false,
      description: 'Keep "-", space, "@" and "." in place, unmasked (keepStart/keepEnd then count the other characters).',
    },
  },
  validate(options, ctx) {
    // The schema counts UTF-16 units; one character is one code point (an emoji is two units).
    return [...(options.maskChar ?? '*')].length !== 1
      ? [new KanonError('POLICY_INVALID', 'maskChar must be exactly one character', { path: `${ctx.configPath}/maskChar` })]
      : [];
  },
  compile(options, ctx) {
    assertValid(mask, options, ctx);
    const keepStart = options.keepStart ?? 0;
    const keepEnd = options.keepEnd ?? 0;
    const maskChar = options.maskChar ?? '*';
    const keepSep = options.keepSeparators ?? false;
    return (value) => {
      const cps = Array.from(value);
      let maskable = cps.length;
      if (keepSep) for (const c of cps) if (SEPARATORS.has(c)) maskable--;
      const all = maskable <= keepStart + keepEnd;
      let out = '';
      let k = 0; // index among maskable characters
      for (const c of cps) {
        if (keepSep && SEPARATORS.has(c)) {
          out += c;
          continue;
        }
        out += !all && (k < keepStart || k >= maskable - keepEnd) ? c : maskChar;
        k++;
      }
      return out;
    };
  },
};
