// dateShift: move every date of one subject (patient, customer) by the same secret number of
// whole days, so intervals within a subject (length of stay, age at event in days) are kept
// exactly while calendar dates no longer match outside records (HIPAA Safe Harbor lists
// dates as identifiers; shifting per subject is the usual research-data compromise).
//
// Shift = HMAC-SHA256(key, "kanon-dateshift\0" || subject value): its first 32 bits mod
// 2·maxDays, mapped onto [-maxDays, -1] ∪ [1, maxDays]. Zero is excluded so no subject keeps
// its real dates (bias of the modulo ≤ 2·3650 / 2^32, negligible). Same key + subject ⇒ same
// shift in every file, so a subject's dates stay consistent across extracts.
// Dates are calendar dates; times and offsets are copied unchanged (a shift of n days is then
// exactly n·24 h in UTC). A date that does not parse, or that would leave years 0000–9999, is
// an INPUT_VALUE error whose message names the expected format, never the value.
import { KanonError } from '../errors.js';
import { hmacSha256Words } from '../crypto/hmac-sha256.js';
import { KEY_ID_PATTERN } from '../keys.js';
import { civilFromDays, daysFromCivil, formatParser, isoParser } from './date-format.js';
import { assertValid, otherColumn, type CellFn, type OperatorDef } from './types.js';

export interface DateShiftOptions {
  subject: string;
  maxDays?: number;
  format?: string;
  key?: string;
}

export const DATESHIFT_LABEL = 'kanon-dateshift\0';
const CACHE_MAX = 65_536;

export const dateShift: OperatorDef<DateShiftOptions> = {
  name: 'dateShift',
  summary: 'shift dates by a secret number of days per subject, keeping intervals within a subject',
  keyed: true,
  required: ['subject'],
  options: {
    subject: { type: 'string', minLength: 1, description: 'Column identifying the subject whose dates move together.' },
    maxDays: { type: 'integer', minimum: 1, maximum: 3650, default: 30, description: 'Largest shift in days, either way (never 0).' },
    format: {
      type: 'string',
      minLength: 1,
      description: 'Date format with tokens YYYY MM DD HH mm ss (e.g. "DD/MM/YYYY"); default: ISO dates and datetimes.',
    },
    key: { type: 'string', pattern: KEY_ID_PATTERN, default: 'default', description: 'Key id (--key-file id=path).' },
  },
  validate(options, ctx) {
    const problems = otherColumn(ctx, options.subject, 'subject', 'dateShift subject');
    if (options.format !== undefined && formatParser(options.format) === undefined) {
      problems.push(
        new KanonError('POLICY_INVALID', 'dateShift format needs YYYY, MM and DD once each (tokens: YYYY MM DD HH mm ss)', {
          path: `${ctx.configPath}/format`,
        }),
      );
    }
    return problems;
  },
  compile(options, ctx): CellFn {
    assertValid(dateShift, options, ctx);
    const maxDays = options.maxDays ?? 30;
    const path = ctx.configPath;
    const subjectAt = ctx.indexOf(options.subject, `${path}/subject`);
    const parse = (options.format === undefined ? isoParser : formatParser(options.format))!;
    const expected = options.format === undefined ? 'an ISO date (YYYY-MM-DD[THH:MM[:SS]…])' : `a date in format ${JSON.stringify(options.format)}`;
    const digest = hmacSha256Words(ctx.keys.get(options.key ?? 'default'), DATESHIFT_LABEL);
    const cache = new Map<string, number>();
    const shiftOf = (subject: string): number => {
      let s = cache.get(subject);
      if (s === undefined) {
        const r = (digest(subject)[0]! >>> 0) % (2 * maxDays);
        s = r < maxDays ? r - maxDays : r - maxDays + 1;
        if (cache.size >= CACHE_MAX) cache.clear();
        cache.set(subject, s);
      }
      return s;
    };
    return (value, row) => {
      const p = parse(value);
      if (p === undefined) throw new KanonError('INPUT_VALUE', `dateShift expects ${expected}`);
      const [y, m, d] = civilFromDays(daysFromCivil(p.y, p.m, p.d) + shiftOf(row[subjectAt] ?? ''));
      if (y < 0 || y > 9999) throw new KanonError('INPUT_VALUE', 'dateShift would move a date outside the years 0000-9999');
      return p.render(y, m, d);
    };
  },
};
