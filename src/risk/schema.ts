// JSON Schema for the policy's `risk` section (placeholder until the risk report lands).
import type { JsonSchema } from '../operators/types.js';

export const riskSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {},
};
