// Planning from a frequency set (issue 16): `kanon plan` on generated rows next to
// `kanon plan --frequencies` on their GROUP BY (aggregated here), whole process each, time and
// peak RSS; the two plans must agree (levels, suppressed records).
//   BENCH_ROWS=500000 node bench/frequencies.mjs
//   KANON_BIN=/path/to/other/bin/kanon.js … (compare the rows path with another build)
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { writePeopleCsv, PEOPLE_QUASI } from './generate.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const data = join(root, 'bench', 'data');
mkdirSync(data, { recursive: true });
const ROWS = Number(process.env.BENCH_ROWS ?? 500000);
const kanon = process.env.KANON_BIN ?? join(root, 'bin', 'kanon.js');
const csv = join(data, `people-${ROWS}.csv`);
if (!existsSync(csv)) {
  process.stderr.write(`generating ${ROWS} rows → ${csv}\n`);
  await writePeopleCsv(ROWS, csv);
}

const ALL_QIS = ['zip', 'sex', 'age', 'race', 'marital', 'education'];
const SENS = ['diagnosis'];
const header = readFileSync(csv, 'utf8').slice(0, 4096).split('\n')[0].split(',');
// Six QIs (nearly unique at the bottom: the frequency set is as large as the rows) and five
// without zip (the frequency set is much smaller).
for (const QIS of [ALL_QIS, ALL_QIS.filter((q) => q !== 'zip')]) await bench(QIS);

async function bench(QIS) {
  const columns = Object.fromEntries(
    header.map((c) => [c, QIS.includes(c) ? PEOPLE_QUASI[c] : SENS.includes(c) ? { role: 'sensitive' } : { role: 'insensitive' }]),
  );
  const policy = join(data, 'frequencies-bench.policy.json');
  writeFileSync(policy, JSON.stringify({ version: 1, columns, privacy: { k: 5, suppressionLimit: 0.05 } }, null, 2));
  // The GROUP BY. The generated cells hold no quotes or commas in these columns (checked).
  const counts = join(data, `people-${ROWS}.counts.csv`);
  const idx = [...QIS, ...SENS].map((c) => header.indexOf(c));
  const groups = new Map();
  let first = true;
  for await (const line of createInterface({ input: createReadStream(csv) })) {
    if (first) {
      first = false;
      continue;
    }
    const cells = line.split(',');
    if (cells.length !== header.length) throw new Error('a generated row has quoted commas: this bench cannot split it');
    const key = idx.map((i) => cells[i]).join(',');
    groups.set(key, (groups.get(key) ?? 0) + 1);
  }
  writeFileSync(counts, [[...QIS, ...SENS, 'count'].join(','), ...[...groups].map(([k, c]) => `${k},${c}`)].join('\n') + '\n');
  const planRows = join(data, 'frequencies-bench.rows.plan.json');
  const planFreq = join(data, 'frequencies-bench.freq.plan.json');
  const best = (args) => [0, 1].map(() => measure(args)).reduce((a, b) => (b.s < a.s ? b : a));
  const a = best(['plan', csv, '-p', policy, '--plan-out', planRows, '-q']);
  const b = best(['plan', '-p', policy, '--frequencies', counts, '--plan-out', planFreq, '-q']);
  const pa = JSON.parse(readFileSync(planRows, 'utf8'));
  const pb = JSON.parse(readFileSync(planFreq, 'utf8'));
  const same = JSON.stringify(pa.transformation) === JSON.stringify(pb.transformation) && pa.reference.suppressed === pb.reference.suppressed;
  console.log(
    `kanon plan, ${QIS.length} QIs — ${ROWS.toLocaleString('en-US')} rows (${(statSync(csv).size / 1e6).toFixed(0)} MB), ${groups.size.toLocaleString('en-US')} distinct (QIs, diagnosis), best of 2`,
  );
  console.log(`  on the rows:            ${a.s.toFixed(2)} s, ${a.rssMiB.toFixed(0)} MiB peak RSS`);
  console.log(`  on the frequency set:   ${b.s.toFixed(2)} s, ${b.rssMiB.toFixed(0)} MiB peak RSS (${(statSync(counts).size / 1e6).toFixed(1)} MB file)`);
  console.log(`  same plan: ${same ? 'yes' : 'NO'} (suppressed ${pa.reference.suppressed} / ${pb.reference.suppressed} of ${pb.reference.records})`);
  if (!same) process.exitCode = 1;
}

function measure(args) {
  const rssFile = join(data, '.rss');
  rmSync(rssFile, { force: true });
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--import', join(root, 'bench', 'rss-hook.mjs'), kanon, ...args], {
    env: { ...process.env, NO_COLOR: '1', KANON_BENCH_RSS: rssFile },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`bench case failed (${r.status}): ${args.join(' ')}\n${r.stderr}`);
  return { s, rssMiB: Number(readFileSync(rssFile, 'utf8')) / 1024 };
}
