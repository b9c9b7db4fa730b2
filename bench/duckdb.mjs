// DuckDB engine benchmark (issue 16): a whole `kanon run` (plan on DuckDB's frequency set, then
// kanon's export pass) on the generated people table with six quasi-identifiers, k = 5 / 5 %,
// as CSV, .csv.gz and Parquet; wall and CPU seconds and peak RSS of the process (node and
// DuckDB are one process), next to the node engine on the same CSV.
//   npm run build && node bench/duckdb.mjs          (1M rows; BENCH_ROWS=200000 for a quick look)
//   BENCH_LARGE=1 node bench/duckdb.mjs             (also 10M rows, ~1.8 GB, generated once in bench/data/)
// Targets (10M, duckdb): peak RSS ≤ 1.5 GiB; wall time ≤ 2 × the node engine's at 1M × 10.
import { createReadStream, createWriteStream, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { createGzip } from 'node:zlib';
import { writePeopleCsv, PEOPLE_SIX_COLUMNS } from './generate.mjs';
import { measureProcess } from './usage.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
await main();

async function main() {
  const data = join(root, 'bench', 'data');
  mkdirSync(data, { recursive: true });
  const ROWS = Number(process.env.BENCH_ROWS ?? 1000000);
  const LARGE = Number(process.env.BENCH_LARGE_ROWS ?? 10000000);
  const kanon = join(root, 'bin', 'kanon.js');
  const out = join(data, 'duckdb-out.csv');

  const columns = PEOPLE_SIX_COLUMNS;
  const policy = join(data, 'duckdb-six.policy.json');
  writeFileSync(policy, JSON.stringify({ version: 1, columns, privacy: { k: 5, suppressionLimit: 0.05 } }, null, 2));

  /** `node ARGS`: wall and CPU seconds and peak RSS (MiB) of the whole process. */
  const measure = (args) => measureProcess(args, join(data, '.duckdb-usage'));

  async function inputs(rows) {
    const csv = join(data, `people-${rows}.csv`);
    if (!existsSync(csv)) {
      process.stderr.write(`generating ${rows} rows → ${csv}\n`);
      await writePeopleCsv(rows, csv);
    }
    const gz = `${csv}.gz`;
    if (!existsSync(gz)) {
      process.stderr.write(`compressing → ${gz}\n`);
      await pipeline(createReadStream(csv), createGzip({ level: 6 }), createWriteStream(gz));
    }
    const pq = join(data, `people-${rows}.parquet`);
    if (!existsSync(pq)) {
      process.stderr.write(`converting → ${pq}\n`);
      const { DuckDBInstance } = await import('@duckdb/node-api');
      const c = await (await DuckDBInstance.create(':memory:', { memory_limit: '1GB', preserve_insertion_order: 'true' })).connect();
      await c.run(`COPY (SELECT * FROM read_csv('${csv}', header = true, all_varchar = true)) TO '${pq}' (FORMAT parquet)`);
      c.closeSync();
    }
    return { csv, gz, pq };
  }

  const results = [];
  const row = (name, rows, file, m) => {
    const r = {
      name,
      rows,
      MB: +(statSync(file).size / 1e6).toFixed(0),
      seconds: +m.s.toFixed(2),
      cpuSeconds: +m.cpu.toFixed(2),
      peakRssMiB: +m.rssMiB.toFixed(0),
    };
    results.push(r);
    console.log(
      `${name.padEnd(34)} ${String(rows).padStart(9)} rows ${String(r.MB).padStart(6)} MB ${r.seconds.toFixed(2).padStart(8)} s wall ${r.cpuSeconds.toFixed(2).padStart(8)} s CPU ${String(r.peakRssMiB).padStart(6)} MiB peak`,
    );
    return r;
  };
  const run = (file, engine) => measure([kanon, 'run', file, '-p', policy, '-q', '--engine', engine, '-o', out]);

  console.log(`kanon DuckDB engine bench — six QIs, k=5 / 5 %, node ${process.version}`);
  const small = await inputs(ROWS);
  const base = row('node engine, CSV', ROWS, small.csv, run(small.csv, 'node'));
  row('duckdb engine, CSV', ROWS, small.csv, run(small.csv, 'duckdb'));
  row('duckdb engine, .csv.gz', ROWS, small.gz, run(small.gz, 'duckdb'));
  row('duckdb engine, Parquet', ROWS, small.pq, run(small.pq, 'auto'));
  if (process.env.BENCH_LARGE) {
    const big = await inputs(LARGE);
    const scale = LARGE / ROWS;
    const limit = 2 * base.seconds * scale;
    for (const [name, file] of [
      ['duckdb engine, CSV', big.csv],
      ['duckdb engine, .csv.gz', big.gz],
      ['duckdb engine, Parquet', big.pq],
    ]) {
      const r = row(name, LARGE, file, run(file, name.endsWith('Parquet') ? 'auto' : 'duckdb'));
      const ok = r.peakRssMiB <= 1536 && r.seconds <= limit;
      console.log(
        `  target: RSS ≤ 1536 MiB, time ≤ ${limit.toFixed(1)} s (2 × node engine at ${ROWS} rows × ${scale}): ${ok ? 'met' : 'NOT met'} (${(r.seconds / (base.seconds * scale)).toFixed(2)} × scaled node)`,
      );
    }
  }
  writeFileSync(join(data, 'duckdb-results.json'), JSON.stringify(results, null, 2));
  rmSync(out, { force: true });
}
