// kanon validate --plan: a plan checked against its schema and against the policy as it is
// now — the policy and hierarchy digests, the privacy models, the quasi-identifiers (same
// set, by name) and each hierarchy's depth and label count at the plan's level. Every problem
// is collected (PLAN_MISMATCH, exit 2). The key is not loaded by validate, so the key
// fingerprint is checked by `kanon run --plan` only.
import { KanonError } from '../errors.js';
import { bundle } from '../policy/load.js';
import type { Policy } from '../policy/types.js';
import { loadHierarchy, type HierarchySpec } from '../hierarchy/load.js';
import { normalizePrivacy, type RawPrivacy } from '../privacy/normalize.js';
import { planChanges } from './apply.js';
import { labelCount } from './build.js';
import { loadPlan, type LoadedPlan } from './load.js';

export function validatePlan(planFile: string, policy: Policy): LoadedPlan {
  const loaded = loadPlan(planFile);
  const plan = loaded.plan;
  const sens = policy.columns.filter((c) => c.spec.role === 'sensitive');
  const privacy = normalizePrivacy(
    policy.raw.privacy as RawPrivacy | undefined,
    sens.map((c) => c.name),
    sens.filter((c) => c.spec.hierarchy !== undefined).map((c) => c.name),
  );
  const at = { file: loaded.file };
  const problems = planChanges(plan, { policy, privacy, keyFingerprint: plan.keyFingerprint }).map(
    (c) => new KanonError('PLAN_MISMATCH', `changed since the plan was made: ${c}`, at),
  );
  const quasi = policy.columns.filter((c) => c.spec.role === 'quasi');
  const inPlan = new Map(plan.transformation.quasi.map((q) => [q.column, q]));
  for (const c of quasi) {
    const q = inPlan.get(c.name);
    if (!q) {
      problems.push(new KanonError('PLAN_MISMATCH', 'this quasi-identifier is not in the plan', { ...at, column: c.name }));
      continue;
    }
    const h = loadHierarchy(c.spec.hierarchy as HierarchySpec, { baseDir: policy.dir, configPath: `${c.configPath}/hierarchy` });
    // A hierarchy fitted to the data (mask: its depth is the values' length) has no depth
    // before it sees them: `kanon run --plan` checks it on the batch (apply.ts).
    if (h.fit !== undefined) continue;
    if (h.levels !== q.levels)
      problems.push(
        new KanonError('PLAN_MISMATCH', `the plan was made for a hierarchy of ${q.levels} levels, this one has ${h.levels}`, { ...at, column: c.name }),
      );
    else if (q.level >= h.levels) problems.push(new KanonError('PLAN_MISMATCH', "the plan's level is beyond the hierarchy", { ...at, column: c.name }));
    else if (labelCount(h, q.level) !== q.labels)
      problems.push(new KanonError('PLAN_MISMATCH', "the hierarchy's label count at the plan's level differs from the plan", { ...at, column: c.name }));
  }
  for (const name of inPlan.keys()) {
    if (!quasi.some((c) => c.name === name))
      problems.push(new KanonError('PLAN_MISMATCH', 'the plan names a quasi-identifier the policy does not have', { ...at, column: name }));
  }
  if (problems.length) throw bundle(problems);
  return loaded;
}
