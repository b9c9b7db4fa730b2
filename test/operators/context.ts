// Test helper (not a test file): an OperatorContext over an in-memory key ring.
import { randomBytes } from 'node:crypto';
import { KanonError } from '../../src/errors.js';
import { keyRingOf } from '../../src/keys.js';
import type { OperatorContext } from '../../src/operators/types.js';

/** A fixed 32-byte test key (deterministic across runs). */
export const KEY_A = Buffer.alloc(32, 0xa5);
export const KEY_B = Buffer.from('00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff', 'hex');

export function randomKey(): Buffer {
  return randomBytes(32);
}

export interface CtxOptions {
  column?: string;
  header?: string[];
  keys?: Record<string, Buffer>;
}

export function makeContext(opts: CtxOptions = {}): OperatorContext {
  const column = opts.column ?? 'value';
  const header = opts.header ?? [column];
  const keys = new Map(Object.entries(opts.keys ?? { default: KEY_A }));
  return {
    column,
    header,
    configPath: `/columns/${column}`,
    keys: keyRingOf(keys),
    stats: { collisions: 0 },
    indexOf(name, configPath) {
      const i = header.indexOf(name);
      if (i < 0) throw new KanonError('POLICY_COLUMN_UNKNOWN', `no column ${JSON.stringify(name)} in the input`, { path: configPath });
      return i;
    },
  };
}
