// JSON Schema for `columns.<name>.hierarchy` (placeholder until the hierarchy builders land).
import type { JsonSchema } from '../operators/types.js';

export const hierarchySchema: JsonSchema = {
  description: 'A path to an ARX-format hierarchy file (relative to the policy file), or a builder object.',
  oneOf: [
    { type: 'string', minLength: 1 },
    { type: 'object', required: ['type'], properties: { type: { type: 'string' } } },
  ],
};
