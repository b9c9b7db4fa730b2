// kanon run --plan: apply a frozen plan to a new batch (issue 15). No search: the plan's
// levels are checked against the policy (digests of the policy, its hierarchies and the key;
// the quasi-identifiers and their hierarchies' depths), applied, the classes of *this* batch
// that break the privacy models are suppressed (within the suppression limit), and the models
// are re-verified on the released classes before anything is written. Applying one plan to
// every release keeps each column's generalization the same from batch to batch, so releases
// of overlapping people cannot be intersected to narrow classes the way two differently
// generalized releases can (composition attacks: Ganta, Kasiviswanathan, Smith, KDD 2008).
import { readFileSync } from 'node:fs';
import { KanonError } from '../errors.js';
import { writeFileAtomic } from '../io/output.js';
import { compileCriteria } from '../privacy/registry.js';
import type { PrivacyConfig } from '../privacy/types.js';
import type { Policy } from '../policy/types.js';
import { renderJson, type Report } from '../risk/index.js';
import { groupClasses, suppressionAt, type EncodedTable } from '../search/index.js';
import { cellsFromRows, iota } from '../search/cells.js';
import { judge } from '../search/evaluate.js';
import { METRICS } from '../search/metrics/registry.js';
import { explain, runSearch, type Outcome } from '../plan/plan.js';
import { labelCount, planPrivacy, searchQuality } from './build.js';
import { canonicalJson, sha256 } from './canonical.js';
import { hierarchyDigests } from './digest.js';
import { delta, driftFormat, renderDrift, type Drift, type FreshSearch, type ModelCheck } from './drift.js';
import { appendRelease, checkLedger, readLedger } from './ledger.js';
import { loadPlan, type LoadedPlan } from './load.js';
import type { PlanFile } from './types.js';

export interface FrozenOptions {
  /** The plan file. */
  plan: string;
  /** Apply the plan although the policy, a hierarchy or the key changed since it was made. */
  allowPolicyChange?: boolean;
  /** Also search this batch and report the loss the frozen plan costs. */
  checkDrift?: boolean;
  /** Drift document (.json or .md). */
  driftOut?: string;
  /** Release ledger (JSON lines), appended after each release. */
  ledger?: string;
  /** Release an input already in the ledger under another plan. */
  allowReplan?: boolean;
}

export interface FrozenContext {
  policy: Policy;
  privacy: PrivacyConfig;
  keyFingerprint: string | null;
  /** The run's output path (the ledger needs a file to digest). */
  output?: string;
  toolVersion: string;
}

export interface Frozen {
  loaded: LoadedPlan;
  /** What changed and was accepted (--allow-policy-change). */
  acceptedChanges: string[];
  /** The plan's levels applied to this batch (PRIVACY_UNSATISFIABLE beyond the suppression limit). */
  apply(enc: EncodedTable): Outcome;
  /** Given this batch's report: re-verify the models, write the drift document, check the ledger. */
  review(report: Report): Drift;
  /** Throws when review found the plan no longer protects this batch. */
  enforce(): void;
  /** After the output file is in place: append the release to the ledger. */
  released(counts: { recordsIn: number; recordsOut: number }): void;
}

/** What differs between the plan and the policy as it is now (names only, never values). */
export function planChanges(plan: PlanFile, ctx: Pick<FrozenContext, 'policy' | 'privacy' | 'keyFingerprint'>): string[] {
  return diffPlan(plan, ctx).changes;
}

