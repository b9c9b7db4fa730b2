// Progress on stderr for long runs: records, MB/s and the phase, redrawn in place. Only on a
// TTY, never on a pipe or in CI unless forced (--progress).
import type { Writable } from 'node:stream';

export interface Progress {
  phase(name: string): void;
  add(records: number): void;
  /** Bytes read so far (the reader's counter). */
  bytes: { bytes: number };
  stop(): void;
}

export function createProgress(opts: { enabled: boolean; stderr: Writable }): Progress {
  const state = { phase: 'reading', records: 0, bytes: { bytes: 0 } };
  if (!opts.enabled) {
    return { phase: () => {}, add: () => {}, bytes: state.bytes, stop: () => {} };
  }
  const t0 = Date.now();
  let drawn = false;
  const draw = (): void => {
    const s = (Date.now() - t0) / 1000;
    const mb = state.bytes.bytes / 1e6;
    opts.stderr.write(`\r\x1b[Kkanon: ${state.phase} ${state.records.toLocaleString('en-US')} records, ${mb.toFixed(1)} MB, ${s > 0 ? (mb / s).toFixed(1) : '0.0'} MB/s`);
    drawn = true;
  };
  const timer = setInterval(draw, 250);
  timer.unref();
  return {
    phase(name) { state.phase = name; state.records = 0; },
    add(n) { state.records += n; },
    bytes: state.bytes,
    stop() {
      clearInterval(timer);
      if (drawn) opts.stderr.write('\r\x1b[K');
    },
  };
}
