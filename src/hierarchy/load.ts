// Turns a policy's `columns.<name>.hierarchy` into a Hierarchy: a string is an ARX-format
// file (resolved against baseDir, the policy file's folder), an object is a builder.
import { resolve } from 'node:path';
import { KanonError } from '../errors.js';
import { dateHierarchy, type DateSpec } from './date.js';
import { loadFileHierarchy } from './file.js';
import { intervalHierarchy, type IntervalSpec } from './interval.js';
import { maskHierarchy, type MaskSpec } from './mask.js';
import { treeHierarchy, type TreeSpec } from './tree.js';
import type { Hierarchy } from './types.js';

export interface FileSpec {
  type: 'file';
  path: string;
  delimiter?: string;
}
export type HierarchySpec = string | FileSpec | IntervalSpec | DateSpec | MaskSpec | TreeSpec;

export interface LoadHierarchyOptions {
  /** Folder relative paths are resolved against (the policy file's folder). */
  baseDir: string;
  /** JSON pointer of the spec in the policy, e.g. /columns/age/hierarchy. */
  configPath: string;
}

export function loadHierarchy(spec: HierarchySpec, opts: LoadHierarchyOptions): Hierarchy {
  const at = opts.configPath;
  if (typeof spec === 'string') return loadFileHierarchy({ path: resolve(opts.baseDir, spec), configPath: at });
  switch (spec.type) {
    case 'file':
      return loadFileHierarchy({
        path: resolve(opts.baseDir, spec.path),
        ...(spec.delimiter !== undefined ? { delimiter: spec.delimiter } : {}),
        configPath: at,
      });
    case 'interval':
      return intervalHierarchy(spec, at);
    case 'date':
      return dateHierarchy(spec, at);
    case 'mask':
      return maskHierarchy(spec, at);
    case 'tree':
      return treeHierarchy(spec, at);
    default:
      throw new KanonError('HIERARCHY_INVALID', 'unknown hierarchy type', { path: `${at}/type` });
  }
}
