// An independent check of a written output: group its rows by the quasi-identifier columns
// and measure k, distinct l and t (equal distance) — written here from the definitions, not
// with kanon's code, so the claims in a report can be checked against the bytes.
export interface Measured {
  records: number;
  classes: number;
  k: number;
  distinctL: number;
  tEqual: number;
}

export function measure(header: string[], rows: string[][], qis: string[], sensitive?: string): Measured {
  const qi = qis.map((c) => header.indexOf(c));
  if (qi.some((j) => j < 0)) throw new Error('QI column missing from the output');
  const s = sensitive === undefined ? -1 : header.indexOf(sensitive);
  const classes = new Map<string, string[]>();
  for (const row of rows) {
    const key = JSON.stringify(qi.map((j) => row[j]));
    const list = classes.get(key) ?? [];
    list.push(s >= 0 ? row[s]! : '');
    classes.set(key, list);
  }
  const global = new Map<string, number>();
  if (s >= 0) for (const row of rows) global.set(row[s]!, (global.get(row[s]!) ?? 0) + 1);
  let k = Infinity;
  let l = Infinity;
  let t = 0;
  for (const values of classes.values()) {
    k = Math.min(k, values.length);
    if (s < 0) continue;
    const counts = new Map<string, number>();
    for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
    l = Math.min(l, counts.size);
    let d = 0;
    for (const [v, g] of global) d += Math.abs((counts.get(v) ?? 0) / values.length - g / rows.length);
    t = Math.max(t, d / 2);
  }
  return { records: rows.length, classes: classes.size, k: rows.length ? k : 0, distinctL: s >= 0 ? l : NaN, tEqual: t };
}
