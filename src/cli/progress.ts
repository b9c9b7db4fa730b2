// Progress on stderr for long runs. Two modes:
// - a terminal: one line redrawn in place every 250 ms — the phase, records, MB read, MB/s and,
//   when the input's size is known, the percent of its bytes and an ETA;
// - a log (--progress on a pipe or in CI): plain lines, no carriage returns or escape codes —
//   one line when a phase ends (records, MB, seconds) and, in a long phase, one every 10 s.
// Never shown on a pipe or in CI unless forced with --progress, never with --quiet.
// Long synchronous phases (the search, the report) cannot redraw: the line shows the phase name
// they started under until they end.
import type { Writable } from 'node:stream';

export interface Progress {
  /** Start a phase (reading, planning, searching, reporting, writing): ends the one before. */
  phase(name: string): void;
  add(records: number): void;
  /** Bytes read so far (the reader's counter; a command resets it for a second pass). */
  bytes: { bytes: number };
  /** The input's size in bytes, when it is a file: enables percent and ETA. */
  total(bytes: number): void;
  stop(): void;
}

export interface ProgressOptions {
  enabled: boolean;
  stderr: Writable & { isTTY?: boolean };
  /** Redraw in place (default: stderr is a terminal). */
  tty?: boolean;
  /** Seconds between plain lines in a long phase (default 10). */
  lineEvery?: number;
  /** Clock in ms (tests). */
  now?: () => number;
}

const NOOP: Omit<Progress, 'bytes'> = { phase: () => {}, add: () => {}, total: () => {}, stop: () => {} };

export function createProgress(opts: ProgressOptions): Progress {
  const bytes = { bytes: 0 };
  if (!opts.enabled) return { ...NOOP, bytes };
  const now = opts.now ?? Date.now;
  const tty = opts.tty ?? !!opts.stderr.isTTY;
  const lineEvery = (opts.lineEvery ?? 10) * 1000;
  const state = { phase: '', records: 0, t0: now(), lastLine: now(), total: 0 };
  let drawn = false;

  const figures = (): string => {
    const s = (now() - state.t0) / 1000;
    const mb = bytes.bytes / 1e6;
    const parts = [`${state.records.toLocaleString('en-US')} records`, `${mb.toFixed(1)} MB`];
    if (state.total > 0 && bytes.bytes > 0) {
      const f = Math.min(1, bytes.bytes / state.total);
      parts.push(`${(f * 100).toFixed(0)}%`);
      if (tty && f > 0.01 && f < 1) parts.push(`ETA ${clock((s / f) * (1 - f))}`);
    }
    parts.push(`${s > 0 ? (mb / s).toFixed(1) : '0.0'} MB/s`);
    return parts.join(', ');
  };
  const draw = (): void => {
    if (!state.phase) return;
    if (tty) {
      opts.stderr.write(`\r\x1b[Kkanon: ${state.phase} ${figures()}`);
      drawn = true;
    } else if (now() - state.lastLine >= lineEvery) {
      opts.stderr.write(`kanon: ${state.phase} ${figures()}\n`);
      state.lastLine = now();
    }
  };
  const endPhase = (): void => {
    if (!state.phase) return;
    if (tty) {
      if (drawn) opts.stderr.write('\r\x1b[K');
      drawn = false;
    } else {
      opts.stderr.write(`kanon: ${state.phase} done: ${state.records ? `${figures()}, ` : ''}${((now() - state.t0) / 1000).toFixed(1)} s\n`);
    }
    state.phase = '';
  };
  const timer = setInterval(draw, 250);
  timer.unref();
  return {
    phase(name) {
      endPhase();
      Object.assign(state, { phase: name, records: 0, t0: now(), lastLine: now() });
    },
    add(n) {
      state.records += n;
    },
    bytes,
    total(n) {
      state.total = n;
    },
    stop() {
      clearInterval(timer);
      endPhase();
    },
  };
}

/** 75 → "1:15", 3725 → "1:02:05". */
export function clock(seconds: number): string {
  const t = Math.max(0, Math.round(seconds));
  const h = Math.floor(t / 3600),
    m = Math.floor((t % 3600) / 60),
    s = t % 60;
  const mm = h ? String(m).padStart(2, '0') : String(m);
  return `${h ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
}
