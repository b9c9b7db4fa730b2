// kanon benchmarks: whole-process wall time and peak RSS of each case, on generated data.
//   npm run bench                 (1M rows; BENCH_ROWS=200000 npm run bench for a quick look)
// Targets are checked here, never in timed tests. Data lives in bench/data/ (git-ignored).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync, rmSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HEADER, writePeopleCsv } from './generate.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const data = join(root, 'bench', 'data');
mkdirSync(data, { recursive: true });
const ROWS = Number(process.env.BENCH_ROWS ?? 1000000);
const only = process.argv[2];

async function dataset(rows) {
  const path = join(data, `people-${rows}.csv`);
  if (!existsSync(path)) {
    process.stderr.write(`generating ${rows} rows → ${path}\n`);
    await writePeopleCsv(rows, path);
  }
  return path;
}

function writePolicy(name, columns, extra = {}) {
  const path = join(data, `${name}.policy.json`);
  writeFileSync(path, JSON.stringify({ columns, ...extra }, null, 2));
  return path;
}

/** Runs `node ARGS` and returns wall seconds and peak RSS (MiB) of that whole process. */
function measure(args, env = {}) {
  const rssFile = join(data, '.rss');
  rmSync(rssFile, { force: true });
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--import', join(root, 'bench', 'rss-hook.mjs'), ...args], {
    cwd: root,
    env: { ...process.env, NO_COLOR: '1', KANON_BENCH_RSS: rssFile, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`bench case failed (${r.status}): ${args.join(' ')}\n${r.stderr}`);
  return { s, rssMiB: Number(readFileSync(rssFile, 'utf8')) / 1024 };
}

const results = [];
function report(name, m, bytes, baseline) {
  const row = {
    name,
    seconds: +m.s.toFixed(2),
    MBps: bytes ? +(bytes / 1e6 / m.s).toFixed(1) : undefined,
    peakRssMiB: +m.rssMiB.toFixed(0),
    vsRoundTrip: baseline ? +(baseline.s / m.s).toFixed(2) : undefined,
  };
  results.push(row);
  console.log(
    `${name.padEnd(48)} ${row.seconds.toFixed(2).padStart(7)} s ${row.MBps !== undefined ? `${String(row.MBps).padStart(7)} MB/s` : '            '} ${String(row.peakRssMiB).padStart(6)} MiB peak${row.vsRoundTrip !== undefined ? `  ${row.vsRoundTrip.toFixed(2)}× round trip` : ''}`,
  );
  return m;
}

const kanon = join(root, 'bin', 'kanon.js');
const big = await dataset(ROWS);
const small = await dataset(Math.max(1000, Math.floor(ROWS / 10)));
const bytes = statSync(big).size;
const out = join(data, 'out.csv');
console.log(`kanon bench — ${ROWS.toLocaleString('en-US')} rows, ${(bytes / 1e6).toFixed(0)} MB, node ${process.version}\n`);

const allInsensitive = writePolicy('passthrough', Object.fromEntries(HEADER.map((h) => [h, { role: 'insensitive' }])));
const cases = {
  passthrough() {
    const base = report('csv-parse → csv-stringify round trip', measure([join(root, 'bench', 'roundtrip.mjs'), big, out]), bytes);
    const m = report('kanon run, pass-through (all insensitive)', measure([kanon, 'run', big, '-p', allInsensitive, '-o', out, '-q']), bytes, base);
    const s = report(
      `  same, ${Math.floor(ROWS / 10).toLocaleString('en-US')} rows (memory must not grow)`,
      measure([kanon, 'run', small, '-p', allInsensitive, '-o', out, '-q']),
      statSync(small).size,
    );
    console.log(`  peak RSS ${s.rssMiB.toFixed(0)} MiB at ${Math.floor(ROWS / 10)} rows vs ${m.rssMiB.toFixed(0)} MiB at ${ROWS} rows`);
  },
};

