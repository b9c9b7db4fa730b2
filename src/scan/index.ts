// `kanon scan` core: profile rows → detect roles → draft a policy / render the report.
export type { ColumnProfile, ColumnFinding, Detection, FindingKind, InferredType, Role } from './types.js';
export { createProfiler } from './profile.js';
export type { Profiler, ProfilerOptions } from './profile.js';
export { detect, subjectColumn } from './detect.js';
export type { DetectOptions } from './detect.js';
export { draftPolicy } from './draft.js';
export type { DraftOptions, DraftPolicy } from './draft.js';
export { renderScanTable, renderScanJson, scanWarnings } from './render.js';
export { checkHeaderNames, headerIssue, headerLabel, MAX_HEADER } from './header.js';
export type { HeaderNote, HeaderIssue } from './header.js';
export type { RenderOptions, ScanJsonColumn } from './render.js';

import type { ColumnFinding } from './types.js';
import type { DetectOptions } from './detect.js';
import { createProfiler } from './profile.js';
import { detect } from './detect.js';

/** Convenience for tests and small inputs: profile an in-memory table and detect. */
export function scanRows(header: readonly string[], rows: Iterable<readonly string[]>, opts: { sampleLimit?: number } & DetectOptions = {}): ColumnFinding[] {
  const profiler = createProfiler({ header, ...(opts.sampleLimit !== undefined ? { sampleLimit: opts.sampleLimit } : {}) });
  for (const row of rows) profiler.add(row);
  return detect(profiler.finish(), opts);
}
