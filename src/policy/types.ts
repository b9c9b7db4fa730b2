// What the user wrote (RawPolicy, checked by the schema) and what runs (Policy, BoundPolicy).
import type { Format } from '../io/types.js';

export type Role = 'identifier' | 'quasi' | 'sensitive' | 'insensitive';

export interface ColumnSpec {
  role: Role;
  operator?: string;
  hierarchy?: unknown;
  empty?: 'keep' | 'transform';
  reason?: string;
  [option: string]: unknown;
}

export interface RawPolicy {
  version?: 1;
  input?: { format?: Format; delimiter?: string };
  output?: { format?: Format; delimiter?: string; escapeFormulas?: boolean; failOnCollision?: boolean };
  columns: Record<string, ColumnSpec>;
  privacy?: Record<string, unknown>;
  risk?: Record<string, unknown>;
}

export interface Policy {
  /** The path as given (for messages). */
  file: string;
  /** Folder of the policy file: hierarchy paths are relative to it. */
  dir: string;
  /** sha256 of the policy file's bytes (for reports). */
  sha256: string;
  raw: RawPolicy;
  /** Column entries in policy order. */
  columns: { name: string; spec: ColumnSpec; configPath: string }[];
}

export interface BoundColumn {
  name: string;
  index: number;
  spec: ColumnSpec;
  configPath: string;
}

export interface BoundPolicy {
  policy: Policy;
  header: string[];
  /** In input column order. */
  columns: BoundColumn[];
  byRole(role: Role): BoundColumn[];
}

/** JSON pointer segment escaping (RFC 6901). */
export function pointer(...segments: string[]): string {
  return segments.map((s) => '/' + s.replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}
