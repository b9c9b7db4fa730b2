// The two-pass run and the audit counted in parses of their input (issue 18): one parse of the
// generated people table (kanon's reader over every record, in process, as bench/mondrian.mjs
// counts it), the whole `kanon audit` process on the six QIs, and the whole two-pass `kanon
// run` (six QIs, k = 5 / 5 %, --threads default and 1), alternated BENCH_REPS times (default
// 3; the machine is shared and noisy) and compared by medians. Phase times come from the
// commands' own --progress lines (one decimal).
//   npm run build && node bench/passes.mjs       (BENCH_ROWS=200000 for a quick look)
// Targets (2 cores): the run ≤ 3 parses at 1M rows, ≤ 4 at 10M (BENCH_ROWS=10000000) with peak
// RSS ≤ 1 GiB there; audit ≤ 1 parse plus its report.
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writePeopleCsv, PEOPLE_SIX_COLUMNS } from './generate.mjs';
import { parseSeconds, runMeasured } from './usage.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const data = join(root, 'bench', 'data');
mkdirSync(data, { recursive: true });
const ROWS = Number(process.env.BENCH_ROWS ?? 1000000);
const REPS = Number(process.env.BENCH_REPS ?? 3);
const TARGET = ROWS >= 10_000_000 ? 4 : 3;
const kanon = join(root, 'bin', 'kanon.js');
const csv = join(data, `people-${ROWS}.csv`);
if (!existsSync(csv)) {
  process.stderr.write(`generating ${ROWS} rows → ${csv}\n`);
  await writePeopleCsv(ROWS, csv);
}
const policy = join(data, 'passes-six.policy.json');
writeFileSync(policy, JSON.stringify({ version: 1, columns: PEOPLE_SIX_COLUMNS, privacy: { k: 5, suppressionLimit: 0.05 } }, null, 2));
const out = join(data, 'passes-out.csv');
const usage = join(data, '.passes-usage');
const { openTable } = await import(join(root, 'dist', 'io', 'read.js'));

const parse = async () => ({ ...(await parseSeconds(openTable, csv, ROWS)), phases: {} });

/** A whole kanon process with its --progress phase times ("kanon: NAME done: … X s"). */
function kanonRun(args) {
  const m = runMeasured([kanon, '--progress', ...args], usage);
  if (m.code !== 0) throw new Error(`bench case failed (${m.code}): kanon ${args.join(' ')}\n${m.stderr}`);
  const phases = {};
  for (const l of m.stderr.split('\n')) {
    const x = /^kanon: ([a-z ]+) done:.*?([\d.]+) s$/.exec(l);
    if (x) phases[x[1]] = Number(x[2]);
  }
  return { s: m.s, cpu: m.cpu, rssMiB: m.rssMiB, phases };
}

const cases = {
  parse,
  audit: () => kanonRun(['audit', csv, '-p', policy]),
  run: () => kanonRun(['run', csv, '-p', policy, '-o', out]),
  'run --threads 1': () => kanonRun(['run', csv, '-p', policy, '-o', out, '--threads', '1']),
};
const got = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
for (let i = 0; i < REPS; i++) for (const [k, f] of Object.entries(cases)) got[k].push(await f());
rmSync(out, { force: true });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p = median(got.parse.map((m) => m.s)),
  pc = median(got.parse.map((m) => m.cpu));
console.log(
  `passes — ${ROWS.toLocaleString('en-US')} rows, ${(statSync(csv).size / 1e6).toFixed(0)} MB, six QIs, k=5 / 5 %, ${REPS} alternated runs (medians)`,
);
console.log(`  one parse (in process)                ${p.toFixed(2)} s wall, ${pc.toFixed(2)} s CPU`);
for (const k of ['audit', 'run', 'run --threads 1']) {
  const ms = got[k];
  const s = median(ms.map((m) => m.s)),
    cpu = median(ms.map((m) => m.cpu)),
    rss = median(ms.map((m) => m.rssMiB));
  const ph = Object.keys(ms[0].phases)
    .map((n) => `${n} ${median(ms.map((m) => m.phases[n] ?? NaN)).toFixed(1)}`)
    .join(', ');
  console.log(`  kanon ${k.padEnd(31)} ${s.toFixed(2)} s wall = ${(s / p).toFixed(2)} parses, CPU ${cpu.toFixed(2)} s, peak ${rss.toFixed(0)} MiB  (${ph} s)`);
  if (k === 'audit') {
    const report = median(ms.map((m) => m.phases.measuring ?? NaN));
    console.log(`    audit less its report (measuring): ${(s - report).toFixed(2)} s = ${((s - report) / p).toFixed(2)} parses (target ≤ 1)`);
  } else {
    const rssMet = ROWS < 10_000_000 || rss <= 1024;
    console.log(`    target ≤ ${TARGET} parses${ROWS >= 10_000_000 ? ', peak ≤ 1 GiB' : ''}: ${s / p <= TARGET && rssMet ? 'met' : 'not met'}`);
  }
}
