// The policy shapes `kanon scan` drafts (the contract in issue 6), as a JSON Schema for the
// draft tests. The project's own schema (src/policy/schema.ts) gets its hierarchy, privacy
// and operator fragments from work landing in parallel, so the tests check the draft against
// this contract and, for the parts that exist already, against the project schema too.
const reason = { type: 'string', minLength: 1 };
const op = (operator: string, props: Record<string, unknown> = {}, required: string[] = []) => ({
  type: 'object',
  additionalProperties: false,
  required: ['role', 'operator', 'reason', ...required],
  properties: { role: { const: 'identifier' }, operator: { const: operator }, reason, ...props },
});
const h = (type: string, props: Record<string, unknown> = {}, required: string[] = []) => ({
  type: 'object',
  additionalProperties: false,
  required: ['type', ...required],
  properties: { type: { const: type }, ...props },
});

export const contractSchema = {
  // A tree's groups: label → leaf values, or → nested groups (multi-level trees, issue 13).
  $defs: {
    groups: {
      type: 'object',
      minProperties: 1,
      additionalProperties: { oneOf: [{ type: 'array', minItems: 1, items: { type: 'string' } }, { $ref: '#/$defs/groups' }] },
    },
  },
  type: 'object',
  additionalProperties: false,
  required: ['version', 'columns'],
  properties: {
    version: { const: 1 },
    privacy: {
      type: 'object',
      additionalProperties: false,
      required: ['k', 'suppressionLimit'],
      properties: { k: { type: 'integer', minimum: 2 }, suppressionLimit: { type: 'number', minimum: 0, maximum: 1 } },
    },
    columns: {
      type: 'object',
      minProperties: 1,
      additionalProperties: {
        oneOf: [
          op('hmac', { normalize: { type: 'array', items: { enum: ['trim', 'lowercase'] } }, variant: { const: 'email' }, domain: { const: 'keep' } }),
          op('mask', { keepEnd: { type: 'integer', minimum: 0 }, keepSeparators: { type: 'boolean' } }, ['keepEnd']),
          op('ff1', { alphabet: { type: 'string', minLength: 2 } }, ['alphabet']),
          op('dateShift', { subject: { type: 'string', minLength: 1 }, maxDays: { type: 'integer', minimum: 1 } }, ['subject', 'maxDays']),
          op('drop'),
          op('redact', { with: { type: 'string' } }),
          {
            type: 'object',
            additionalProperties: false,
            required: ['role', 'hierarchy', 'reason'],
            properties: {
              role: { const: 'quasi' },
              reason,
              hierarchy: {
                oneOf: [
                  h(
                    'interval',
                    {
                      widths: { type: 'array', minItems: 1, items: { type: 'number', exclusiveMinimum: 0 } },
                      min: { type: 'number' },
                      max: { type: 'number' },
                    },
                    ['widths', 'min', 'max'],
                  ),
                  h('date', { levels: { type: 'array', minItems: 1, items: { enum: ['month', 'year', '5years', 'decade'] } } }, ['levels']),
                  h('mask'),
                  h('tree', { groups: { $ref: '#/$defs/groups' } }, ['groups']),
                ],
              },
            },
          },
          { type: 'object', additionalProperties: false, required: ['role', 'reason'], properties: { role: { const: 'sensitive' }, reason } },
          { type: 'object', additionalProperties: false, required: ['role', 'reason'], properties: { role: { const: 'insensitive' }, reason } },
        ],
      },
    },
  },
};
