// Journalist and marketer risk against a population table (El Emam 2013; ARX's population
// model): the population's records are encoded with the same hierarchies as the sample, and
// each released class gets F, the number of population records with the same generalized
// quasi-identifier values. A population file must have the quasi-identifier columns (by name);
// other columns are ignored. Its values must be covered by the hierarchies like the sample's.
import { createReadStream } from 'node:fs';
import { resolve } from 'node:path';
import { KanonError } from '../errors.js';
import { openTable } from '../io/read.js';
import type { Hierarchy } from '../hierarchy/types.js';
import type { Policy } from '../policy/types.js';
import { createEncoder, groupClasses, rowLabeler, type EncodedTable } from '../search/index.js';

/** The policy's risk.populationTable, resolved against the policy's folder, if it has one. */
export function policyPopulationTable(policy: Pick<Policy, 'raw' | 'dir'>): string | undefined {
  const path = (policy.raw.risk as { populationTable?: string } | undefined)?.populationTable;
  return path === undefined ? undefined : resolve(policy.dir, path);
}

export async function readPopulation(path: string, quasi: { name: string; hierarchy: Hierarchy }[]): Promise<EncodedTable> {
  let stream: ReturnType<typeof createReadStream>;
  try {
    stream = createReadStream(path);
    await new Promise<void>((res, rej) => {
      stream!.once('open', () => res());
      stream!.once('error', rej);
    });
  } catch {
    throw new KanonError('USAGE_FILE_NOT_FOUND', 'cannot read the population table', { file: path });
  }
  const table = await openTable(stream, { file: path, path });
  const idx = quasi.map((q) => {
    const i = table.header.indexOf(q.name);
    if (i < 0) throw new KanonError('INPUT_HEADER', 'the population table lacks a quasi-identifier column', { file: path, column: q.name });
    return i;
  });
  const enc = createEncoder({ file: path, quasi, sensitive: [] });
  const qv = new Array<string>(idx.length);
  for await (const batch of table.batches) {
    batch.rows.forEach((row, r) => {
      for (let j = 0; j < idx.length; j++) qv[j] = row[idx[j]!]!;
      enc.add(qv, [], batch.lines[r]!);
    });
  }
  return enc.finish();
}

/** F per class of `classes` (sample classes at `levels`): population records with the same
 *  generalized values. A class absent from the population gets 0 (the measures use max(F, f)). */
export function populationSizes(
  pop: EncodedTable,
  sample: EncodedTable,
  levels: readonly number[],
  classes: { classOf: Int32Array; sizes: Int32Array },
): Int32Array {
  const popClasses = groupClasses(pop, levels);
  const popLabel = rowLabeler(pop, levels);
  const keyOf = (label: (j: number, row: number) => string, row: number): string => JSON.stringify(pop.quasi.map((_, j) => label(j, row)));
  const counts = new Map<string, number>();
  const seen = new Set<number>();
  for (let r = 0; r < pop.rows; r++) {
    const c = popClasses.classOf[r]!;
    if (seen.has(c)) continue;
    seen.add(c);
    counts.set(keyOf(popLabel, r), popClasses.sizes[c]!);
  }
  const label = rowLabeler(sample, levels);
  const out = new Int32Array(classes.sizes.length);
  const done = new Uint8Array(classes.sizes.length);
  for (let r = 0; r < sample.rows; r++) {
    const c = classes.classOf[r]!;
    if (c < 0 || done[c]) continue;
    done[c] = 1;
    out[c] = counts.get(keyOf(label, r)) ?? 0;
  }
  return out;
}
