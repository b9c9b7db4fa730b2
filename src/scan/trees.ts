// Category trees for quasi-identifiers (issue 13: "no drafted category tree may jump from the
// value straight to Any/* when a middle level is available"). In order of preference:
//   1. a known vocabulary (known.ts) covers at least 80% of the column's rows: its published
//      grouping, all its levels. The whole vocabulary is listed whether or not a label occurs
//      (public words; listing only the observed ones would tell who is in the data). Observed
//      labels outside it go to a group "Other" at every middle level, so that known groups
//      stay intact and the tree still covers every value;
//   2. marital statuses in other spellings: the married / never / previously married rule;
//   3. any other listable column: a middle level that keeps each label holding at least 5% of
//      the rows and puts the rarer ones in "Other" (top-coding of rare categories), when there
//      are at least two rare labels and one common; else value → "*" (two labels, or labels
//      of similar frequency: no middle level exists without knowledge of the domain).
// Values in the policy (decision for issue 6, hierarchies.ts): an observed label that is not
// part of a known vocabulary is listed only when it occurs in at least k rows and the column
// has at most `maxTreeValues` of them, unless allowValuesInPolicy. When a label cannot be
// listed the tree could not cover it, and the run would fail on it: no tree is drafted then
// (the caller drafts a placeholder and says why).
import type { ColumnFinding } from './types.js';
import { VOCABULARIES, vocabKey, type Vocabulary } from './known.js';

export interface TreeOptions {
  k: number;
  maxTreeValues: number;
  allowValuesInPolicy: boolean;
}

export interface TreeDraft {
  /** undefined: no runnable tree without listing labels the policy must not hold. */
  hierarchy?: Record<string, unknown>;
  note: string;
}

/** A vocabulary must cover this share of the non-empty rows to be used. */
const COVERAGE = 0.8;
/** A label keeps its own group at the middle level of a generic tree from this share on. */
const COMMON_SHARE = 0.05;
const OTHER = 'Other';

// Known groupings (US Census marital-status categories) for spellings outside known.ts.
const MARITAL_GROUPS: Array<[string, RegExp]> = [
  ['Never married', /never|single|unmarried/i],
  ['Previously married', /divorc|widow|separated|spouse[- ]absent/i],
  ['Married', /married|partner|spouse|cohabit/i],
];

type Paths = Map<string, readonly string[]>;

/** Nested `groups` of a tree from leaf → [innermost group, …, outermost]; depth 0 → {"*": leaves}.
 *  Keys are defined, not assigned: a label such as "__proto__" is an own key like any other. */
function nest(paths: Paths): Record<string, unknown> {
  const child = <T>(o: Record<string, unknown>, k: string, make: () => T): T => {
    if (!Object.hasOwn(o, k)) Object.defineProperty(o, k, { value: make(), enumerable: true, writable: true, configurable: true });
    return o[k] as T;
  };
  const root: Record<string, unknown> = {};
  for (const [leaf, path] of paths) {
    if (path.length === 0) {
      child(root, '*', (): string[] => []).push(leaf);
      continue;
    }
    let node = root;
    for (let i = path.length - 1; i > 0; i--) node = child(node, path[i]!, (): Record<string, unknown> => ({}));
    child(node, path[0]!, (): string[] => []).push(leaf);
  }
  return root;
}

function coverage(v: Vocabulary, cats: ReadonlyMap<string, number>, total: number): number {
  const keys = new Set(v.entries.map((e) => vocabKey(e[0]!)));
  let n = 0;
  for (const [value, c] of cats) if (keys.has(vocabKey(value))) n += c;
  return total === 0 ? 0 : n / total;
}

function levelsText(depth: number): string {
  return `${depth + 2} levels`;
}

