// Inline category tree: `groups` maps a group label to either an array of leaf values or a
// nested object of groups. All leaves must sit at the same depth (full-domain generalization
// needs one level per column of the hierarchy). Levels: value, innermost group, …, outermost
// group, "*" — the outermost group is the top itself when it is the only one and named "*".
// Errors name the policy path, never a value or label.
import { KanonError } from '../errors.js';
import { hierarchyFromRows } from './file.js';
import type { Hierarchy } from './types.js';

export interface TreeSpec {
  type: 'tree';
  groups: TreeGroups;
}
export type TreeGroups = { [label: string]: string[] | TreeGroups };

export function treeHierarchy(spec: TreeSpec, configPath = ''): Hierarchy {
  const rows: string[][] = [];
  const walk = (g: TreeGroups, path: string[], at: string): void => {
    const keys = Object.keys(g);
    if (keys.length === 0) throw new KanonError('HIERARCHY_INVALID', 'tree has an empty group', { path: at });
    for (const key of keys) {
      const child = g[key]!;
      const here = `${at}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (Array.isArray(child)) {
        if (!child.every((x) => typeof x === 'string')) throw new KanonError('HIERARCHY_INVALID', 'tree leaves must be strings', { path: here });
        if (child.length === 0) throw new KanonError('HIERARCHY_INVALID', 'tree has an empty group', { path: here });
        for (const leaf of child) rows.push([leaf, key, ...path]);
      } else if (typeof child === 'object' && child !== null) walk(child, [key, ...path], here);
      else throw new KanonError('HIERARCHY_INVALID', 'a tree group must be an array of values or an object of groups', { path: here });
    }
  };
  walk(spec.groups, [], `${configPath}/groups`);
  const depth = rows[0]?.length ?? 0;
  if (rows.some((r) => r.length !== depth)) {
    throw new KanonError('HIERARCHY_INVALID', 'all leaves of a tree hierarchy must be at the same depth', { path: configPath });
  }
  const seen = new Set<string>();
  for (const r of rows) {
    if (seen.has(r[0]!)) throw new KanonError('HIERARCHY_INVALID', 'a leaf value appears twice in the tree', { path: configPath });
    seen.add(r[0]!);
  }
  // `{"*": [values]}` is the two-level tree value → "*" (sex: no middle level exists); any other
  // outermost group gets "*" above it.
  const top = Object.keys(spec.groups);
  const starred = top.length === 1 && top[0] === '*';
  return hierarchyFromRows(starred ? rows : rows.map((r) => [...r, '*']), { path: configPath });
}
