// ARX-format hierarchy files: one row per leaf, columns = levels from the value to the most
// general ("*"), no header. LF or CRLF; the last row may lack its newline (ARX's own
// adult_hierarchy_native-country.csv does). Messages name file and line, never a cell.
import { readFileSync } from 'node:fs';
import { KanonError } from '../errors.js';
import type { Hierarchy } from './types.js';

export interface FileHierarchyOptions {
  /** Absolute path of the file. */
  path: string;
  delimiter?: string;
  /** JSON pointer of the policy entry, for error places. */
  configPath?: string;
}

export function loadFileHierarchy(opts: FileHierarchyOptions): Hierarchy {
  let text: string;
  try {
    text = readFileSync(opts.path, 'utf8');
  } catch {
    throw new KanonError('HIERARCHY_READ', 'cannot read hierarchy file', {
      file: opts.path,
      ...(opts.configPath !== undefined ? { path: opts.configPath } : {}),
    });
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const lines = text.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const delim = opts.delimiter ?? ';';
  const rows = lines.map((l) => l.split(delim));
  checkDelimiter(lines, rows, delim, { file: opts.path, ...(opts.configPath !== undefined ? { path: opts.configPath } : {}) });
  return hierarchyFromRows(rows, { file: opts.path, ...(opts.configPath !== undefined ? { path: opts.configPath } : {}) });
}

const CANDIDATES = [';', ',', '\t', '|'];
const show = (d: string): string => (d === '\t' ? 'tab' : JSON.stringify(d));

/** A file split at the wrong delimiter (issue 11 item 14) gives one level per row, or ragged
 *  rows, and every data value then "is not in the hierarchy": the run blamed the data (exit 3)
 *  although `validate` had passed. Caught at load instead: when the rows do not split into
 *  equal widths of two or more levels, look for a delimiter that does (the same number of
 *  fields ≥ 2 on every row) and name it. Only delimiters and counts appear in the message. */
function checkDelimiter(lines: readonly string[], rows: readonly (readonly string[])[], delim: string, where: { file: string; path?: string }): void {
  if (rows.length === 0) return;
  const width = rows[0]!.length;
  const even = rows.every((r) => r.length === width);
  if (even && width >= 2) return;
  const seems = CANDIDATES.find((c) => {
    if (c === delim) return false;
    const n = lines[0]!.split(c).length;
    return n >= 2 && lines.every((l) => l.split(c).length === n);
  });
  const hint =
    seems === undefined
      ? ''
      : `; the file seems to use ${show(seems)} as its delimiter (give it as {"type": "file", "path": …, "delimiter": ${JSON.stringify(seems)}})`;
  if (!even && seems === undefined) return; // ragged: hierarchyFromRows names the first bad line
  const what = even
    ? `every row has one level when split at ${show(delim)}: a hierarchy needs the value and at least one more general level`
    : `rows split at ${show(delim)} have different numbers of levels`;
  throw new KanonError('HIERARCHY_INVALID', `${what}${hint}`, { file: where.file, ...(where.path !== undefined ? { path: where.path } : {}) });
}

/**
 * A hierarchy from rows [value, l1, …, top]. Checks: at least one row, equal widths, unique
 * leaves, and nesting (a label at level L has one parent at L+1), which the search's
 * class roll-ups rely on (Kohlmayer et al. 2012 assume it too).
 */
export function hierarchyFromRows(rows: readonly (readonly string[])[], where: { file?: string; path?: string } = {}): Hierarchy {
  const first = rows[0];
  if (first === undefined) throw new KanonError('HIERARCHY_INVALID', 'hierarchy has no rows', where);
  const width = first.length;
  const byLeaf = new Map<string, readonly string[]>();
  const parents: Map<string, string>[] = Array.from({ length: width }, () => new Map());
  rows.forEach((row, i) => {
    const at = { ...where, line: i + 1 };
    if (row.length !== width) {
      throw new KanonError('HIERARCHY_INVALID', `row has ${row.length} levels, expected ${width} like line 1`, at);
    }
    const leaf = row[0]!;
    if (byLeaf.has(leaf)) throw new KanonError('HIERARCHY_INVALID', 'duplicate leaf value', at);
    byLeaf.set(leaf, row);
    for (let l = 1; l < width - 1; l++) {
      const label = row[l]!;
      const parent = row[l + 1]!;
      const known = parents[l]!.get(label);
      if (known === undefined) parents[l]!.set(label, parent);
      else if (known !== parent) {
        throw new KanonError('HIERARCHY_INVALID', `level ${l} label has two different parents at level ${l + 1} (levels must nest)`, at);
      }
    }
  });
  const leaves = [...byLeaf.keys()];
  return { levels: width, leaves, lookup: (v) => byLeaf.get(v) };
}