export function treeHierarchy(f: ColumnFinding, opts: TreeOptions): TreeDraft {
  const cats = f.profile.categories;
  if (cats === undefined) {
    return { note: `${f.profile.distinct}${f.profile.distinctExact ? '' : '≈'} distinct values, no known vocabulary covers them` };
  }
  const total = [...cats.values()].reduce((a, b) => a + b, 0);
  const listable = (count: number): boolean => opts.allowValuesInPolicy || count >= opts.k;

  // 1. a known vocabulary
  const best = VOCABULARIES.filter((v) => v.kinds.includes(f.kind))
    .map((v) => ({ v, share: coverage(v, cats, total) }))
    .sort((a, b) => b.share - a.share)[0];
  if (best !== undefined && best.share >= COVERAGE) {
    const depth = best.v.entries[0]!.length - 1;
    const byKey = new Map(best.v.entries.map((e) => [vocabKey(e[0]!), e.slice(1)]));
    const paths: Paths = new Map(best.v.entries.map((e) => [e[0]!, e.slice(1)]));
    let variants = 0,
      others = 0,
      unlisted = 0;
    for (const [value, count] of cats) {
      if (paths.has(value)) continue;
      if (!listable(count)) {
        unlisted++;
        continue;
      }
      const known = byKey.get(vocabKey(value));
      if (known) variants++;
      else others++;
      paths.set(value, known ?? Array.from({ length: depth }, () => OTHER));
    }
    if (unlisted > 0) {
      return {
        note: `${unlisted} observed label(s) outside the ${best.v.name} occur in fewer than ${opts.k} rows and cannot be listed in the policy, so no tree is drafted; add them to a tree or hierarchy file by hand`,
      };
    }
    const extra = [
      variants > 0 ? `${variants} observed spelling variant(s) added to their groups` : '',
      others > 0 ? `${others} observed label(s) outside it grouped as "${OTHER}" at every middle level` : '',
    ]
      .filter(Boolean)
      .join('; ');
    return {
      hierarchy: { type: 'tree', groups: nest(paths) },
      note: `known tree: ${best.v.name} (${levelsText(depth)}); its whole vocabulary of ${best.v.entries.length} labels is listed whether or not a label occurs, so the tree says nothing about who is in the data${extra ? `; ${extra}` : ''}`,
    };
  }

  // 2./3. observed labels only
  const small = cats.size <= opts.maxTreeValues;
  const rare = [...cats.values()].filter((c) => !listable(c)).length;
  if (!opts.allowValuesInPolicy && (!small || rare > 0)) {
    const why = !small ? `${cats.size} distinct values (more than ${opts.maxTreeValues})` : `${rare} value(s) occur in fewer than ${opts.k} rows`;
    return { note: `category labels left out of the policy (${why})` };
  }
  const paths: Paths = new Map();
  if (f.kind === 'maritalStatus') {
    for (const v of cats.keys()) paths.set(v, [MARITAL_GROUPS.find(([, re]) => re.test(v))?.[0] ?? OTHER]);
    return {
      hierarchy: { type: 'tree', groups: nest(paths) },
      note: `category tree of ${cats.size} observed labels: married / never married / previously married (3 levels)`,
    };
  }
  const common = [...cats].filter(([, c]) => c / total >= COMMON_SHARE).map(([v]) => v);
  const rareLabels = cats.size - common.length;
  if (common.length >= 1 && rareLabels >= 2) {
    const keep = new Set(common);
    for (const v of cats.keys()) paths.set(v, [keep.has(v) ? v : OTHER]);
    return {
      hierarchy: { type: 'tree', groups: nest(paths) },
      note: `category tree of ${cats.size} observed labels, no known vocabulary: the middle level keeps the ${common.length} label(s) holding at least ${COMMON_SHARE * 100}% of the rows and groups the ${rareLabels} rarer ones as "${OTHER}" (3 levels)`,
    };
  }
  for (const v of cats.keys()) paths.set(v, []);
  return {
    hierarchy: { type: 'tree', groups: nest(paths) },
    note: `category tree of ${cats.size} observed labels, value → "*" (no known vocabulary, and ${cats.size <= 2 ? 'two labels' : 'no label is rare enough to group'}: no middle level)`,
  };
}
