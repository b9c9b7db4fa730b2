// kanon reveal — reverse the reversible (ff1) columns of a kanon output, given the same key and
// policy. Dropped columns cannot come back; other columns pass through as they are.
//
//   kanon reveal out.csv --policy policy.json -o restored.csv
//
// The output has the columns of the kanon output (the input header minus dropped columns), so
// the policy is bound to that header with dropped columns allowed to be absent.
import { KanonError } from '../errors.js';
import type { RunConfig } from '../policy/normalize.js';
import { runCommand, type RunIO, type RunSummary } from './run.js';

export async function revealCommand(config: RunConfig, io: RunIO): Promise<RunSummary> {
  if (config.mode !== 'reveal') throw new KanonError('INTERNAL', 'reveal needs a configuration made for reveal');
  return runCommand(config, io);
}