const KEY = 'a3f1c2d4e5b60718293a4b5c6d7e8f90112233445566778899aabbccddeeff00'; // bench-only key
const hmacPolicy = writePolicy(
  'hmac3',
  Object.fromEntries(HEADER.map((h) => [h, ['name', 'email', 'ssn'].includes(h) ? { role: 'identifier', operator: 'hmac' } : { role: 'insensitive' }])),
);
cases.hmac = () => {
  const base = report('csv-parse → csv-stringify round trip', measure([join(root, 'bench', 'roundtrip.mjs'), big, out]), bytes);
  const m = report('kanon run, hmac on name,email,ssn', measure([kanon, 'run', big, '-p', hmacPolicy, '-o', out, '-q'], { KANON_KEY: KEY }), bytes, base);
  const s = report(
    `  same, ${Math.floor(ROWS / 10).toLocaleString('en-US')} rows`,
    measure([kanon, 'run', small, '-p', hmacPolicy, '-o', out, '-q'], { KANON_KEY: KEY }),
    statSync(small).size,
  );
  console.log(
    `  peak RSS ${s.rssMiB.toFixed(0)} MiB at ${Math.floor(ROWS / 10)} rows vs ${m.rssMiB.toFixed(0)} MiB at ${ROWS} rows; target ≥ 0.90× round trip: ${m.s <= base.s / 0.9 ? 'met' : 'NOT met'}`,
  );
  // Stretch goal: miller's sha256 (unkeyed) on the same three columns, when mlr is installed.
  const which = spawnSync('sh', ['-c', 'command -v mlr']);
  if (which.status !== 0) {
    console.log('  mlr not installed (apt-get install miller): stretch comparison skipped');
    return;
  }
  const t0 = process.hrtime.bigint();
  const r = spawnSync('sh', ['-c', `mlr --icsv --ocsv put '$name=sha256($name);$email=sha256($email);$ssn=sha256($ssn)' "${big}" > "${out}"`]);
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) {
    console.log('  mlr failed');
    return;
  }
  console.log(
    `  mlr put sha256 on the same columns: ${secs.toFixed(2)} s (${(bytes / 1e6 / secs).toFixed(1)} MB/s): ${Math.abs(m.s - secs) < 0.1 * secs ? 'within 10 % of kanon (a tie: runs here vary more than that)' : m.s < secs ? 'kanon beats it' : 'kanon does not beat it'}`,
  );
};
cases.adult = () => {
  // The issue's target: the whole process, parse + search + write, under 1 s (best of 3).
  const runs = [0, 1, 2].map(() =>
    measure([kanon, 'run', join(root, 'fixtures/adult/adult.csv'), '-p', join(root, 'fixtures/adult.policy.json'), '-o', out, '-q']),
  );
  const best = runs.reduce((a, b) => (a.s < b.s ? a : b));
  report('kanon run Adult, k=5 at 5 % (best of 3)', best, statSync(join(root, 'fixtures/adult/adult.csv')).size);
  console.log(`  target < 1 s whole process: ${best.s < 1 ? 'met' : 'NOT met'} (runs: ${runs.map((r) => r.s.toFixed(2)).join(', ')} s)`);
};

cases.json = () => {
  // JSON arrays are read as a stream too: peak memory at 1/10 and all of the rows.
  const toJson = (csv, json) => {
    if (!existsSync(json)) measure([kanon, 'run', csv, '-p', allInsensitive, '--to', 'json', '-o', json, '-q']);
    return json;
  };
  const bigJson = toJson(big, join(data, `people-${ROWS}.json`));
  const smallJson = toJson(small, join(data, `people-${Math.floor(ROWS / 10)}.json`));
  const outJson = join(data, 'out.json');
  const m = report(
    'kanon run, JSON array in and out, pass-through',
    measure([kanon, 'run', bigJson, '-p', allInsensitive, '-o', outJson, '-q']),
    statSync(bigJson).size,
  );
  const s = report(
    `  same, ${Math.floor(ROWS / 10).toLocaleString('en-US')} rows`,
    measure([kanon, 'run', smallJson, '-p', allInsensitive, '-o', outJson, '-q']),
    statSync(smallJson).size,
  );
  console.log(`  peak RSS ${s.rssMiB.toFixed(0)} MiB at ${Math.floor(ROWS / 10)} rows vs ${m.rssMiB.toFixed(0)} MiB at ${ROWS} rows`);
  rmSync(outJson, { force: true });
};

