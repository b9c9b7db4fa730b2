// A small release setting for the plan-file tests (not a test file): generated people batches
// (bench/generate.mjs, one seed per batch), a policy with three quasi-identifiers (sex and
// race from hierarchy files, age by an interval builder) and a sensitive diagnosis.
// The race hierarchy lists a category no generated batch has ("Other-rare"): a batch given
// it has a class the reference never had.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
// @ts-expect-error: plain ESM helper without types
import { HEADER, people } from '../../bench/generate.mjs';

export const QIS = ['age', 'race', 'sex'];
export const SENSITIVE = 'diagnosis';
export const RACES = ['White', 'Black', 'Asian-Pac-Islander', 'Amer-Indian-Eskimo', 'Other', 'Other-rare'];

export function batchCsv(rows: number, seed: number, edit?: (row: string[], i: number) => void): string {
  let s = HEADER.join(',') + '\n';
  let i = 0;
  for (const row of people(rows, seed) as Iterable<string[]>) {
    edit?.(row, i++);
    s += row.join(',') + '\n';
  }
  return s;
}

export interface Setting {
  dir: string;
  policy: string;
  raceHierarchy: string;
}

export function writeSetting(
  dir: string,
  privacy: object = { k: 5, suppressionLimit: 0, lDiversity: { column: SENSITIVE, l: 2 } },
  name = 'policy.json',
): Setting {
  const raceHierarchy = join(dir, 'race.csv');
  writeFileSync(raceHierarchy, RACES.map((r) => `${r};${r.startsWith('Other') ? 'Other' : r === 'White' ? 'White' : 'Non-white'};*`).join('\n') + '\n');
  writeFileSync(join(dir, 'sex.csv'), 'Female;*\nMale;*\n');
  const columns: Record<string, object> = {};
  for (const c of HEADER as string[]) columns[c] = { role: 'insensitive' };
  for (const c of ['id', 'name', 'email', 'ssn', 'phone']) columns[c] = { role: 'identifier', operator: 'drop' };
  columns.age = { role: 'quasi', hierarchy: { type: 'interval', widths: [5, 10, 20], min: 0, max: 100 } };
  columns.race = { role: 'quasi', hierarchy: 'race.csv' };
  columns.sex = { role: 'quasi', hierarchy: 'sex.csv' };
  columns[SENSITIVE] = { role: 'sensitive' };
  const policy = join(dir, name);
  writeFileSync(policy, JSON.stringify({ columns, privacy }, null, 2) + '\n');
  return { dir, policy, raceHierarchy };
}
