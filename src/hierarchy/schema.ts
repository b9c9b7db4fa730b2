// JSON Schema for `columns.<name>.hierarchy`: a path to an ARX-format file, or a builder.
import type { JsonSchema } from '../operators/types.js';
import { DATE_LEVELS } from './date.js';

const num = { type: 'number' };
export const hierarchySchema: JsonSchema = {
  description: 'A path to an ARX-format hierarchy file (relative to the policy file), or a builder object.',
  oneOf: [
    { type: 'string', minLength: 1, description: 'ARX-format file: one row per value, ";"-separated levels up to "*".' },
    {
      type: 'object',
      required: ['type'],
      discriminator: { propertyName: 'type' },
      oneOf: [
        {
          type: 'object',
          required: ['type', 'path'],
          additionalProperties: false,
          properties: { type: { const: 'file' }, path: { type: 'string', minLength: 1 }, delimiter: { type: 'string', minLength: 1, maxLength: 1 } },
        },
        {
          type: 'object',
          required: ['type'],
          additionalProperties: false,
          description: 'Numeric buckets: "widths" (each a multiple of the previous) or "cuts" per level (each a subset of the previous).',
          properties: {
            type: { const: 'interval' },
            widths: { type: 'array', items: { type: 'number', exclusiveMinimum: 0 }, minItems: 1 },
            cuts: { type: 'array', items: { type: 'array', items: num, minItems: 1 }, minItems: 1 },
            min: num,
            max: num,
          },
          oneOf: [{ required: ['widths'] }, { required: ['cuts'] }],
        },
        {
          type: 'object',
          required: ['type', 'levels'],
          additionalProperties: false,
          properties: {
            type: { const: 'date' },
            levels: { type: 'array', items: { enum: [...DATE_LEVELS] }, minItems: 1, uniqueItems: true },
            format: { type: 'string', minLength: 4 },
          },
        },
        {
          type: 'object',
          required: ['type'],
          additionalProperties: false,
          properties: { type: { const: 'mask' }, char: { type: 'string', minLength: 1 }, length: { type: 'integer', minimum: 1 } },
        },
        {
          type: 'object',
          required: ['type', 'groups'],
          additionalProperties: false,
          properties: {
            type: { const: 'tree' },
            groups: {
              type: 'object',
              minProperties: 1,
              description: 'Group label → array of values, or → nested groups; all leaves at the same depth (checked when loaded).',
            },
          },
        },
      ],
    },
  ],
};
