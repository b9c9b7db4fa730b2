// ff1: format-preserving encryption (NIST SP 800-38G FF1), reversible with the key by
// `kanon reveal`. Only characters of `alphabet` are enciphered, as one numeral string; the
// others keep their place ("123-45-6789" → "804-19-2231").
//
// Decisions (for the README):
// - AES key: AES-256 with K_ff1 = HMAC-SHA256(key, "kanon-ff1-aes256-key-v1"), not the raw
//   key, so one key never serves two primitives (hmac tokens, date shifts use the raw key
//   under their own labels). Another FF1 tool can decrypt with K_ff1.
// - Tweak: empty, or the UTF-8 bytes of `tweakColumn`'s input value in the same row. That
//   column must reach the output unchanged for reveal to work, and cannot be this column.
// - Too short: SP 800-38G rev. 1 requires radix^n ≥ 1,000,000 (and n ≥ 2) numerals. A value
//   with fewer alphabet characters is an INPUT_VALUE error (exit 3), not passed through or
//   padded: passing it through would leak it, and no padding keeps the format. Its message
//   names the minimum, never the value or its length.
import { createHmac } from 'node:crypto';
import { KanonError } from '../errors.js';
import { ff1Decrypt, ff1Encrypt, ff1MinLength } from '../crypto/ff1.js';
import { KEY_ID_PATTERN } from '../keys.js';
import { assertValid, otherColumn, type CellFn, type OperatorContext, type OperatorDef, type ValidateContext } from './types.js';

export interface Ff1Options {
  alphabet?: string;
  tweakColumn?: string;
  key?: string;
}

const AES_KEY_LABEL = 'kanon-ff1-aes256-key-v1';
const EMPTY = Buffer.alloc(0);

/** The AES-256 key FF1 runs under, derived from a key-ring key. */
export function ff1AesKey(key: Buffer): Buffer {
  return createHmac('sha256', key).update(AES_KEY_LABEL).digest();
}

function validate(options: Ff1Options, ctx: ValidateContext): KanonError[] {
  const problems: KanonError[] = [];
  const alphabet = Array.from(options.alphabet ?? '0123456789');
  if (alphabet.length < 2 || alphabet.length > 65536 || new Set(alphabet).size !== alphabet.length) {
    problems.push(new KanonError('POLICY_INVALID', 'ff1 alphabet must have 2 to 65536 distinct characters', { path: `${ctx.configPath}/alphabet` }));
  }
  const other = otherColumn(ctx, options.tweakColumn, 'tweakColumn', 'ff1 tweakColumn');
  problems.push(...other);
  // reveal reads the tweak from the kanon output: a tweak column that kanon transforms
  // (an identifier's operator, a quasi-identifier's generalization) would make reveal
  // decipher under another tweak and return wrong values without an error (issue 11 item 16).
  const tweak = options.tweakColumn === undefined ? undefined : ctx.columns?.get(options.tweakColumn);
  if (!other.length && tweak && (tweak.role === 'identifier' || tweak.role === 'quasi')) {
    problems.push(
      new KanonError(
        'POLICY_INVALID',
        `ff1 tweakColumn must reach the output unchanged (role "sensitive" or "insensitive"), for reveal to use the same tweak`,
        { path: `${ctx.configPath}/tweakColumn` },
      ),
    );
  }
  return problems;
}

function build(options: Ff1Options, ctx: OperatorContext, cipher: typeof ff1Encrypt): CellFn {
  assertValid(ff1, options, ctx);
  const alphabet = Array.from(options.alphabet ?? '0123456789');
  const radix = alphabet.length;
  const index = new Map<string, number>();
  alphabet.forEach((c, i) => {
    index.set(c, i);
  });
  const tweakAt = options.tweakColumn === undefined ? -1 : ctx.indexOf(options.tweakColumn, `${ctx.configPath}/tweakColumn`);
  const key = ff1AesKey(ctx.keys.get(options.key ?? 'default'));
  const minLen = ff1MinLength(radix);
  return (value, row) => {
    const cps = Array.from(value);
    const numerals: number[] = [];
    for (const c of cps) {
      const n = index.get(c);
      if (n !== undefined) numerals.push(n);
    }
    if (numerals.length < minLen) {
      throw new KanonError('INPUT_VALUE', `ff1 needs at least ${minLen} characters of its alphabet in a value (NIST SP 800-38G domain ≥ 1,000,000)`);
    }
    const tweak = tweakAt < 0 ? EMPTY : Buffer.from(row[tweakAt] ?? '', 'utf8');
    const out = cipher(key, tweak, radix, numerals);
    let k = 0,
      s = '';
    for (const c of cps) s += index.has(c) ? alphabet[out[k++]!]! : c;
    return s;
  };
}

export const ff1: OperatorDef<Ff1Options> = {
  name: 'ff1',
  summary: 'format-preserving encryption (NIST FF1): same format, reversible with the key',
  keyed: true,
  options: {
    alphabet: {
      type: 'string',
      minLength: 2,
      default: '0123456789',
      description: 'Characters enciphered (distinct; radix = their count). Other characters keep their place.',
    },
    tweakColumn: {
      type: 'string',
      minLength: 1,
      description: 'Another column whose value is the FF1 tweak (it must be output unchanged for reveal).',
    },
    key: { type: 'string', pattern: KEY_ID_PATTERN, default: 'default', description: 'Key id (--key-file id=path).' },
  },
  validate,
  compile: (options, ctx) => build(options, ctx, ff1Encrypt),
  reverse: (options, ctx) => build(options, ctx, ff1Decrypt),
};