function diffPlan(plan: PlanFile, ctx: Pick<FrozenContext, 'policy' | 'privacy' | 'keyFingerprint'>): { changes: string[]; hierarchies: Set<string> } {
  const changes: string[] = [];
  const hierarchies = new Set<string>();
  if (plan.policy.sha256 !== ctx.policy.sha256) changes.push('the policy file (its sha256 differs)');
  const now = new Map(hierarchyDigests(ctx.policy).map((h) => [h.column, h]));
  const then = new Map(plan.hierarchies.map((h) => [h.column, h]));
  for (const [col, h] of then) {
    const n = now.get(col);
    if (!n) {
      changes.push(`column ${JSON.stringify(col)} no longer has a hierarchy`);
      hierarchies.add(col);
    } else if (n.sha256 !== h.sha256 || n.source !== h.source) {
      changes.push(`the hierarchy of column ${JSON.stringify(col)}`);
      hierarchies.add(col);
    }
  }
  for (const col of now.keys())
    if (!then.has(col)) {
      changes.push(`column ${JSON.stringify(col)} has a new hierarchy`);
      hierarchies.add(col);
    }
  if (canonicalJson(plan.privacy) !== canonicalJson(planPrivacy(ctx.privacy))) changes.push('the privacy models or suppression rule');
  if (plan.keyFingerprint !== ctx.keyFingerprint) changes.push('the key (its fingerprint differs)');
  return { changes, hierarchies };
}

