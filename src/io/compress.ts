// gzip for every format (issue 16), streaming through node's zlib: an input is gzip when its
// first bytes are gzip's magic (1f 8b), whatever its name; an output is gzip when -o ends in .gz.
import { createGunzip } from 'node:zlib';
import { Readable, pipeline } from 'node:stream';
import { KanonError } from '../errors.js';

export function isGzip(head: Buffer): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

export function hasGzipExtension(path: string | undefined): boolean {
  return path !== undefined && /\.gz$/i.test(path);
}

/** The decompressed bytes of gzip chunks (concatenated members included). A corrupt or
 *  truncated body is INPUT_FORMAT naming the file; errors of the source pass through. */
export async function* gunzip(chunks: AsyncIterable<Buffer>, file: string): AsyncGenerator<Buffer> {
  let sourceError: unknown;
  const source = Readable.from(
    (async function* () {
      try {
        yield* chunks;
      } catch (e) {
        sourceError = e;
        throw e;
      }
    })(),
    { objectMode: false },
  );
  const out = pipeline(source, createGunzip({ chunkSize: 256 * 1024 }), () => {});
  try {
    for await (const b of out) yield b as Buffer;
  } catch (e) {
    if (sourceError !== undefined) throw sourceError;
    if (e instanceof KanonError) throw e;
    throw new KanonError('INPUT_FORMAT', 'the gzip data is corrupt or truncated', { file });
  } finally {
    out.destroy();
  }
}
