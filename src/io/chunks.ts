// Byte-chunk helpers: peek at the head of a stream (for sniffing) and count bytes (progress).

export interface ByteCounter {
  bytes: number;
  /** Sees every chunk (e.g. the input's sha256 for reports). */
  onChunk?: (chunk: Buffer) => void;
}

/** Reads until `min` bytes (or the end) are buffered; returns them and an iterable of the
 *  whole stream (head included), so sniffing never loses input. */
export async function peek(
  stream: AsyncIterable<Buffer | Uint8Array>,
  min: number,
  counter: ByteCounter,
): Promise<{ head: Buffer; chunks: AsyncIterable<Buffer> }> {
  const it = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const headChunks: Buffer[] = [];
  let size = 0;
  let done = false;
  while (size < min) {
    const r = await it.next();
    if (r.done) {
      done = true;
      break;
    }
    const b = Buffer.isBuffer(r.value) ? r.value : Buffer.from(r.value);
    headChunks.push(b);
    size += b.length;
    counter.bytes += b.length;
    counter.onChunk?.(b);
  }
  const head = Buffer.concat(headChunks);
  async function* all(): AsyncGenerator<Buffer> {
    if (head.length) yield head;
    if (done) return;
    while (true) {
      const r = await it.next();
      if (r.done) return;
      const b = Buffer.isBuffer(r.value) ? r.value : Buffer.from(r.value);
      counter.bytes += b.length;
      counter.onChunk?.(b);
      yield b;
    }
  }
  return { head, chunks: all() };
}
