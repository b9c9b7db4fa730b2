// Search benchmark (issue 3): time of the optimal-generalization search on a generated table
// with six quasi-identifiers, next to the time of one parse + encode pass of the same file.
//   npm run build && node bench/search.mjs            (1M rows; BENCH_ROWS=200000 for a quick look)
// Target: each search no longer than one parse. Data lives in bench/data/ (git-ignored).
// Then (issue 13) the anytime search on a wide table, 10 QIs at k=5 / 5 %, in a process of its
// own (its peak RSS is its own): time to first solution and to best, final loss, lower bound,
// gap, checks and the loss-vs-checks trajectory at the default budget. Target: first solution
// within one parse, gap ≤ 10 %. BENCH_CASE=wide runs only that case; BENCH_CASE=six skips it.
// Calls the built dist/ modules directly (the same plan pass `kanon run --dry-run` runs).
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writePeopleCsv, PEOPLE_SIX_COLUMNS } from './generate.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = (p) => import(join(root, 'dist', p));
const { loadPolicy } = await dist('policy/load.js');
const { bindPolicy } = await dist('policy/bind.js');
const { openTable } = await dist('io/read.js');
const { encodePass, policyColumns: columnsOf } = await dist('plan/plan.js');
const { normalizeConfig } = await dist('policy/normalize.js');
// The configuration `kanon run` would build for this policy (src/policy/normalize.ts).
const configOf = (policy) => normalizeConfig(policy, {}, 'run');
const policyColumns = (bound) => columnsOf(bound, configOf(bound.policy));
const privacyConfig = (bound) => configOf(bound.policy).privacy;
const { search } = await dist('search/index.js');

const data = join(root, 'bench', 'data');
mkdirSync(data, { recursive: true });
const ROWS = Number(process.env.BENCH_ROWS ?? 1000000);
const CASE = process.env.BENCH_CASE ?? 'all';
const csv = join(data, `people-${ROWS}.csv`);
if (CASE !== 'wide' && !existsSync(csv)) {
  process.stderr.write(`generating ${ROWS} rows → ${csv}\n`);
  await writePeopleCsv(ROWS, csv);
}

const tree = (groups) => ({ type: 'tree', groups });
const columns = PEOPLE_SIX_COLUMNS;
const CONFIGS = [
  { k: 2, suppressionLimit: 0.01 },
  { k: 5, suppressionLimit: 0.05 },
  { k: 5, suppressionLimit: 0 },
  { k: 10, suppressionLimit: 0.02 },
  { k: 5, suppressionLimit: 0.05, lDiversity: { column: 'diagnosis', l: 3 } },
  { k: 5, suppressionLimit: 0.05, tCloseness: { column: 'diagnosis', t: 0.2 } },
];
const policyPath = join(data, 'search-bench.policy.json');
const write = (privacy) => writeFileSync(policyPath, JSON.stringify({ version: 1, columns, privacy }, null, 2));

if (CASE === 'wide') {
  await wide();
  process.exit(0);
}
write(CONFIGS[0]);
const policy = loadPolicy(policyPath);
const progress = { phase() {}, add() {}, bytes: { bytes: 0 }, stop() {} };
const t0 = performance.now();
const table = await openTable(createReadStream(csv), { file: 'people.csv', path: csv, counter: progress.bytes });
const bound = bindPolicy(policy, table.header, 'people.csv');
const enc = await encodePass(table, 'people.csv', policyColumns(bound), progress);
const parseS = (performance.now() - t0) / 1000;
const mb = statSync(csv).size / 1e6;
console.log(`${ROWS} rows, ${mb.toFixed(0)} MB, ${enc.quasi.length} QIs (${enc.quasi.map((q) => `${q.name}:${q.levels}`).join(' ')})`);
console.log(`parse + encode: ${parseS.toFixed(2)} s`);
// BENCH_ONLY=4,5 runs only those configs (0-based), e.g. under --cpu-prof.
const only = process.env.BENCH_ONLY?.split(',').map(Number);
for (const cfg of CONFIGS.filter((_, i) => only === undefined || only.includes(i))) {
  write(cfg);
  const privacy = privacyConfig(bindPolicy(loadPolicy(policyPath), table.header, 'people.csv'));
  const t1 = performance.now();
  const r = search(enc, privacy);
  const s = (performance.now() - t1) / 1000;
  console.log(
    `${JSON.stringify(cfg).padEnd(84)} search ${s.toFixed(2).padStart(6)} s (${(s / parseS).toFixed(2)}× parse)  ${r.nodesEvaluated}/${r.nodesTotal} nodes  levels ${r.levels.join(',')}  suppressed ${r.suppressedCount}  loss ${r.loss.toFixed(4)}`,
  );
}

