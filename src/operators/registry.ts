// The operator registry: a typed object literal keyed by name. Add an operator by writing
// src/operators/<name>.ts and adding one line here; the policy schema is built from this.
import type { OperatorDef } from './types.js';
import { drop } from './drop.js';
import { redact } from './redact.js';
import { mask } from './mask.js';
import { hmac } from './hmac.js';
import { ff1 } from './ff1.js';
import { dateShift } from './date-shift.js';

export const OPERATORS: Record<string, OperatorDef<any>> = {
  drop,
  redact,
  mask,
  hmac,
  ff1,
  dateShift,
};