cases.search = () => {
  // 1M rows, six QIs: the search alone per config next to one parse (bench/search.mjs), then
  // the whole `kanon run` process (plan + search + report + export) with its peak memory.
  const r = spawnSync(process.execPath, [join(root, 'bench', 'search.mjs')], {
    cwd: root,
    env: { ...process.env, BENCH_ROWS: String(ROWS) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  process.stdout.write(r.stdout);
  const p = JSON.parse(readFileSync(join(data, 'search-bench.policy.json'), 'utf8'));
  const pol = writePolicy('search-k5', p.columns, { privacy: { k: 5, suppressionLimit: 0.05 } });
  report('kanon run, 6 QIs, k=5 at 5 %, whole process', measure([kanon, 'run', big, '-p', pol, '-o', out, '-q']), bytes);
};

cases['adult-matrix'] = () => {
  // Issue 3's Adult configurations, whole `kanon run` process each; figures from the report.
  const QIS = ['sex', 'age', 'race', 'marital-status', 'education', 'native-country', 'workclass', 'occupation', 'salary-class'];
  const configs = [];
  for (const k of [2, 5, 10, 50]) for (const s of [0, 0.05]) configs.push({ name: `k=${k}, ${s * 100} %`, privacy: { k, suppressionLimit: s } });
  configs.push({
    name: 'k=5, 5 %, distinct 3-diversity (occupation)',
    privacy: { k: 5, suppressionLimit: 0.05, lDiversity: { column: 'occupation', variant: 'distinct', l: 3 } },
    sensitive: 'occupation',
  });
  configs.push({
    name: 'k=5, 0 %, equal 0.2-closeness (occupation)',
    privacy: { k: 5, tCloseness: { column: 'occupation', measure: 'equal', t: 0.2 } },
    sensitive: 'occupation',
  });
  console.log(`${'config'.padEnd(46)} ${'levels (sex,age,race,marital,edu,country,work,occ,salary)'.padEnd(34)} loss    suppr  classes  time`);
  for (const c of configs) {
    const columns = Object.fromEntries(
      QIS.map((q) => [q, q === c.sensitive ? { role: 'sensitive' } : { role: 'quasi', hierarchy: join(root, `fixtures/adult/adult_hierarchy_${q}.csv`) }]),
    );
    const pol = writePolicy('adult-matrix', columns, { input: { delimiter: ';' }, privacy: c.privacy });
    const rep = join(data, 'adult-matrix.report.json');
    const m = measure([kanon, 'run', join(root, 'fixtures/adult/adult.csv'), '-p', pol, '-o', out, '-q', '-r', rep]);
    const r = JSON.parse(readFileSync(rep, 'utf8'));
    const levels = r.columns.map((col) => (col.role === 'quasi' ? String(col.level) : 'S')).join(',');
    console.log(
      `${c.name.padEnd(46)} ${levels.padEnd(34)} ${r.loss.value.toFixed(4)} ${String(r.suppression.records).padStart(6)} ${String(r.after.classes).padStart(8)}  ${m.s.toFixed(2)} s`,
    );
    results.push({ name: `adult ${c.name}`, levels, loss: r.loss.value, suppressed: r.suppression.records, classes: r.after.classes, seconds: m.s });
  }
};

// Standalone benchmarks of their own issue, run as cases here too (each prints its figures).
for (const [name, file] of [
  ['sensitive', 'sensitive.mjs'],
  ['mondrian', 'mondrian.mjs'],
  ['duckdb', 'duckdb.mjs'], // the 10M-row part only with BENCH_LARGE=1
  ['peers', 'peers.mjs'],
  ['passes', 'passes.mjs'],
]) {
  cases[name] = () => {
    const r = spawnSync(process.execPath, [join(root, 'bench', file)], {
      cwd: root,
      env: { ...process.env, BENCH_ROWS: String(ROWS) },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    if (r.status !== 0) throw new Error(`bench/${file} failed (${r.status})`);
  };
}

for (const [name, fn] of Object.entries(cases)) {
  if (only && only !== name) continue;
  await fn();
}
writeFileSync(join(data, 'results.json'), JSON.stringify(results, null, 2));
rmSync(out, { force: true });
