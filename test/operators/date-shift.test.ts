import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { dateShift, type DateShiftOptions } from '../../src/operators/date-shift.js';
import { civilFromDays, daysFromCivil } from '../../src/operators/date-format.js';
import type { CellFn } from '../../src/operators/types.js';
import type { KanonError } from '../../src/errors.js';
import { KEY_B, makeContext } from './context.js';
import { rng } from './gen.js';

const header = ['patient', 'admitted'];
const ds = (o: Partial<DateShiftOptions> = {}, keys?: Record<string, Buffer>): CellFn =>
  dateShift.compile({ subject: 'patient', ...o }, makeContext({ column: 'admitted', header, ...(keys ? { keys } : {}) })) as CellFn;
const code = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    return (e as KanonError).code;
  }
  return 'none';
};
const day = (iso: string): number => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / 86400000;
const iso = (d: number): string => new Date(d * 86400000).toISOString().slice(0, 10);

test('day numbers agree with Date.UTC from 1600 to 2400', () => {
  for (let d = day('1600-01-01'); d <= day('2400-12-31'); d += 13) {
    const [y, m, dd] = civilFromDays(d);
    assert.is(daysFromCivil(y, m, dd), d);
    assert.is(`${y}-${String(m).padStart(2, '0')}-${String(dd).padStart(2, '0')}`, iso(d));
  }
});

test('every subject keeps its intervals exactly; shifts are within ±maxDays and never 0', () => {
  const r = rng(11);
  for (const maxDays of [1, 30, 365]) {
    const f = ds({ maxDays });
    const shifts = new Set<number>();
    for (let s = 0; s < 400; s++) {
      const subject = `P${s}`;
      const dates = Array.from({ length: 6 }, () => iso(day('1990-01-01') + Math.floor(r() * 12000)));
      const out = dates.map((d) => f(d, [subject, d]));
      const shift = day(out[0]!) - day(dates[0]!);
      out.forEach((o, i) => {
        assert.is(day(o) - day(dates[i]!), shift);
      });
      assert.ok(shift !== 0 && Math.abs(shift) <= maxDays);
      shifts.add(shift);
    }
    assert.ok(shifts.size >= Math.min(2 * maxDays, 50), 'shifts spread over the range');
    assert.ok([...shifts].some((x) => x < 0) && [...shifts].some((x) => x > 0));
  }
});

test('the shift depends on the key and the subject, not on the date column', () => {
  const a = ds(),
    b = ds({}, { default: KEY_B });
  const differ = Array.from({ length: 50 }, (_, i) => a('2020-06-15', [`S${i}`, '']) !== b('2020-06-15', [`S${i}`, ''])).filter(Boolean).length;
  assert.ok(differ > 40);
  const other = dateShift.compile({ subject: 'patient' }, makeContext({ column: 'discharged', header: ['patient', 'discharged'] })) as CellFn;
  assert.is(other('2020-06-15', ['S1', '']), a('2020-06-15', ['S1', '']));
});

test('ISO datetimes keep time, fraction and offset text; leap days and year ends roll over', () => {
  const f = ds({ maxDays: 3650 });
  const row = ['subject-x', ''];
  const shift = day(f('2000-01-01', row)) - day('2000-01-01');
  for (const v of ['2020-02-29T23:59:59.123+05:30', '2019-12-31T00:00Z', '2021-03-01 08:15', '2024-02-29T12:00:00-08:00', '1999-12-31T23:59:60Z']) {
    const o = f(v, row);
    assert.is(o.slice(10), v.slice(10));
    assert.is(day(o) - day(v), shift);
  }
});

test('a custom format is parsed and written back in the same format', () => {
  const f = ds({ format: 'DD/MM/YYYY' }),
    iso2 = ds();
  const o = f('29/02/2020', ['S', '']);
  assert.match(o, /^\d{2}\/\d{2}\/\d{4}$/);
  assert.is(`${o.slice(6)}-${o.slice(3, 5)}-${o.slice(0, 2)}`, iso2('2020-02-29', ['S', '']));
  const g = ds({ format: 'MM/DD/YYYY HH:mm' });
  const o2 = g('12/31/2021 17:45', ['S', '']);
  assert.match(o2, /^\d{2}\/\d{2}\/\d{4} 17:45$/);
  assert.is(`${o2.slice(6, 10)}-${o2.slice(0, 2)}-${o2.slice(3, 5)}`, iso2('2021-12-31', ['S', '']));
});

test('unparseable or impossible dates → INPUT_VALUE; bad formats and subjects → policy errors', () => {
  const f = ds(),
    g = ds({ format: 'DD/MM/YYYY' });
  for (const v of ['2021-02-30', '2021-13-01', '21-01-01', '2021-01-01T25:00', '2021-01-01T10:00+24:00', 'yesterday', '']) {
    assert.is(
      code(() => f(v, ['S', ''])),
      'INPUT_VALUE',
    );
  }
  assert.is(
    code(() => g('2021-01-01', ['S', ''])),
    'INPUT_VALUE',
  );
  assert.is(
    code(() => g('31/04/2021', ['S', ''])),
    'INPUT_VALUE',
  );
  assert.is(
    code(() => ds({ format: 'DD/MM' })),
    'POLICY_INVALID',
  );
  assert.is(
    code(() => ds({ format: 'YYYY-MM-DD-DD' })),
    'POLICY_INVALID',
  );
  assert.is(
    code(() => ds({ subject: 'nobody' })),
    'POLICY_COLUMN_UNKNOWN',
  );
  assert.is(
    code(() => ds({ subject: 'admitted' })),
    'POLICY_INVALID',
  );
  assert.is(
    code(() => ds({}, {})),
    'KEY_MISSING',
  );
  // Leaving years 0000-9999 is an error, not a wrap-around.
  const subjects = Array.from({ length: 20 }, (_, i) => `P${i}`);
  const back = subjects.find((s) => f('2000-06-15', [s, '']) < '2000-06-15')!;
  const fwd = subjects.find((s) => f('2000-06-15', [s, '']) > '2000-06-15')!;
  assert.is(
    code(() => f('0000-01-01', [back, ''])),
    'INPUT_VALUE',
  );
  assert.is(
    code(() => f('9999-12-31', [fwd, ''])),
    'INPUT_VALUE',
  );
  assert.is(
    code(() => f('0000-01-01', [fwd, ''])),
    'none',
  );
});

test.run();
