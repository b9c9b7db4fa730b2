// The plan file's JSON Schema (draft-07, checked with ajv like the policy; shipped as
// schema/plan.schema.json by scripts/write-schema.mjs). Strict: unknown keys are refused,
// so a hand-edited or truncated plan fails before anything is applied.
import type { JsonSchema } from '../operators/types.js';

export const PLAN_SCHEMA_ID = 'https://kanon.invalid/schema/plan-v1.json';

const sha = { type: 'string', pattern: '^[0-9a-f]{64}$' };
const count = { type: 'integer', minimum: 0 };
const share = { type: 'number', minimum: 0, maximum: 1 };
const name = { type: 'string', minLength: 1 };

export function planSchema(): JsonSchema {
  const globalQuasi = {
    type: 'object',
    additionalProperties: false,
    required: ['column', 'level', 'levels', 'labels'],
    properties: {
      column: name,
      level: count,
      levels: { type: 'integer', minimum: 1 },
      labels: { type: ['integer', 'null'], minimum: 1 },
    },
  };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: PLAN_SCHEMA_ID,
    title: 'kanon plan file, format version 1',
    description:
      'The frozen transformation of a kanon search (kanon plan), applied unchanged by kanon run --plan. Holds digests, levels and counts; no cell values.',
    type: 'object',
    additionalProperties: false,
    required: ['kanonPlan', 'tool', 'policy', 'hierarchies', 'transformation', 'privacy', 'search', 'keyFingerprint', 'reference'],
    properties: {
      $schema: { type: 'string' },
      kanonPlan: { const: 1 },
      tool: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'version'],
        properties: { name: { const: 'kanon' }, version: { type: 'string' } },
      },
      createdAt: { type: 'string' },
      policy: { type: 'object', additionalProperties: false, required: ['sha256'], properties: { sha256: sha } },
      hierarchies: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['column', 'role', 'source', 'sha256'],
          properties: { column: name, role: { enum: ['quasi', 'sensitive'] }, source: { enum: ['file', 'spec'] }, sha256: sha },
        },
      },
      transformation: {
        // One branch per recoding kind; "local" (Mondrian partition rules) is the extension point (types.ts).
        oneOf: [
          {
            type: 'object',
            additionalProperties: false,
            required: ['kind', 'quasi'],
            properties: { kind: { const: 'global' }, quasi: { type: 'array', minItems: 1, items: globalQuasi } },
          },
        ],
      },
      privacy: {
        type: 'object',
        additionalProperties: false,
        required: ['k', 'suppressionLimit', 'lDiversity', 'tCloseness', 'metric', 'suppressedOutput'],
        properties: {
          k: { type: 'integer', minimum: 1 },
          suppressionLimit: share,
          lDiversity: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['column', 'variant', 'l'],
              properties: {
                column: name,
                variant: { enum: ['distinct', 'entropy', 'recursive'] },
                l: { type: 'number', minimum: 1 },
                c: { type: 'number', exclusiveMinimum: 0 },
              },
            },
          },
          tCloseness: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['column', 'measure', 't'],
              properties: { column: name, measure: { enum: ['equal', 'ordered', 'hierarchical'] }, t: share },
            },
          },
          metric: { enum: ['loss', 'precision', 'discernibility', 'aecs', 'entropy'] },
          suppressedOutput: { enum: ['remove', 'star'] },
        },
      },
      search: {
        type: 'object',
        additionalProperties: false,
        required: ['optimal', 'gap', 'metric', 'loss', 'nodesEvaluated', 'nodesTotal'],
        properties: {
          optimal: { type: 'boolean' },
          gap: { type: ['number', 'null'], minimum: 0 },
          metric: { type: 'string' },
          loss: { type: 'number' },
          nodesEvaluated: count,
          nodesTotal: count,
        },
      },
      keyFingerprint: { type: ['string', 'null'] },
      reference: {
        type: 'object',
        additionalProperties: false,
        required: ['inputSha256', 'records', 'classes', 'suppressed', 'loss', 'highestProsecutorRisk'],
        properties: {
          inputSha256: sha,
          records: count,
          classes: count,
          suppressed: count,
          loss: { type: ['number', 'null'] },
          highestProsecutorRisk: share,
        },
      },
    },
  };
}
