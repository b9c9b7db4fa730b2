// hmac: a keyed pseudonym, HMAC-SHA256(key, label || normalized value), encoded and truncated.
// Same key + same value ⇒ same token in every run, file and column; another key ⇒ unrelated
// tokens. The label is fixed and does NOT include the column name, so tokens of one person
// join across files and across columns holding the same kind of value (patient_id in two
// extracts); use different `key`s to keep two columns unlinkable. Never unkeyed: compile()
// asks the key ring, which throws KEY_MISSING (DESIGN.md "Deterministic").
//
// Speed (issue 4 target: 3 hmac columns ≥ 0.9× the bare csv-parse → csv-stringify round trip,
// ~4.5 µs/row ≈ 17 MB/s on the dev box): see src/crypto/hmac-sha256.ts for the per-digest
// measurements (WASM compress ~0.37 µs, JS before it ~0.8–1.0 µs, createHmac ~2.5 µs).
// Later, 1M rows / 184 MB (bench people-1000000.csv), hmac on name, email, ssn, alternated runs:
// JS compress 4.38 s wall (--threads 2) / 5.57 s (--threads 1); WASM compress, int32 base62
// digits 3.77 s / 4.69 s; pass-through ~2.4 s / ~2.4 s; then the byte form below (cells
// hashed from their bytes, tokens written as bytes, a cache keyed by bytes) 2.96 s / 3.38 s,
// DuckDB sha256 2.80–2.84 s in the same runs. Earlier, 1M rows / 79 MB,
// hmac on 3 all-distinct columns: bare round trip 5.1 s; this operator 9.1 s (0.56×);
// createHmac + base64url 11.6 s (0.44×). The 0.9× target needs ≤ ~150 ns per distinct value,
// below two SHA-256 compressions in JS, so it is met only when values repeat: a cache hit
// costs ~220 ns per value with the lookup. A bounded Map cache of value → token skips repeated values (names, emails of
// repeat visits); it switches itself off when the first 65,536 lookups hit less than 1 in 8,
// because on all-distinct columns a lookup + insert only adds cost.
//
// Collisions: tracked only when the token carries < 64 bits (e.g. hex length < 16, base62
// length < 11): a Map token → 32 other digest bits, capped at 2^20 tokens (~80 MB worst case).
// A token already seen with different other bits is a collision (a false "same input" has odds
// 2^-32). At ≥ 64 bits the expected number of collisions among 2^20 distinct values is
// < 2^-25, so no memory is spent on it.
import { KanonError } from '../errors.js';
import { hmacSha256Words } from '../crypto/hmac-sha256.js';
import { MAX_TOKEN_LENGTH, tokenBits, tokenCodes, type TokenEncoding } from './token-encoding.js';
import { KEY_ID_PATTERN } from '../keys.js';
import { ByteDict } from '../search/byte-dict.js';
import { assertValid, type CellBytes, type CellFn, type OperatorDef } from './types.js';

export interface HmacOptions {
  normalize?: ('trim' | 'lowercase')[];
  encoding?: TokenEncoding;
  length?: number;
  prefix?: string;
  variant?: 'plain' | 'email';
  domain?: 'keep' | 'hmac';
  key?: string;
}

/** Domain-separation labels (fixed forever: changing one changes every token). */
export const HMAC_LABEL = 'kanon-hmac-v1\0';
const LOCAL_LABEL = 'kanon-hmac-email-local-v1\0';
const DOMAIN_LABEL = 'kanon-hmac-email-domain-v1\0';

const CACHE_MAX = 65_536;
/** A cache is switched off when its first CACHE_MAX lookups hit less than 1 in 8. */
const useless = (lookups: number, hits: number): boolean => lookups === CACHE_MAX && hits * 8 < lookups;
const TRACK_MAX = 1 << 20;

type Tokenizer = ((v: string) => string) & { bytes?: CellBytes };

