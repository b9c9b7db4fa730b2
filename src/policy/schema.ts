// The one JSON Schema of a policy file, composed from the registries so that adding an
// operator, a hierarchy builder, a privacy model or a risk threshold extends it in one place.
// It ships as schema/policy.schema.json (written at build) so editors can use "$schema".
import { OPERATORS } from '../operators/registry.js';
import type { JsonSchema } from '../operators/types.js';
import { hierarchySchema } from '../hierarchy/schema.js';
import { privacySchema } from '../privacy/schema.js';
import { riskSchema } from '../risk/schema.js';

export const SCHEMA_ID = 'https://kanon.invalid/schema/policy-v1.json';

const common: Record<string, JsonSchema> = {
  reason: { type: 'string', description: 'Why this column has this role (free text; kanon scan writes it).' },
};

function identifierSchema(): JsonSchema {
  const branches = Object.values(OPERATORS).map((op) => ({
    type: 'object',
    description: op.summary,
    required: ['role', 'operator', ...(op.required ?? [])],
    additionalProperties: false,
    properties: {
      role: { const: 'identifier' },
      operator: { const: op.name },
      ...common,
      empty: {
        enum: ['keep', 'transform'],
        description: 'Empty cells: "keep" them empty (default) or pass them through the operator.',
      },
      ...op.options,
    },
  }));
  return {
    type: 'object',
    required: ['role', 'operator'],
    properties: {
      role: { const: 'identifier' },
      operator: { enum: Object.keys(OPERATORS), description: 'What to do with this direct identifier.' },
    },
    discriminator: { propertyName: 'operator' },
    oneOf: branches,
  };
}

export function columnSchema(): JsonSchema {
  return {
    type: 'object',
    required: ['role'],
    properties: { role: { enum: ['identifier', 'quasi', 'sensitive', 'insensitive'] } },
    discriminator: { propertyName: 'role' },
    oneOf: [
      identifierSchema(),
      {
        type: 'object',
        description: 'A quasi-identifier: generalized along its hierarchy.',
        required: ['role', 'hierarchy'],
        additionalProperties: false,
        properties: { role: { const: 'quasi' }, ...common, hierarchy: hierarchySchema },
      },
      {
        type: 'object',
        description: 'A sensitive attribute: kept as is; l-diversity / t-closeness are measured on it.',
        required: ['role'],
        additionalProperties: false,
        properties: {
          role: { const: 'sensitive' },
          ...common,
          hierarchy: hierarchySchema,
          order: {
            description: 'Order of values for ordered-distance t-closeness: "numeric", "lexical", or the values in order.',
            oneOf: [{ enum: ['numeric', 'lexical'] }, { type: 'array', items: { type: 'string' }, minItems: 1 }],
          },
        },
      },
      {
        type: 'object',
        description: 'Not identifying: passed through unchanged.',
        required: ['role'],
        additionalProperties: false,
        properties: { role: { const: 'insensitive' }, ...common },
      },
    ],
  };
}

export function policySchema(): JsonSchema {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: SCHEMA_ID,
    title: 'kanon policy',
    type: 'object',
    required: ['columns'],
    additionalProperties: false,
    properties: {
      $schema: { type: 'string' },
      version: { const: 1, description: 'Policy format version (1).' },
      description: { type: 'string' },
      input: {
        type: 'object',
        additionalProperties: false,
        properties: {
          format: { enum: ['csv', 'ndjson', 'json'] },
          delimiter: { type: 'string', minLength: 1, maxLength: 1 },
        },
      },
      output: {
        type: 'object',
        additionalProperties: false,
        properties: {
          format: { enum: ['csv', 'ndjson', 'json'] },
          delimiter: { type: 'string', minLength: 1, maxLength: 1 },
          escapeFormulas: { type: 'boolean' },
          failOnCollision: { type: 'boolean', description: 'Pseudonym collisions are fatal (as --fail-on-collision).' },
        },
      },
      columns: {
        type: 'object',
        minProperties: 1,
        additionalProperties: columnSchema(),
      },
      privacy: privacySchema,
      risk: riskSchema,
    },
  };
}
