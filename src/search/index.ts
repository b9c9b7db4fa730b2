// Public surface of the search core (wired by the CLI's plan pass).
export { createEncoder, type Encoder, type EncoderOptions, type SensitiveOrder } from './encode.js';
export {
  search,
  suppressionAt,
  violatingAt,
  searchQuality,
  EXACT_MAX_NODES,
  type SearchResult,
  type SearchOptions,
  type SearchQuality,
  type TrajectoryPoint,
} from './search.js';
export { DEFAULT_MAX_CHECKS, defaultMaxChecks, searchLimits, type SearchLimits } from './budget.js';
export { generalizer, rowLabeler, groupClasses, sizesWithout } from './generalize.js';
export type { EncodedTable, EncodedQuasi, EncodedSensitive } from './types.js';
export { METRICS } from './metrics/registry.js';
export { describeSearchSpace, type SearchSpace } from './space.js';
