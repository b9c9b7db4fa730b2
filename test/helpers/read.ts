// Reads a whole table through the real reader (for tests), feeding the bytes in given chunks.
import { Readable } from 'node:stream';
import { openTable } from '../../src/io/read.js';
import type { Format } from '../../src/io/types.js';

export async function readAll(input: string | Buffer, opts: { format?: Format; delimiter?: string; chunk?: number; path?: string } = {}) {
  const buf = Buffer.isBuffer(input) ? input : Buffer.from(input);
  const size = opts.chunk ?? buf.length;
  const parts: Buffer[] = [];
  for (let i = 0; i < buf.length; i += Math.max(1, size)) parts.push(buf.subarray(i, i + Math.max(1, size)));
  const table = await openTable(Readable.from(parts), {
    file: 'in',
    ...(opts.format ? { format: opts.format } : {}),
    ...(opts.delimiter ? { delimiter: opts.delimiter } : {}),
    ...(opts.path ? { path: opts.path } : {}),
  });
  const rows: string[][] = [];
  const lines: number[] = [];
  for await (const b of table.batches) {
    rows.push(...b.rows);
    lines.push(...b.lines);
  }
  return { header: table.header, format: table.format, delimiter: table.delimiter, rows, lines };
}

/** Runs fn and returns the error it rejects with (fails the test if it does not). */
export async function rejection(fn: () => Promise<unknown>): Promise<any> {
  try {
    await fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}
