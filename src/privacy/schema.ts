// JSON Schema for the policy's `privacy` section (placeholder until the search lands).
import type { JsonSchema } from '../operators/types.js';

export const privacySchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {},
};
