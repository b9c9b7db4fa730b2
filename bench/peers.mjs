// kanon beside its peers on the same generated file (issue 18): pass-through and HMAC/sha256 on
// three columns, for kanon with 1 and 2 threads, the bare csv-parse → csv-stringify round
// trip, miller (when `mlr` is installed) and DuckDB COPY / sha256 (when @duckdb/node-api is
// installed). Each case is a whole process measured by /usr/bin/time (wall, user+sys CPU,
// peak RSS). The machine is shared and noisy, so the cases of a group run alternated
// (A B C … A B C …, BENCH_REPS times, default 3) and medians are compared.
//   node bench/peers.mjs            (BENCH_ROWS=1000000 by default; BENCH_REPS=3)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HEADER, writePeopleCsv } from './generate.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const data = join(root, 'bench', 'data');
mkdirSync(data, { recursive: true });
const ROWS = Number(process.env.BENCH_ROWS ?? 1000000);
const REPS = Number(process.env.BENCH_REPS ?? 3);
const KEY = 'a3f1c2d4e5b60718293a4b5c6d7e8f90112233445566778899aabbccddeeff00'; // bench-only key
const kanon = join(root, 'bin', 'kanon.js');
const TIME = '/usr/bin/time';
if (!existsSync(TIME)) {
  console.log('peers: /usr/bin/time not found (apt-get install time): skipped');
  process.exit(0);
}

const input = join(data, `people-${ROWS}.csv`);
if (!existsSync(input)) {
  process.stderr.write(`generating ${ROWS} rows → ${input}\n`);
  await writePeopleCsv(ROWS, input);
}
const policy = (name, columns) => {
  const p = join(data, `${name}.policy.json`);
  writeFileSync(p, JSON.stringify({ columns }, null, 2));
  return p;
};
const insensitive = Object.fromEntries(HEADER.map((h) => [h, { role: 'insensitive' }]));
const passPolicy = policy('passthrough', insensitive);
const THREE = ['name', 'email', 'ssn'];
const hmacPolicy = policy('hmac3', { ...insensitive, ...Object.fromEntries(THREE.map((c) => [c, { role: 'identifier', operator: 'hmac' }])) });

const hasMlr = spawnSync('sh', ['-c', 'command -v mlr']).status === 0;
const hasDuck = await import('@duckdb/node-api').then(
  () => true,
  () => false,
);
const out = (name) => join(data, `peer-${name}.out`);

/** One process: wall s, CPU s (user + sys), peak RSS MiB. */
function measure(cmd, args, env = {}) {
  const r = spawnSync(TIME, ['-f', '%e %U %S %M', cmd, ...args], {
    cwd: root,
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const lines = r.stderr.toString().trim().split('\n');
  if (r.status !== 0) throw new Error(`peer case failed (${r.status}): ${cmd} ${args.join(' ')}\n${lines.slice(-5).join('\n')}`);
  const [wall, user, sys, rss] = lines[lines.length - 1].split(' ').map(Number);
  return { wall, cpu: user + sys, rss: rss / 1024 };
}

const node = process.execPath;
const mlrSha = THREE.map((c) => `$${c}=sha256($${c})`).join(';');
const duckSql = (select) => `COPY (${select}) TO '${'$OUT'}' (HEADER, DELIMITER ',')`;
const groups = {
  'pass-through': [
    ['kanon --threads 1', () => measure(node, [kanon, 'run', input, '-p', passPolicy, '-o', out('k1'), '-q', '--threads', '1'])],
    ['kanon --threads 2', () => measure(node, [kanon, 'run', input, '-p', passPolicy, '-o', out('k2'), '-q', '--threads', '2'])],
    ['csv-parse → csv-stringify round trip', () => measure(node, [join(root, 'bench', 'roundtrip.mjs'), input, out('rt')])],
    hasMlr && ['mlr --csv cat', () => measure('sh', ['-c', `mlr --csv cat "$0" > "$1"`, input, out('mlr')])],
    hasDuck && ['DuckDB COPY', () => measure(node, [join(root, 'bench', 'duck-peer.mjs'), input, out('duck'), duckSql(`SELECT * FROM read_csv('${input}')`)])],
  ],
  'hmac on name, email, ssn': [
    ['kanon --threads 1', () => measure(node, [kanon, 'run', input, '-p', hmacPolicy, '-o', out('k1'), '-q', '--threads', '1'], { KANON_KEY: KEY })],
    ['kanon --threads 2', () => measure(node, [kanon, 'run', input, '-p', hmacPolicy, '-o', out('k2'), '-q', '--threads', '2'], { KANON_KEY: KEY })],
    hasMlr && ['mlr --csv put sha256 (unkeyed)', () => measure('sh', ['-c', `mlr --csv put '${mlrSha}' "$0" > "$1"`, input, out('mlr')])],
    hasDuck && [
      'DuckDB sha256 (unkeyed)',
      () =>
        measure(node, [
          join(root, 'bench', 'duck-peer.mjs'),
          input,
          out('duck'),
          duckSql(`SELECT * REPLACE (${THREE.map((c) => `sha256(${c}) AS ${c}`).join(', ')}) FROM read_csv('${input}')`),
        ]),
    ],
  ],
};

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
console.log(`peers — ${ROWS.toLocaleString('en-US')} rows, ${REPS} alternated runs each (medians), ${availableParallelism()} cores, node ${process.version}`);
if (!hasMlr) console.log('  mlr not installed (apt-get install miller): miller skipped');
if (!hasDuck) console.log('  @duckdb/node-api not installed: DuckDB skipped');
const results = [];
for (const [group, list] of Object.entries(groups)) {
  const cases = list.filter(Boolean);
  const runs = cases.map(() => []);
  for (let rep = 0; rep < REPS; rep++)
    cases.forEach(([, run], i) => {
      runs[i].push(run());
    });
  const meds = runs.map((rs) => ({ wall: median(rs.map((r) => r.wall)), cpu: median(rs.map((r) => r.cpu)), rss: median(rs.map((r) => r.rss)) }));
  const base = meds[0];
  console.log(`\n${group}${' '.repeat(Math.max(1, 40 - group.length))}   wall s    CPU s  peak MiB   wall ×k1  CPU ×k1`);
  cases.forEach(([name], i) => {
    const m = meds[i];
    console.log(
      `  ${name.padEnd(40)} ${m.wall.toFixed(2).padStart(7)} ${m.cpu.toFixed(2).padStart(8)} ${m.rss.toFixed(0).padStart(9)} ${(m.wall / base.wall).toFixed(2).padStart(10)} ${(m.cpu / base.cpu).toFixed(2).padStart(8)}`,
    );
    results.push({ group, name, ...m, runs: runs[i] });
  });
  const same = readFileSync(out('k1')).equals(readFileSync(out('k2')));
  console.log(`  kanon --threads 1 and 2 outputs ${same ? 'byte-identical' : 'DIFFER'}`);
  if (!same) process.exitCode = 1;
}
writeFileSync(join(data, 'peers.json'), JSON.stringify(results, null, 2));
for (const n of ['k1', 'k2', 'rt', 'mlr', 'duck']) rmSync(out(n), { force: true });