if (CASE === 'all') {
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url)], {
    env: { ...process.env, BENCH_CASE: 'wide' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

async function wide() {
  const csvW = join(data, `people-wide-${ROWS}.csv`);
  if (!existsSync(csvW)) {
    process.stderr.write(`generating ${ROWS} rows → ${csvW}\n`);
    await writePeopleCsv(ROWS, csvW, 42, { wide: true });
  }
  const cols = {
    ...columns,
    occupation: {
      role: 'quasi',
      hierarchy: tree({
        'White-collar': ['Exec-managerial', 'Prof-specialty', 'Adm-clerical', 'Sales', 'Tech-support'],
        'Blue-collar': ['Craft-repair', 'Handlers-cleaners', 'Machine-op-inspct', 'Farming-fishing', 'Transport-moving'],
        Service: ['Other-service', 'Priv-house-serv', 'Protective-serv', 'Armed-Forces'],
      }),
    },
    workclass: {
      role: 'quasi',
      hierarchy: tree({
        Private: ['Private'],
        'Self-emp': ['Self-emp-not-inc', 'Self-emp-inc'],
        Government: ['Local-gov', 'State-gov', 'Federal-gov'],
        'Not-working': ['Without-pay', 'Never-worked'],
      }),
    },
    native_country: {
      role: 'quasi',
      hierarchy: tree({
        America: {
          'North-America': ['United-States', 'Canada', 'Outlying-US(Guam-USVI-etc)'],
          'Latin-America': [
            'Mexico',
            'Puerto-Rico',
            'El-Salvador',
            'Cuba',
            'Jamaica',
            'Dominican-Republic',
            'Guatemala',
            'Columbia',
            'Haiti',
            'Nicaragua',
            'Peru',
            'Ecuador',
            'Trinadad&Tobago',
            'Honduras',
          ],
        },
        Eurasia: {
          Asia: ['Philippines', 'India', 'South', 'China', 'Vietnam', 'Japan', 'Taiwan', 'Iran', 'Hong', 'Cambodia', 'Laos', 'Thailand'],
          Europe: [
            'Germany',
            'England',
            'Italy',
            'Poland',
            'Portugal',
            'France',
            'Greece',
            'Ireland',
            'Yugoslavia',
            'Hungary',
            'Scotland',
            'Holand-Netherlands',
          ],
        },
      }),
    },
    hours_per_week: { role: 'quasi', hierarchy: { type: 'interval', widths: [5, 10, 20, 40] } },
  };
  const privacy = { k: 5, suppressionLimit: 0.05 };
  const pw = join(data, 'search-wide.policy.json');
  writeFileSync(pw, JSON.stringify({ version: 1, columns: cols, privacy }, null, 2));
  const progress = { phase() {}, add() {}, bytes: { bytes: 0 }, stop() {} };
  const t0 = performance.now();
  const table = await openTable(createReadStream(csvW), { file: 'people-wide.csv', path: csvW, counter: progress.bytes });
  const bound = bindPolicy(loadPolicy(pw), table.header, 'people-wide.csv');
  const enc = await encodePass(table, 'people-wide.csv', policyColumns(bound), progress);
  const parseS = (performance.now() - t0) / 1000;
  console.log(
    `\nwide: ${ROWS} rows, ${(statSync(csvW).size / 1e6).toFixed(0)} MB, ${enc.quasi.length} QIs (${enc.quasi.map((q) => `${q.name}:${q.levels}`).join(' ')})`,
  );
  console.log(`parse + encode: ${parseS.toFixed(2)} s`);
  const t1 = performance.now();
  // BENCH_MAX_CHECKS overrides the default budget (to chart the gap against the budget).
  const cfg = privacyConfig(bound);
  const r = search(enc, process.env.BENCH_MAX_CHECKS ? { ...cfg, search: { maxChecks: Number(process.env.BENCH_MAX_CHECKS) } } : cfg);
  const s = (performance.now() - t1) / 1000;
  const f = (ms) => (ms === null ? '—' : `${(ms / 1000).toFixed(2)} s`);
  console.log(
    `${JSON.stringify(privacy)} ${r.strategy} search ${s.toFixed(2)} s (${(s / parseS).toFixed(2)}× parse), lattice ${r.latticeSize} nodes, ${r.checks} checks (stopped: ${r.stoppedBy})`,
  );
  console.log(
    `first solution ${f(r.msToFirst)} (${r.msToFirst === null ? '—' : (r.msToFirst / 1000 / parseS).toFixed(2)}× parse), best ${f(r.msToBest)} at check ${r.checksToBest}`,
  );
  console.log(
    `levels ${r.levels.join(',')}  suppressed ${r.suppressedCount}  loss ${r.loss.toFixed(4)}  lower bound ${r.lowerBound.toFixed(4)}  gap ${(r.gap * 100).toFixed(1)} %  optimal ${r.optimal}`,
  );
  console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
  console.log(`trajectory (checks → loss @ s): ${r.trajectory.map((p) => `${p.checks}→${p.loss.toFixed(4)}@${(p.ms / 1000).toFixed(2)}`).join('  ')}`);
}