export function openFrozen(opts: FrozenOptions, ctx: FrozenContext): Frozen {
  if (opts.ledger !== undefined && (ctx.output === undefined || ctx.output === '-')) {
    throw new KanonError('USAGE', "--ledger needs -o FILE (the ledger records the output file's digest)");
  }
  const driftAs = opts.driftOut !== undefined ? driftFormat(opts.driftOut) : undefined;
  const loaded = loadPlan(opts.plan);
  const plan = loaded.plan;
  const { changes, hierarchies: changedHierarchies } = diffPlan(plan, ctx);
  if (changes.length && !opts.allowPolicyChange) {
    throw new KanonError(
      'PLAN_MISMATCH',
      `the plan was made for another policy: changed since: ${changes.join('; ')} (make a new plan with kanon plan, or pass --allow-policy-change)`,
      { file: loaded.file },
    );
  }
  const ledger = opts.ledger !== undefined ? readLedger(opts.ledger) : undefined;
  const privacy = ctx.privacy;
  let state: { enc: EncodedTable; outcome: Outcome; fresh: FreshSearch | null; cap: number } | undefined;
  let failure: KanonError | undefined;
  let reportSha = '';
  let inputSha = '';
  let lastDrift: Drift | undefined;

  const apply = (enc: EncodedTable): Outcome => {
    if (plan.transformation.kind !== 'global')
      throw new KanonError('PLAN_INVALID', 'this kanon applies global recoding plans only', { file: loaded.file, path: '/transformation/kind' });
    const byName = new Map(plan.transformation.quasi.map((q) => [q.column, q]));
    const mismatch = (msg: string, column?: string): never => {
      throw new KanonError('PLAN_MISMATCH', msg, { file: loaded.file, ...(column !== undefined ? { column } : {}) });
    };
    const levels = enc.quasi.map((q) => {
      const p = byName.get(q.name) ?? mismatch('this quasi-identifier is not in the plan (make a new plan)', q.name);
      if (p.levels !== q.levels) mismatch(`the plan was made for a hierarchy of ${p.levels} levels, this one has ${q.levels}`, q.name);
      if (p.level >= q.levels) mismatch("the plan's level is beyond the hierarchy", q.name);
      const labels = labelCount(q.hierarchy, p.level);
      // Same hierarchy bytes must give the same label count; a difference means a hierarchy
      // that is not what its digest says (only accepted when the hierarchy is known to differ).
      if (p.labels !== labels && !changedHierarchies.has(q.name)) mismatch("the hierarchy's label count at the plan's level differs from the plan", q.name);
      return p.level;
    });
    for (const name of byName.keys()) if (!enc.quasi.some((q) => q.name === name)) mismatch('the plan names a quasi-identifier the policy does not have', name);
    // Beyond the suppression limit the batch is refused, but only after review(): the report
    // and drift document of the refused batch are still written (a CI job needs them then).
    const s = suppressionAt(enc, levels, privacy);
    const cap = Math.floor(privacy.suppressionLimit * enc.records + 1e-9);
    const outcome: Outcome = {
      levels,
      suppressed: s.suppressed,
      suppressedCount: s.suppressedCount,
      classes: s.classes,
      starSuppressed: privacy.suppressedOutput === 'star',
      loss: { metric: privacy.metric, value: lossAt(enc, levels, privacy) },
      explanations: explain(enc, levels, privacy),
    };
    let fresh: FreshSearch | null = null;
    if (opts.checkDrift) {
      const f = runSearch(enc, privacy);
      const q = searchQuality(f.search, privacy.metric);
      fresh = {
        found: false,
        levels: null,
        loss: null,
        suppressed: 0,
        differs: false,
        lossCost: null,
        optimal: q.optimal,
        nodesEvaluated: f.search.nodesEvaluated,
        nodesTotal: f.search.nodesTotal,
      };
      if (f.search.found) {
        fresh = {
          found: true,
          levels: Object.fromEntries(
            enc.quasi.map((c, j): [string, number] => [c.name, f.levels[j]!]).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)),
          ),
          loss: f.search.loss,
          suppressed: f.suppressedCount,
          differs: f.levels.some((l, j) => l !== levels[j]),
          lossCost: outcome.loss!.value - f.search.loss,
          optimal: q.optimal,
          nodesEvaluated: f.search.nodesEvaluated,
          nodesTotal: f.search.nodesTotal,
        };
      }
    }
    state = { enc, outcome, fresh, cap };
    return outcome;
  };

  const review = (report: Report): Drift => {
    if (!state) throw new KanonError('INTERNAL', 'plan reviewed before it was applied');
    const { enc, outcome, fresh, cap } = state;
    const checks = [
      { model: 'suppression limit', required: cap, actual: outcome.suppressedCount, passed: outcome.suppressedCount <= cap },
      ...verifyModels(enc, outcome, privacy, report),
    ];
    const batch = {
      inputSha256: report.fingerprints.inputSha256,
      records: report.before.records,
      classes: report.after.classes,
      // Records suppressed (removed, or written as all-"*" with suppressedOutput "star").
      suppressed: outcome.suppressedCount,
      loss: report.loss ? report.loss.value : null,
      highestProsecutorRisk: report.after.prosecutor.highest,
    };
    const drift: Drift = {
      kanonDrift: 1,
      plan: { sha256: loaded.sha256, policySha256: plan.policy.sha256 },
      acceptedChanges: changes,
      levels: Object.fromEntries(plan.transformation.quasi.map((q) => [q.column, q.level])),
      reference: plan.reference,
      batch,
      delta: delta(plan.reference, batch),
      checks,
      passed: checks.every((c) => c.passed),
      freshSearch: fresh,
    };
    if (opts.driftOut !== undefined) writeFileAtomic(opts.driftOut, renderDrift(drift, driftAs!));
    const bad = checks.filter((c) => !c.passed);
    if (outcome.suppressedCount > cap) {
      failure = new KanonError(
        'PRIVACY_UNSATISFIABLE',
        `the frozen plan no longer protects this batch: at the plan's levels ${outcome.suppressedCount} record(s) are in classes that break the privacy models, the suppression limit allows ${cap}; nothing was written (make a new plan with kanon plan)`,
        { file: loaded.file, path: '/transformation' },
      );
    } else if (bad.length) {
      failure = new KanonError(
        'PRIVACY_UNSATISFIABLE',
        `the frozen plan no longer protects this batch: ${bad.map((c) => `${c.model}${c.column !== undefined ? ` on column ${JSON.stringify(c.column)}` : ''} needs ${c.required}, the released classes have ${c.actual}`).join('; ')}; nothing was written (make a new plan with kanon plan)`,
        { file: loaded.file },
      );
    }
    inputSha = report.fingerprints.inputSha256;
    reportSha = sha256(renderJson(report));
    if (!failure && ledger) failure = checkLedger(ledger, { input: inputSha, plan: loaded.sha256, allowReplan: !!opts.allowReplan, file: opts.ledger! });
    lastDrift = drift;
    return drift;
  };

  return {
    loaded,
    acceptedChanges: changes,
    apply,
    review,
    enforce: () => {
      if (failure) throw failure;
    },
    released: (counts) => {
      if (opts.ledger === undefined || !lastDrift || !state) return;
      let out: Buffer;
      try {
        out = readFileSync(ctx.output!);
      } catch {
        throw new KanonError('OUTPUT_WRITE', 'cannot read the output back to record its digest in the ledger', { file: ctx.output! });
      }
      appendRelease(opts.ledger, {
        kanonLedger: 1,
        tool: ctx.toolVersion,
        plan: loaded.sha256,
        policy: ctx.policy.sha256,
        input: inputSha,
        output: sha256(out),
        report: reportSha,
        recordsIn: counts.recordsIn,
        recordsOut: counts.recordsOut,
        suppressed: state.outcome.suppressedCount,
        classes: lastDrift.batch.classes,
      });
    },
  };
}

