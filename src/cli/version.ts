// The version, read from package.json without loading anything else (`kanon --version` stays
// a start-up of commander and this file; issue 18).
import { createRequire } from 'node:module';

export const VERSION: string = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;
