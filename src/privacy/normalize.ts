// The policy's `privacy` section (already schema-valid) → PrivacyConfig, with the checks the
// schema cannot express. Errors are POLICY_INVALID with a JSON pointer.
import { KanonError } from '../errors.js';
import type { LDiversityConfig, MetricName, PrivacyConfig, SearchBudgetConfig, TClosenessConfig } from './types.js';

interface RawL {
  column: string;
  variant?: LDiversityConfig['variant'];
  l: number;
  c?: number;
}
interface RawT {
  column: string;
  measure?: TClosenessConfig['measure'];
  t: number;
}
export interface RawPrivacy {
  k?: number;
  suppressionLimit?: number;
  lDiversity?: RawL | RawL[];
  tCloseness?: RawT | RawT[];
  metric?: MetricName;
  suppressedOutput?: 'remove' | 'star';
  search?: Record<string, unknown>;
  recoding?: 'global' | 'local';
}

/** sensitiveColumns: names of the policy's sensitive columns; `withHierarchy`: those that have one. */
export function normalizePrivacy(raw: RawPrivacy | undefined, sensitiveColumns: readonly string[], withHierarchy: readonly string[] = []): PrivacyConfig {
  const bad = (msg: string, path: string): never => {
    throw new KanonError('POLICY_INVALID', msg, { path });
  };
  if (raw === undefined) return bad('quasi-identifiers need a privacy section (at least "k")', '/privacy');
  const asList = <T>(x: T | T[] | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);
  const lPath = (i: number): string => (Array.isArray(raw.lDiversity) ? `/privacy/lDiversity/${i}` : '/privacy/lDiversity');
  const tPath = (i: number): string => (Array.isArray(raw.tCloseness) ? `/privacy/tCloseness/${i}` : '/privacy/tCloseness');
  const lDiversity = asList(raw.lDiversity).map((l, i): LDiversityConfig => {
    if (!sensitiveColumns.includes(l.column)) bad('l-diversity column is not a sensitive column', `${lPath(i)}/column`);
    const variant = l.variant ?? 'distinct';
    if (variant === 'recursive' && l.c === undefined) bad('recursive (c,l)-diversity needs "c"', lPath(i));
    if (variant !== 'entropy' && !Number.isInteger(l.l)) bad('l must be an integer for this variant', `${lPath(i)}/l`);
    return variant === 'recursive' ? { column: l.column, variant, l: l.l, c: l.c! } : { column: l.column, variant, l: l.l };
  });
  const tCloseness = asList(raw.tCloseness).map((t, i): TClosenessConfig => {
    if (!sensitiveColumns.includes(t.column)) bad('t-closeness column is not a sensitive column', `${tPath(i)}/column`);
    const measure = t.measure ?? 'equal';
    if (measure === 'hierarchical' && !withHierarchy.includes(t.column))
      bad('hierarchical t-closeness needs a hierarchy on the sensitive column', `${tPath(i)}/measure`);
    return { column: t.column, measure, t: t.t };
  });
  if (raw.k === undefined && lDiversity.length === 0 && tCloseness.length === 0) {
    bad('privacy needs at least one of "k", "lDiversity", "tCloseness"', '/privacy');
  }
  const k = raw.k ?? 1;
  if (!Number.isInteger(k) || k < 1) bad('k must be a positive integer', '/privacy/k');
  const suppressionLimit = raw.suppressionLimit ?? 0;
  if (!(suppressionLimit >= 0 && suppressionLimit <= 1)) bad('suppressionLimit must be between 0 and 1', '/privacy/suppressionLimit');
  const out: PrivacyConfig = {
    k,
    suppressionLimit,
    lDiversity,
    tCloseness,
    metric: raw.metric ?? 'loss',
    suppressedOutput: raw.suppressedOutput ?? 'remove',
    recoding: raw.recoding ?? 'global',
  };
  if (raw.search !== undefined) out.search = normalizeSearch(raw.search);
  return out;
}

/** privacy.search: the schema already checks it; repeated here (POLICY_SCHEMA with the path)
 *  for callers that hand a raw object straight to normalizePrivacy. */
function normalizeSearch(raw: Record<string, unknown>): SearchBudgetConfig {
  const bad = (msg: string, path: string): never => {
    throw new KanonError('POLICY_SCHEMA', msg, { path });
  };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) bad('must be an object', '/privacy/search');
  for (const key of Object.keys(raw))
    if (key !== 'maxChecks' && key !== 'timeLimitSeconds') bad('unknown key (allowed: maxChecks, timeLimitSeconds)', '/privacy/search');
  const out: SearchBudgetConfig = {};
  const { maxChecks, timeLimitSeconds } = raw;
  if (maxChecks !== undefined) {
    if (typeof maxChecks !== 'number' || !Number.isInteger(maxChecks) || maxChecks < 1) bad('must be an integer of at least 1', '/privacy/search/maxChecks');
    out.maxChecks = maxChecks as number;
  }
  if (timeLimitSeconds !== undefined) {
    if (typeof timeLimitSeconds !== 'number' || !(timeLimitSeconds > 0) || !Number.isFinite(timeLimitSeconds))
      bad('must be a number above 0', '/privacy/search/timeLimitSeconds');
    out.timeLimitSeconds = timeLimitSeconds as number;
  }
  return out;
}
