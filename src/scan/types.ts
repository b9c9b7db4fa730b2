// Types of `kanon scan` (issue 6): a streaming profile per column, then findings (a role and
// the detectors behind it) from which a draft policy and the scan report are made.
//
// Values live only in ColumnProfile.sample / min / max / categories. Renderers and the draft
// policy read those only where a caller opted in (showExamples / allowValuesInPolicy), except
// the documented cases in draft.ts (interval bounds rounded to the bin width, category labels
// of low-cardinality quasi-identifiers that every occur in at least k rows).

import type { HeaderNote } from './header.js';

/** Inferred column type. `string`: single-token text (codes, emails, IDs); `text`: free text
 *  (several words per value, mostly distinct); `empty`: no non-empty value was seen. */
export type InferredType = 'integer' | 'decimal' | 'date' | 'datetime' | 'boolean' | 'categorical' | 'string' | 'text' | 'empty';

import type { Role } from '../policy/types.js';
export type { Role };

/** What a detector recognised. Identifier kinds first, then quasi, then sensitive. */
export type FindingKind =
  | 'email'
  | 'phone'
  | 'ssn'
  | 'creditCard'
  | 'iban'
  | 'ipv4'
  | 'ipv6'
  | 'mac'
  | 'url'
  | 'uuid'
  | 'personName'
  | 'address'
  | 'freeText'
  | 'uniqueId'
  | 'eventDate'
  | 'birthDate'
  | 'age'
  | 'postalCode'
  | 'sex'
  | 'race'
  | 'maritalStatus'
  | 'geography'
  | 'occupation'
  | 'education'
  | 'demographic'
  | 'health'
  | 'income'
  | 'religion'
  | 'sexualOrientation'
  | 'political'
  | 'criminal'
  | 'none';

export interface ColumnProfile {
  name: string;
  index: number;
  rows: number;
  /** Cells that are empty after trimming. */
  empty: number;
  nullShare: number;
  type: InferredType;
  /** Share of non-empty cells that fit `type` (the rest are stray values). */
  typeShare: number;
  /** Distinct non-empty values: exact while at most `distinctCap`, then a HyperLogLog estimate. */
  distinct: number;
  distinctExact: boolean;
  /** distinct / non-empty cells (0 when there are none). */
  uniqueness: number;
  /** Length range of non-empty values, in UTF-16 units. */
  minLength: number;
  maxLength: number;
  /** Mean number of whitespace-separated tokens per non-empty value. */
  meanTokens: number;
  /** Numeric range (integer/decimal columns). VALUES: shown only with showExamples. */
  min?: number;
  max?: number;
  /** Date range as ISO dates yyyy-mm-dd (date/datetime columns). VALUES: as above. */
  minDate?: string;
  maxDate?: string;
  /** Value → count, when the column has at most `categoryLimit` distinct values. VALUES. */
  categories?: ReadonlyMap<string, number>;
  /** Seeded reservoir sample of non-empty values (Vitter 1985, algorithm R). VALUES. */
  sample: readonly string[];
}

export interface Detection {
  /** Rule name, e.g. "content:email", "header:dob", "unique". */
  rule: string;
  kind: FindingKind;
  /** 0..1 */
  confidence: number;
  /** Share of sampled non-empty values that matched the content rule, when there is one. */
  share?: number;
}

export interface ColumnFinding {
  column: string;
  index: number;
  type: InferredType;
  role: Role;
  kind: FindingKind;
  confidence: number;
  /** Why: rule names and shares, never values. */
  reason: string;
  /** Every rule that fired, best first (the first one decided role and kind). */
  detections: Detection[];
  profile: ColumnProfile;
  /** Set when the header name must not be shown (it looks like data, see header.ts): output
   *  names the column by `header.label` instead. */
  header?: HeaderNote;
}
