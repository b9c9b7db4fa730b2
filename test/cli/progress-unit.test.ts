// Progress modes: a terminal redraws one line; a log gets plain lines, no CR or escape codes.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Writable } from 'node:stream';
import { clock, createProgress } from '../../src/cli/progress.js';

function sink(): { stream: Writable; text: () => string } {
  let s = '';
  const stream = new Writable({
    write(chunk, _enc, cb) {
      s += chunk.toString();
      cb();
    },
  });
  return { stream, text: () => s };
}

test('log mode: one plain line per phase with records, MB and percent, no CR or ESC', () => {
  const out = sink();
  let t = 0;
  const p = createProgress({ enabled: true, stderr: out.stream, tty: false, now: () => t });
  p.total(2_000_000);
  p.phase('planning');
  p.bytes.bytes = 1_000_000;
  p.add(500);
  t = 2000;
  p.phase('searching');
  t = 3500;
  p.stop();
  p.stop(); // idempotent
  const lines = out.text().split('\n').filter(Boolean);
  assert.equal(lines, ['kanon: planning done: 500 records, 1.0 MB, 50%, 0.5 MB/s, 2.0 s', 'kanon: searching done: 1.5 s']);
  assert.not.match(out.text(), /[\r\x1b]/);
});

test('disabled (quiet, pipe) writes nothing at all', () => {
  const out = sink();
  const p = createProgress({ enabled: false, stderr: out.stream, tty: true });
  p.phase('reading');
  p.add(10);
  p.total(100);
  p.stop();
  assert.is(out.text(), '');
});

test('terminal mode clears its line when a phase ends', () => {
  const out = sink();
  const p = createProgress({ enabled: true, stderr: out.stream, tty: true });
  p.phase('reading');
  p.stop();
  assert.is(out.text(), ''); // nothing drawn yet, nothing to clear
});

test('clock formats an ETA', () => {
  assert.is(clock(75), '1:15');
  assert.is(clock(3725), '1:02:05');
  assert.is(clock(-3), '0:00');
});

test.run();
