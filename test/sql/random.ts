// The seeded PRNG for generated test tables: kanon's own mulberry32 (src/prng.ts).
export { mulberry32 as mulberry } from '../../src/prng.js';
