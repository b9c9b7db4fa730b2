// Sensitive columns of any cardinality (issue 12): whole-process wall time and peak RSS of
//   1. `kanon run` on 1M generated rows, six QIs, k=5 at 5 %, `income` (≈185,000 distinct whole
//      dollars) sensitive with ordered 0.2-closeness and `diagnosis` with entropy 3-diversity
//      (target ≤ 1.5 GB peak RSS);
//   2. `kanon audit` of the same file on the same QIs with --sensitive income,diagnosis
//      (target ≤ 60 s and ≤ 1 GB).
//   npm run build && node bench/sensitive.mjs         (BENCH_ROWS=200000 for a quick look)
// Data lives in bench/data/ (git-ignored); bench/generate.mjs makes it. Also the case
// `sensitive` of bench/run.mjs (npm run bench). BENCH_LARGE=1 adds the audit of 10× the rows.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writePeopleCsv, PEOPLE_SIX_COLUMNS } from './generate.mjs';
import { runMeasured } from './usage.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const data = join(root, 'bench', 'data');
mkdirSync(data, { recursive: true });
const ROWS = Number(process.env.BENCH_ROWS ?? 1000000);
const csv = join(data, `people-${ROWS}.csv`);
if (!existsSync(csv)) {
  process.stderr.write(`generating ${ROWS} rows → ${csv}\n`);
  await writePeopleCsv(ROWS, csv);
}
const kanon = join(root, 'bin', 'kanon.js');

const QI = ['zip', 'sex', 'age', 'race', 'marital', 'education'];
const columns = { ...PEOPLE_SIX_COLUMNS, income: { role: 'sensitive', order: 'numeric' } };
const privacy = {
  k: 5,
  suppressionLimit: 0.05,
  tCloseness: { column: 'income', measure: 'ordered', t: 0.2 },
  lDiversity: { column: 'diagnosis', variant: 'entropy', l: 3 },
};
const policy = join(data, 'sensitive-bench.policy.json');
writeFileSync(policy, JSON.stringify({ version: 1, columns, privacy }, null, 2));

/** Runs `node ARGS`: wall seconds, peak RSS (MiB), exit code and stderr of the whole process. */
const measure = (args) => runMeasured(args, join(data, '.sensitive-usage'));

const out = join(data, 'sensitive-out.csv');
const rep = join(data, 'sensitive-run.report.json');
const results = [];
const line = (name, m, target) => {
  const ok = m.code === 0 ? (target(m) ? 'met' : 'NOT met') : `FAILED (exit ${m.code}): ${m.stderr}`;
  console.log(`${name.padEnd(66)} ${m.s.toFixed(1).padStart(7)} s ${m.rssMiB.toFixed(0).padStart(6)} MiB peak   ${ok}`);
  results.push({ name, seconds: +m.s.toFixed(2), peakRssMiB: +m.rssMiB.toFixed(0), exit: m.code });
};
console.log(`kanon sensitive bench — ${ROWS.toLocaleString('en-US')} rows, node ${process.version}\n`);
const run = measure([kanon, 'run', csv, '-p', policy, '-o', out, '-q', '-r', rep]);
line('run: 6 QIs, k=5 5 %, income ordered 0.2-closeness, diagnosis entropy 3-div', run, (m) => m.rssMiB <= 1536);
if (run.code === 0) {
  const r = JSON.parse(readFileSync(rep, 'utf8'));
  const lv = r.columns
    .filter((c) => c.role === 'quasi')
    .map((c) => `${c.name}=${c.level}`)
    .join(' ');
  console.log(
    `  levels ${lv}; suppressed ${r.suppression.records}; classes ${r.after.classes}; ` +
      r.sensitive.map((s) => `${s.column}: t ${s.after.t.toFixed(4)} (${s.after.distance}), entropy l ${s.after.entropyL.toFixed(2)}`).join('; '),
  );
}
const audit = measure([kanon, 'audit', csv, '--qi', QI.join(','), '--sensitive', 'income,diagnosis', '-q', '-r', join(data, 'sensitive-audit.report.json')]);
line('audit: same file, --sensitive income,diagnosis', audit, (m) => m.s <= 60 && m.rssMiB <= 1024);
// The 10×-rows audit (10M rows at the default 1M; about 1.8 GB generated): BENCH_LARGE=1.
if (process.env.BENCH_LARGE === '1') {
  const big = join(data, `people-${ROWS * 10}.csv`);
  if (!existsSync(big)) {
    process.stderr.write(`generating ${ROWS * 10} rows → ${big}\n`);
    await writePeopleCsv(ROWS * 10, big);
  }
  const a10 = measure([kanon, 'audit', big, '--qi', QI.join(','), '--sensitive', 'income,diagnosis', '-q', '-r', join(data, 'sensitive-audit10.report.json')]);
  line(`audit: ${(ROWS * 10).toLocaleString('en-US')} rows, --sensitive income,diagnosis`, a10, (m) => m.rssMiB <= 1536);
}
writeFileSync(join(data, 'sensitive-results.json'), JSON.stringify(results, null, 2));
rmSync(out, { force: true });
