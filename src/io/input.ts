// Input sources: a path, or "-" / nothing for standard input.
import { createReadStream, statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { KanonError } from '../errors.js';

export interface InputSource {
  /** For messages: the path as given, or "<stdin>". */
  name: string;
  /** The file path, undefined for stdin. */
  path?: string;
  open(): Readable;
}

export function inputSource(arg: string | undefined, stdin: Readable & { isTTY?: boolean }): InputSource {
  if (arg === undefined || arg === '-') {
    if (arg === undefined && stdin.isTTY) {
      throw new KanonError('USAGE', 'no input: give a file, or pipe data and use "-" for standard input');
    }
    return { name: '<stdin>', open: () => stdin };
  }
  let isFile = false;
  try {
    isFile = statSync(arg).isFile();
  } catch {
    /* reported below */
  }
  if (!isFile) throw new KanonError('USAGE_FILE_NOT_FOUND', 'the input file does not exist or is not a file', { file: arg });
  return { name: arg, path: arg, open: () => createReadStream(arg, { highWaterMark: 4 * 1024 * 1024 }) };
}
