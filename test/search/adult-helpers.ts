// Loads fixtures/adult for tests with a plain split (the CSV reader lives elsewhere).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadHierarchy } from '../../src/hierarchy/load.js';
import { createEncoder } from '../../src/search/encode.js';
import type { EncodedTable } from '../../src/search/types.js';

export const ADULT_DIR = join(import.meta.dirname, '../../fixtures/adult');
export const ADULT_COLUMNS = ['sex', 'age', 'race', 'marital-status', 'education', 'native-country', 'workclass', 'occupation', 'salary-class'];

export function adultRows(): { header: string[]; rows: string[][] } {
  const lines = readFileSync(join(ADULT_DIR, 'adult.csv'), 'utf8')
    .split('\r\n')
    .filter((l) => l !== '');
  return { header: lines[0]!.split(';'), rows: lines.slice(1).map((l) => l.split(';')) };
}

export function encodeAdult(quasi: string[], sensitive: string[] = []): EncodedTable {
  const { header, rows } = adultRows();
  const h = (c: string) => loadHierarchy(`adult_hierarchy_${c}.csv`, { baseDir: ADULT_DIR, configPath: `/columns/${c}/hierarchy` });
  const enc = createEncoder({
    file: 'adult.csv',
    quasi: quasi.map((name) => ({ name, hierarchy: h(name) })),
    sensitive: sensitive.map((name) => ({ name, hierarchy: h(name) })),
  });
  const qi = quasi.map((c) => header.indexOf(c));
  const si = sensitive.map((c) => header.indexOf(c));
  rows.forEach((r, i) => {
    enc.add(
      qi.map((x) => r[x]!),
      si.map((x) => r[x]!),
      i + 2,
    );
  });
  return enc.finish();
}
