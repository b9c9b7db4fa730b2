// Programmatic API used by the CLI and the tests.
export * from './errors.js';
