// Public surface of the search core (wired by the CLI's plan pass).
export { createEncoder, type Encoder, type EncoderOptions, type SensitiveOrder } from './encode.js';
export { search, suppressionAt, type SearchResult } from './search.js';
export { generalizer, rowLabeler, groupClasses, sizesWithout } from './generalize.js';
export type { EncodedTable, EncodedQuasi, EncodedSensitive } from './types.js';
export { METRICS } from './metrics/registry.js';
