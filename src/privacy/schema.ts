// JSON Schema for the policy's `privacy` section.
import type { JsonSchema } from '../operators/types.js';

const lDiversity: JsonSchema = {
  type: 'object',
  required: ['column', 'l'],
  additionalProperties: false,
  properties: {
    column: { type: 'string', minLength: 1, description: 'A column with role "sensitive".' },
    variant: { enum: ['distinct', 'entropy', 'recursive'], description: 'Machanavajjhala et al. 2007; default "distinct".' },
    l: { type: 'number', minimum: 1 },
    c: { type: 'number', exclusiveMinimum: 0, description: 'c of recursive (c,l)-diversity (required for "recursive").' },
  },
};
const tCloseness: JsonSchema = {
  type: 'object',
  required: ['column', 't'],
  additionalProperties: false,
  properties: {
    column: { type: 'string', minLength: 1, description: 'A column with role "sensitive".' },
    measure: {
      enum: ['equal', 'ordered', 'hierarchical'],
      description: 'EMD ground distance (Li et al. 2007); default "equal". "hierarchical" needs the column\'s hierarchy.',
    },
    t: { type: 'number', minimum: 0, maximum: 1 },
  },
};

export const privacySchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  description: 'Privacy models the generalization must satisfy; at least one of k, lDiversity, tCloseness.',
  properties: {
    k: { type: 'integer', minimum: 1, description: 'Every equivalence class has at least k rows (Sweeney 2002).' },
    suppressionLimit: { type: 'number', minimum: 0, maximum: 1, description: 'Fraction of rows that may be suppressed (default 0).' },
    lDiversity: { oneOf: [lDiversity, { type: 'array', items: lDiversity, minItems: 1 }] },
    tCloseness: { oneOf: [tCloseness, { type: 'array', items: tCloseness, minItems: 1 }] },
    metric: { enum: ['loss', 'precision', 'discernibility', 'aecs', 'entropy'], description: 'Information-loss metric minimized (default "loss").' },
    suppressedOutput: { enum: ['remove', 'star'], description: 'Suppressed rows: left out (default) or written with every quasi-identifier "*".' },
    search: {
      type: 'object',
      additionalProperties: false,
      description: 'Search budget (issue 13). The check budget keeps the result identical on every machine; a time limit makes it depend on the machine.',
      properties: {
        maxChecks: { type: 'integer', minimum: 1, description: 'Lattice nodes evaluated at most (default 2000).' },
        timeLimitSeconds: {
          type: 'number',
          exclusiveMinimum: 0,
          description: 'Stop after this many seconds (no default: the result then depends on the machine).',
        },
      },
    },
    recoding: {
      enum: ['global', 'local'],
      description:
        '"global" (default): one generalization level per column for the whole table; "local": Mondrian partitioning, each group of similar records generalized only as much as it needs (LeFevre et al. 2006).',
    },
  },
};
