// The operator registry: a typed object literal keyed by name. Add an operator by writing
// src/operators/<name>.ts and adding one line here; the policy schema is built from this.
import type { OperatorDef } from './types.js';
import { drop } from './drop.js';

export const OPERATORS: Record<string, OperatorDef<any>> = {
  drop,
};
