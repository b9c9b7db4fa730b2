// Normalized privacy configuration (what runs), as opposed to the policy's `privacy` section
// (what the user wrote; see schema.ts).

export type LVariant = 'distinct' | 'entropy' | 'recursive';
export type TMeasure = 'equal' | 'ordered' | 'hierarchical';
export type MetricName = 'loss' | 'precision' | 'discernibility' | 'aecs' | 'entropy';

export interface LDiversityConfig {
  column: string;
  variant: LVariant;
  l: number;
  c?: number;
}
export interface TClosenessConfig {
  column: string;
  measure: TMeasure;
  t: number;
}

export interface PrivacyConfig {
  /** k of k-anonymity; 1 when only l-diversity / t-closeness are asked for. */
  k: number;
  /** Fraction of rows that may be suppressed (0..1); the cap is floor(limit × rows). */
  suppressionLimit: number;
  lDiversity: LDiversityConfig[];
  tCloseness: TClosenessConfig[];
  metric: MetricName;
  /** "remove": suppressed rows are not written; "star": written with every QI as "*". */
  suppressedOutput: 'remove' | 'star';
  /** The search budget as the policy gave it (privacy.search; absent: the defaults of
   *  src/search/budget.ts). */
  search?: SearchBudgetConfig;
  /** "global": full-domain search (one level per QI); "local": Mondrian partitioning (src/recoding). */
  recoding: 'global' | 'local';
}

export interface SearchBudgetConfig {
  /** Node checks (evaluations) at most: deterministic. */
  maxChecks?: number;
  /** Wall-clock limit: the result then depends on the machine. */
  timeLimitSeconds?: number;
}
