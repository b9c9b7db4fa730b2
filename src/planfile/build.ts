// A plan from a finished search on the reference batch (kanon plan). Keys are set in a fixed
// order here, which is the order of the file's bytes (renderPlan); quasi-identifiers are
// listed by column name, so a batch with its columns in another order finds its levels.
import type { PrivacyConfig } from '../privacy/types.js';
import type { Report } from '../risk/index.js';
import type { EncodedTable, SearchResult } from '../search/index.js';
import type { GlobalQuasi, HierarchyDigest, PlanFile, SearchQuality } from './types.js';

export interface BuildPlanInput {
  toolVersion: string;
  createdAt?: string;
  policySha256: string;
  hierarchies: HierarchyDigest[];
  enc: EncodedTable;
  levels: readonly number[];
  privacy: PrivacyConfig;
  search: SearchResult;
  keyFingerprint: string | null;
  /** The reference batch's report (the plan keeps its summary). */
  report: Report;
}

export function buildPlan(input: BuildPlanInput): PlanFile {
  const quasi: GlobalQuasi[] = input.enc.quasi.map((q, j) => ({
    column: q.name,
    level: input.levels[j]!,
    levels: q.levels,
    labels: labelCount(q.hierarchy, input.levels[j]!),
  }));
  quasi.sort((a, b) => (a.column < b.column ? -1 : a.column > b.column ? 1 : 0));
  const p = input.privacy;
  const r = input.report;
  return {
    kanonPlan: 1,
    tool: { name: 'kanon', version: input.toolVersion },
    ...(input.createdAt !== undefined ? { createdAt: input.createdAt } : {}),
    policy: { sha256: input.policySha256 },
    hierarchies: input.hierarchies.map((h) => ({ column: h.column, role: h.role, source: h.source, sha256: h.sha256 })),
    transformation: { kind: 'global', quasi },
    privacy: planPrivacy(p),
    search: searchQuality(input.search, p.metric),
    keyFingerprint: input.keyFingerprint,
    reference: {
      inputSha256: r.fingerprints.inputSha256,
      records: r.before.records,
      classes: r.after.classes,
      // Records suppressed (removed, or written as all-"*" with suppressedOutput "star").
      suppressed: input.search.suppressedCount,
      loss: r.loss ? r.loss.value : null,
      highestProsecutorRisk: r.after.prosecutor.highest,
    },
  };
}

/** The search's own quality statement. Today's search (src/search/search.ts) is the exact
 *  best-first lattice search: when it finds a node, that node is optimal for the metric, so
 *  gap 0. An anytime search reports `optimal`/`gap` itself; those win when present. */
export function searchQuality(s: SearchResult, metric: string): SearchQuality {
  const extra = s as SearchResult & { optimal?: boolean; gap?: number | null };
  const optimal = typeof extra.optimal === 'boolean' ? extra.optimal : true;
  const gap = typeof extra.gap === 'number' || extra.gap === null ? extra.gap : optimal ? 0 : null;
  return { optimal, gap, metric, loss: s.loss, nodesEvaluated: s.nodesEvaluated, nodesTotal: s.nodesTotal };
}

/** Distinct labels at `level` when the hierarchy lists its leaves (file, tree); else null. */
export function labelCount(h: { leaves?: readonly string[]; lookup(v: string): readonly string[] | undefined }, level: number): number | null {
  if (!h.leaves) return null;
  const seen = new Set<string>();
  for (const leaf of h.leaves) {
    const g = h.lookup(leaf);
    if (g?.[level] !== undefined) seen.add(g[level]);
  }
  return seen.size;
}

/** What a plan records of the privacy section, and what a run compares with it: the models and
 *  the suppression rule (not the search budget, which a plan makes moot; not `recoding`, which
 *  is global in every plan). */
export function planPrivacy(p: PrivacyConfig): PlanFile['privacy'] {
  return {
    k: p.k,
    suppressionLimit: p.suppressionLimit,
    lDiversity: p.lDiversity.map((l) => ({ column: l.column, variant: l.variant, l: l.l, ...(l.c !== undefined ? { c: l.c } : {}) })),
    tCloseness: p.tCloseness.map((t) => ({ column: t.column, measure: t.measure, t: t.t })),
    metric: p.metric,
    suppressedOutput: p.suppressedOutput,
  };
}
