// Key material for the keyed operators (hmac, ff1, dateShift). Keys come from KANON_KEY (the
// "default" key) and --key-file options ("path" → "default", "id=path" → a named key, for
// rotation). Messages name the source (KANON_KEY, a file path, a key id), never the key.
//
// Decisions (documented for the README):
// - Accepted encodings: hex (64+ hex digits, even count), "base64:<standard or url-safe base64>",
//   and, in files only, raw bytes. A file's trailing newline is trimmed first; an all-hex file
//   is hex, a "base64:" file is base64, anything else is taken as raw bytes.
// - At least 32 bytes after decoding (256 bits: the HMAC-SHA256 / AES-256 security level).
// - --key-file for an id beats KANON_KEY for "default" (command line over environment, as
//   usual); giving the same id twice on the command line is a usage error.
// - A key file readable by group or others is loaded but yields a warning (returned in
//   `warnings` for the CLI to print): secrets mounted in CI are often 0644, so refusing would
//   push users to weaker workarounds; ssh-style refusal is left to the user's umask.
import { createHmac } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { KanonError } from './errors.js';
import type { KeyRing } from './operators/types.js';

export const MIN_KEY_BYTES = 32;
export const DEFAULT_KEY_ID = 'default';
/** Key ids: what `--key-file id=path` and a policy's `"key"` option accept. */
export const KEY_ID_PATTERN = '^[A-Za-z][A-Za-z0-9_.-]{0,63}$';
const KEY_ID = new RegExp(KEY_ID_PATTERN);
const FINGERPRINT_LABEL = 'kanon key fingerprint v1';

export interface LoadedKeyRing extends KeyRing {
  /** Ids with a key, sorted. */
  ids(): string[];
  /** Problems worth telling the user that do not stop the run (file permissions). */
  warnings: string[];
}

export interface KeyRingOptions {
  /** The value of KANON_KEY, if set. */
  env?: string | undefined;
  /** --key-file values: "path" or "id=path". */
  keyFiles?: readonly string[] | undefined;
}

const HEX = /^(?:[0-9a-fA-F]{2})+$/;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/** Decode key text: hex or "base64:…"; raw bytes only when `raw` is given (files). */
function decode(text: string, source: string, raw?: Buffer): Buffer {
  let key: Buffer;
  if (text.startsWith('base64:')) {
    const b64 = text.slice('base64:'.length).trim();
    if (!BASE64.test(b64)) throw new KanonError('KEY_INVALID', `${source}: not valid base64 after "base64:"`);
    key = Buffer.from(b64, b64.includes('-') || b64.includes('_') ? 'base64url' : 'base64');
  } else if (HEX.test(text)) {
    key = Buffer.from(text, 'hex');
  } else if (raw !== undefined) {
    key = raw;
  } else {
    throw new KanonError('KEY_INVALID', `${source} must be hex (at least ${MIN_KEY_BYTES * 2} hex digits) or "base64:" followed by base64`);
  }
  if (key.length < MIN_KEY_BYTES) {
    throw new KanonError('KEY_INVALID', `${source}: key is ${key.length} bytes, at least ${MIN_KEY_BYTES} are needed (e.g. openssl rand -hex 32)`);
  }
  return key;
}

function readKeyFile(path: string, warnings: string[]): Buffer {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new KanonError('USAGE_FILE_NOT_FOUND', `key file ${JSON.stringify(path)} not found`);
    throw new KanonError('USAGE', `cannot read key file ${JSON.stringify(path)}${code ? ` (${code})` : ''}`);
  }
  if (process.platform !== 'win32') {
    try {
      if ((statSync(path).mode & 0o077) !== 0) {
        warnings.push(`key file ${JSON.stringify(path)} is readable by group or others; consider chmod 600`);
      }
    } catch {
      // The file was readable a moment ago; a failing stat only loses the warning.
    }
  }
  let end = bytes.length;
  if (end > 0 && bytes[end - 1] === 0x0a) end--;
  if (end > 0 && bytes[end - 1] === 0x0d) end--;
  const raw = bytes.subarray(0, end);
  return decode(raw.toString('latin1'), `key file ${JSON.stringify(path)}`, raw);
}

function parseKeyFileArg(arg: string): { id: string; path: string } {
  const eq = arg.indexOf('=');
  if (eq > 0 && KEY_ID.test(arg.slice(0, eq))) return { id: arg.slice(0, eq), path: arg.slice(eq + 1) };
  return { id: DEFAULT_KEY_ID, path: arg };
}

/** Build the key ring from KANON_KEY and --key-file values. Throws KEY_INVALID, USAGE*. */
export function loadKeyRing(opts: KeyRingOptions): LoadedKeyRing {
  const keys = new Map<string, Buffer>();
  const warnings: string[] = [];
  for (const arg of opts.keyFiles ?? []) {
    const { id, path } = parseKeyFileArg(arg);
    if (path === '') throw new KanonError('USAGE', `--key-file ${id}= needs a path`);
    if (keys.has(id)) throw new KanonError('USAGE', `--key-file gives key ${JSON.stringify(id)} twice`);
    keys.set(id, readKeyFile(path, warnings));
  }
  if (opts.env !== undefined && opts.env !== '' && !keys.has(DEFAULT_KEY_ID)) {
    keys.set(DEFAULT_KEY_ID, decode(opts.env.trim(), 'KANON_KEY'));
  }
  return keyRingOf(keys, warnings);
}

/** A key ring over keys already in memory (tests, the programmatic API). */
export function keyRingOf(keys: ReadonlyMap<string, Buffer>, warnings: string[] = []): LoadedKeyRing {
  const fingerprints = new Map<string, string>();
  const get = (id: string = DEFAULT_KEY_ID): Buffer => {
    const key = keys.get(id);
    if (key !== undefined) return key;
    const how = id === DEFAULT_KEY_ID ? 'set KANON_KEY or pass --key-file <path>' : `pass --key-file ${id}=<path>`;
    throw new KanonError('KEY_MISSING', `no key ${JSON.stringify(id)}: the policy uses a keyed operator; ${how}`);
  };
  return {
    get,
    fingerprint(id: string = DEFAULT_KEY_ID): string {
      let fp = fingerprints.get(id);
      if (fp === undefined) {
        fp = createHmac('sha256', get(id)).update(FINGERPRINT_LABEL).digest('hex').slice(0, 16);
        fingerprints.set(id, fp);
      }
      return fp;
    },
    ids: () => [...keys.keys()].sort(),
    warnings,
  };
}
