// drop: remove the column from the output entirely.
import type { OperatorDef } from './types.js';

export const drop: OperatorDef = {
  name: 'drop',
  summary: 'remove the column from the output',
  options: {},
  keyed: false,
  compile: () => 'drop',
};