/** One keyed tokenizer: cache, collision tracking, encoding. */
function tokenizer(key: Buffer, label: string, o: Required<Pick<HmacOptions, 'encoding' | 'length'>>, stats: { collisions: number }): Tokenizer {
  const digest = hmacSha256Words(key, label);
  const codes = tokenCodes(o.encoding, o.length);
  const encode = (w: Int32Array): string => String.fromCharCode.apply(null, codes(w));
  // Tracked tokens carry < 64 bits, all taken from the leading words: word 7 is independent of them.
  const fpWord = 7;
  const seen = tokenBits(o.encoding, o.length) < 64 ? new Map<string, number>() : undefined;
  let cache: Map<string, string> | undefined = new Map();
  let lookups = 0,
    hits = 0;
  const fn: Tokenizer = (v) => {
    if (cache !== undefined) {
      const t = cache.get(v);
      lookups++;
      if (t !== undefined) {
        hits++;
        return t;
      }
      if (useless(lookups, hits)) cache = undefined;
    }
    const w = digest(v);
    const token = encode(w);
    if (seen !== undefined) {
      const fp = w[fpWord]!;
      const prev = seen.get(token);
      if (prev === undefined) {
        if (seen.size < TRACK_MAX) seen.set(token, fp);
      } else if (prev !== fp) stats.collisions++;
    }
    if (cache !== undefined) {
      if (cache.size >= CACHE_MAX) cache.clear();
      cache.set(v, token);
    }
    return token;
  };
  // The byte form (lane.ts), never with collision tracking (it keys on the token string): the
  // digest of the cell's own UTF-8 bytes, which is the digest of the decoded string's UTF-8
  // (the reader has checked they are valid), and a cache of its own keyed by those bytes
  // (ByteDict: value bytes → slot, the slot's token bytes in `tokens`), kept and switched off
  // as the string cache is. Either cache only saves work: the tokens are the same.
  if (seen === undefined) {
    const len = o.length;
    let bcache: ByteDict | undefined = new ByteDict();
    let tokens = new Uint8Array(0);
    let held = 0,
      blookups = 0,
      bhits = 0;
    fn.bytes = {
      prefix: '',
      write(src, a, b, out) {
        if (bcache !== undefined) {
          const e = bcache.lookup(src, a, b);
          blookups++;
          if (e >= 0) {
            bhits++;
            out.range(tokens, e * len, (e + 1) * len);
            return;
          }
          if (useless(blookups, bhits)) {
            bcache = undefined;
            tokens = new Uint8Array(0);
          }
        }
        const c = codes(digest.ofBytes(src, a, b));
        out.reserve(len);
        const ob = out.buf;
        let p = out.pos;
        for (let i = 0; i < len; i++) ob[p++] = c[i]!;
        out.pos = p;
        if (bcache !== undefined) {
          if (held >= CACHE_MAX) {
            bcache = new ByteDict();
            held = 0;
          }
          if (tokens.length < (held + 1) * len) {
            const t = new Uint8Array(Math.max(2 * tokens.length, 64 * len));
            t.set(tokens);
            tokens = t;
          }
          bcache.add(src, a, b, held);
          for (let i = 0, t = held * len; i < len; i++) tokens[t + i] = c[i]!;
          held++;
        }
      },
    };
  }
  return fn;
}

export const hmac: OperatorDef<HmacOptions> = {
  name: 'hmac',
  summary: 'keyed pseudonym: HMAC-SHA256 of the value, same token for the same value in every file',
  keyed: true,
  options: {
    normalize: {
      type: 'array',
      items: { enum: ['trim', 'lowercase'] },
      uniqueItems: true,
      default: [],
      description: 'Applied before hashing, in this order: "trim" whitespace, "lowercase".',
    },
    encoding: { enum: ['hex', 'base32', 'base62'], default: 'base62', description: 'Token alphabet.' },
    length: {
      type: 'integer',
      minimum: 8,
      maximum: 64,
      default: 16,
      description: 'Token characters (hex ≤ 64, base32 ≤ 51, base62 ≤ 43: the 256-bit digest).',
    },
    prefix: { type: 'string', default: '', description: 'Text put before every token (e.g. "pt_").' },
    variant: {
      enum: ['plain', 'email'],
      default: 'plain',
      description:
        '"email": pseudonymize the part before the last "@" and handle the domain per "domain"; a value that is not an email is pseudonymized whole.',
    },
    domain: {
      enum: ['keep', 'hmac'],
      default: 'keep',
      description: 'With variant "email": "keep" the domain, or replace it by "<token>.invalid".',
    },
    key: { type: 'string', pattern: KEY_ID_PATTERN, default: 'default', description: 'Key id (--key-file id=path).' },
  },
  validate(options, ctx) {
    const encoding = options.encoding ?? 'base62';
    const length = options.length ?? 16;
    // The schema's maximum (64) is hex's; the other alphabets carry more bits per character.
    return length > MAX_TOKEN_LENGTH[encoding]
      ? [
          new KanonError('POLICY_INVALID', `hmac length ${length} exceeds the ${MAX_TOKEN_LENGTH[encoding]} ${encoding} characters a SHA-256 digest gives`, {
            path: `${ctx.configPath}/length`,
          }),
        ]
      : [];
  },
  compile(options, ctx): CellFn {
    assertValid(hmac, options, ctx);
    const encoding = options.encoding ?? 'base62';
    const length = options.length ?? 16;
    const key = ctx.keys.get(options.key ?? 'default');
    const norm = options.normalize ?? [];
    const trim = norm.includes('trim'),
      lower = norm.includes('lowercase');
    const prefix = options.prefix ?? '';
    const o = { encoding, length };
    const plain = tokenizer(key, HMAC_LABEL, o, ctx.stats);
    const normalize = (v: string): string => {
      if (trim) v = v.trim();
      return lower ? v.toLowerCase() : v;
    };
    if ((options.variant ?? 'plain') === 'plain') {
      if (trim || lower) return (v) => prefix + plain(normalize(v));
      if (prefix === '') return plain;
      const withPrefix: CellFn = (v) => prefix + plain(v);
      const pb = plain.bytes;
      if (pb !== undefined) {
        const pre = Buffer.from(prefix, 'utf8');
        withPrefix.bytes = {
          prefix,
          write(src, a, b, out) {
            out.bytes(pre);
            pb.write(src, a, b, out);
          },
        };
      }
      return withPrefix;
    }
    const local = tokenizer(key, LOCAL_LABEL, o, ctx.stats);
    const dom = options.domain === 'hmac' ? tokenizer(key, DOMAIN_LABEL, o, ctx.stats) : undefined;
    return (value) => {
      const v = normalize(value);
      const at = v.lastIndexOf('@');
      if (at <= 0 || at === v.length - 1) return prefix + plain(v);
      const d = v.slice(at + 1);
      return `${prefix}${local(v.slice(0, at))}@${dom === undefined ? d : `${dom(d)}.invalid`}`;
    };
  },
};
