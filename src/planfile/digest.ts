// Digests of what a plan depends on: the policy (its file's bytes, Policy.sha256) and each
// hierarchy of a quasi-identifier or sensitive column — the file's bytes for file
// hierarchies, the canonical JSON of the spec for inline builders (interval, date, mask,
// tree). An inline spec is also covered by the policy digest; its own digest lets a mismatch
// name the column whose hierarchy changed, and lets --allow-policy-change accept an edited
// policy whose hierarchies are the same.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { KanonError } from '../errors.js';
import type { Policy } from '../policy/types.js';
import { canonicalJson, sha256 } from './canonical.js';
import type { HierarchyDigest } from './types.js';

export function hierarchyDigests(policy: Pick<Policy, 'columns' | 'dir' | 'file'>): HierarchyDigest[] {
  const out: HierarchyDigest[] = [];
  for (const c of policy.columns) {
    const role = c.spec.role;
    if ((role !== 'quasi' && role !== 'sensitive') || c.spec.hierarchy === undefined) continue;
    const spec = c.spec.hierarchy as string | { type?: string; path?: string };
    const path = typeof spec === 'string' ? spec : spec.type === 'file' ? spec.path : undefined;
    if (path === undefined) {
      out.push({ column: c.name, role, source: 'spec', sha256: sha256(canonicalJson(spec)) });
      continue;
    }
    let bytes: Buffer;
    try {
      bytes = readFileSync(resolve(policy.dir, path));
    } catch {
      throw new KanonError('HIERARCHY_READ', 'cannot read the hierarchy file', { file: policy.file, path: `${c.configPath}/hierarchy` });
    }
    out.push({ column: c.name, role, source: 'file', sha256: sha256(bytes) });
  }
  // Column-name order, not policy order: reordering the policy's columns changes nothing here.
  return out.sort((a, b) => (a.column < b.column ? -1 : a.column > b.column ? 1 : 0));
}
