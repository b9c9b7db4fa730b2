// The plan file (issue 15): the frozen result of a search on a reference batch, applied
// unchanged to later batches. What the file holds, field by field, and why it holds no cell
// values: for global (full-domain) recoding the transformation is one level per
// quasi-identifier, and a level is an index into the policy's hierarchy — so a plan names
// column names (already in the policy), numbers and digests, never a value of the data.
//
// Extension point, local recoding: a Mondrian-style plan (issue 15 "partition rules") would be
// a second `transformation.kind` ("local") whose rules name hierarchy labels or range bounds.
// Its format belongs to the local-recoding search (src/recoding/, not known here): add a
// branch to `Transformation`, to planSchema()'s `transformation.oneOf`, and a case to
// applyTransformation() in apply.ts. Until then a plan of any other kind is refused by the
// schema (PLAN_INVALID).
import type { PrivacyConfig } from '../privacy/types.js';

export const PLAN_VERSION = 1;

export interface HierarchyDigest {
  column: string;
  role: 'quasi' | 'sensitive';
  /** "file": sha256 of the file's bytes; "spec": sha256 of the canonical JSON of the inline builder spec. */
  source: 'file' | 'spec';
  sha256: string;
}

export interface GlobalQuasi {
  column: string;
  /** Chosen level (0 = the value itself). */
  level: number;
  /** The hierarchy's number of levels (sanity check: a level means nothing in another hierarchy). */
  levels: number;
  /** Distinct labels at the chosen level when the hierarchy enumerates its leaves (file, tree); null for builders. */
  labels: number | null;
}

export interface GlobalTransformation {
  kind: 'global';
  quasi: GlobalQuasi[];
}

export type Transformation = GlobalTransformation;

export interface SearchQuality {
  /** True when the search proved the transformation optimal for the metric on the reference batch. */
  optimal: boolean;
  /** Relative gap between the loss found and the best lower bound (0 when optimal); null if unknown. */
  gap: number | null;
  metric: string;
  loss: number;
  nodesEvaluated: number;
  nodesTotal: number;
}

export interface ReferenceSummary {
  inputSha256: string;
  records: number;
  /** Released classes (the report's after.classes). */
  classes: number;
  /** Records suppressed (removed, or written as all-"*" with suppressedOutput "star"). */
  suppressed: number;
  /** Information loss on the plan's metric; null when there was none. */
  loss: number | null;
  highestProsecutorRisk: number;
}

export interface PlanFile {
  kanonPlan: 1;
  tool: { name: 'kanon'; version: string };
  /** Only when given (kanon plan --created-at): a clock would break byte-identical plans. */
  createdAt?: string;
  policy: { sha256: string };
  hierarchies: HierarchyDigest[];
  transformation: Transformation;
  /** The models and suppression rule (a plan is global recoding: no `recoding`, no search budget). */
  privacy: Omit<PrivacyConfig, 'recoding' | 'search'>;
  search: SearchQuality;
  keyFingerprint: string | null;
  reference: ReferenceSummary;
}