/** The metric's value at the plan's levels on this batch (the search's own scale). */
export function lossAt(enc: EncodedTable, levels: readonly number[], privacy: PrivacyConfig): number {
  const criteria = compileCriteria(enc, privacy);
  const sens = [...new Set(criteria.map((c) => c.sensitive).filter((i) => i >= 0))].sort((a, b) => a - b);
  const lv = Int32Array.from(levels);
  const { cells } = cellsFromRows(enc, lv, sens);
  const v = judge(enc, cells, criteria, sens);
  return METRICS[privacy.metric].prepare(enc, { k: privacy.k }).value({
    levels: lv,
    classCount: cells.classCount,
    size: cells.classSize,
    violating: v.violating,
    suppressedRows: v.suppressedRows,
    q: cells.q,
    repCell: cells.classRep ?? iota(cells.classCount),
  });
}

/** Re-verification on the released classes, measured apart from the search's criteria: k from
 *  the class sizes of the released (not suppressed) rows; distinct and entropy l and
 *  equal/ordered t from the report's sensitive measures (src/risk/sensitive.ts), which are
 *  computed on the released rows. Recursive (c,l)-diversity and hierarchical t-closeness have
 *  no measure in the report: they are checked by the criteria that chose the suppression. */
export function verifyModels(enc: EncodedTable, outcome: Outcome, privacy: PrivacyConfig, report: Report): ModelCheck[] {
  const checks: ModelCheck[] = [];
  const after = groupClasses(enc, outcome.levels, outcome.suppressedCount ? outcome.suppressed : undefined);
  let k = after.sizes.length ? Infinity : 0;
  for (const s of after.sizes) k = Math.min(k, s);
  if (privacy.k > 1) checks.push({ model: 'k-anonymity', required: privacy.k, actual: k, passed: after.sizes.length === 0 || k >= privacy.k });
  const measured = (col: string) => report.sensitive.find((s) => s.column === col)?.after;
  for (const l of privacy.lDiversity) {
    const m = measured(l.column);
    // Not measurable apart from the criteria (recursive); a missing measure fails closed.
    if (l.variant === 'recursive' || !m) {
      checks.push({ model: `${l.variant} l-diversity`, column: l.column, required: l.l, actual: null, passed: l.variant === 'recursive' });
      continue;
    }
    const actual = l.variant === 'distinct' ? m.distinctL : m.entropyL;
    checks.push({ model: `${l.variant} l-diversity`, column: l.column, required: l.l, actual, passed: after.sizes.length === 0 || actual >= l.l - 1e-6 });
  }
  for (const t of privacy.tCloseness) {
    const m = measured(t.column);
    // The report measures equal or ordered distance (as riskReport was told); hierarchical
    // distance only by the criteria. A missing or other measure fails closed.
    const same = m !== undefined && m.distance === t.measure;
    if (!same) {
      checks.push({ model: `${t.measure} t-closeness`, column: t.column, required: t.t, actual: null, passed: t.measure === 'hierarchical' });
      continue;
    }
    checks.push({ model: `${t.measure} t-closeness`, column: t.column, required: t.t, actual: m!.t, passed: after.sizes.length === 0 || m!.t <= t.t + 1e-9 });
  }
  return checks;
}
