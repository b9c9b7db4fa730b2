// Local recoding benchmark (issue 14): Mondrian (privacy.recoding "local") on the generated
// 1M-row table with six quasi-identifiers and with ten, next to the global full-domain search:
// whole `kanon run` process (wall time, peak RSS) against one parse of the file, and the loss,
// classes and suppressed records of both modes from their reports. Then both modes in process
// on Adult for k = 2, 5, 10, 50 at 5 % suppression.
//   npm run build && node bench/mondrian.mjs       (BENCH_ROWS=200000 for a quick look;
//   BENCH_GLOBAL_TIMEOUT=seconds bounds each global run, default 900; BENCH_SKIP_GLOBAL=1;
//   BENCH_ADULT_ONLY=1: only the Adult comparison)
// Target: the whole local run within 3 parses of the file. Data lives in bench/data/.
import { createReadStream, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writePeopleCsv, PEOPLE_SIX_COLUMNS } from './generate.mjs';
import { measureProcess, parseSeconds } from './usage.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
await main();

async function main() {
  const dist = (p) => import(join(root, 'dist', p));
  const { openTable } = await dist('io/read.js');
  const { bindPolicy } = await dist('policy/bind.js');
  const { encodePass, policyColumns } = await dist('plan/plan.js');
  const { loadConfig } = await dist('policy/normalize.js');
  const { mondrian } = await dist('recoding/mondrian.js');
  const { search } = await dist('search/index.js');
  const { normalizePrivacy } = await dist('privacy/normalize.js');
  const { loadHierarchy } = await dist('hierarchy/load.js');
  const { createEncoder } = await dist('search/encode.js');

  const data = join(root, 'bench', 'data');
  mkdirSync(data, { recursive: true });
  const ROWS = Number(process.env.BENCH_ROWS ?? 1000000);
  const GLOBAL_TIMEOUT = Number(process.env.BENCH_GLOBAL_TIMEOUT ?? 900);
  const csv = join(data, `people-${ROWS}.csv`);
  const adultOnly = !!process.env.BENCH_ADULT_ONLY;
  if (!adultOnly && !existsSync(csv)) {
    process.stderr.write(`generating ${ROWS} rows → ${csv}\n`);
    await writePeopleCsv(ROWS, csv);
  }
  const kanon = join(root, 'bin', 'kanon.js');
  const out = join(data, 'mondrian-out.csv');

  const tree = (groups) => ({ type: 'tree', groups });
  const six = PEOPLE_SIX_COLUMNS;
  const ten = {
    ...six,
    // levels kept few enough that the global search's lattice (< 2M nodes) can run for comparison
    birth_date: { role: 'quasi', hierarchy: { type: 'date', levels: ['year', 'decade'] } },
    occupation: {
      role: 'quasi',
      hierarchy: tree({
        White: ['Tech-support', 'Exec-managerial', 'Prof-specialty', 'Adm-clerical', 'Sales'],
        Blue: ['Craft-repair', 'Handlers-cleaners', 'Machine-op-inspct', 'Farming-fishing', 'Transport-moving'],
        Service: ['Other-service', 'Priv-house-serv', 'Protective-serv', 'Armed-Forces'],
      }),
    },
    income: { role: 'quasi', hierarchy: { type: 'interval', widths: [5000, 25000, 50000, 100000] } },
    visit_date: { role: 'quasi', hierarchy: { type: 'date', levels: ['month', 'year'] } },
  };

  /** Runs `node ARGS`: wall and CPU seconds and peak RSS (MiB) of the whole process, or null on timeout. */
  const measure = (args, timeoutS) => measureProcess(args, join(data, '.mondrian-usage'), timeoutS);

  const progress = { phase() {}, add() {}, bytes: { bytes: 0 }, stop() {} };
  let parse = NaN,
    parseCpu = NaN;
  if (!adultOnly) {
    const mb = statSync(csv).size / 1e6;
    console.log(`kanon Mondrian bench — ${ROWS.toLocaleString('en-US')} rows, ${mb.toFixed(0)} MB, node ${process.version}`);
    const p1 = await parseSeconds(openTable, csv, ROWS),
      p2 = await parseSeconds(openTable, csv, ROWS);
    parse = Math.min(p1.s, p2.s);
    parseCpu = Math.min(p1.cpu, p2.cpu);
    console.log(`one parse of the file (in process, best of 2): ${parse.toFixed(2)} s wall, ${parseCpu.toFixed(2)} s CPU\n`);
  }

  const results = { rows: adultOnly ? 0 : ROWS, parseSeconds: parse, parseCpuSeconds: parseCpu, tables: [], adult: [] };
  for (const [name, columns] of adultOnly
    ? []
    : [
        ['6 QIs', six],
        ['10 QIs', ten],
      ]) {
    const privacy = { k: 5, suppressionLimit: 0.05 };
    const row = { table: name, privacy };
    for (const mode of ['local', 'global']) {
      if (mode === 'global' && process.env.BENCH_SKIP_GLOBAL) continue;
      const pol = join(data, `mondrian-${mode}.policy.json`);
      writeFileSync(pol, JSON.stringify({ version: 1, columns, privacy: { ...privacy, recoding: mode } }, null, 2));
      const rep = join(data, `mondrian-${mode}.report.json`);
      rmSync(rep, { force: true });
      const m = measure([kanon, 'run', csv, '-p', pol, '-o', out, '-q', '-r', rep], mode === 'global' ? GLOBAL_TIMEOUT : 0);
      if (m === null) {
        console.log(`${name.padEnd(7)} ${mode.padEnd(6)} timed out after ${GLOBAL_TIMEOUT} s`);
        row[mode] = { timeout: GLOBAL_TIMEOUT };
        continue;
      }
      const r = JSON.parse(readFileSync(rep, 'utf8'));
      row[mode] = {
        seconds: +m.s.toFixed(2),
        parses: +(m.s / parse).toFixed(2),
        cpuSeconds: +m.cpu.toFixed(2),
        cpuParses: +(m.cpu / parseCpu).toFixed(2),
        peakRssMiB: Math.round(m.rssMiB),
        loss: +r.loss.value.toFixed(4),
        classes: r.after.classes,
        k: r.after.k,
        suppressed: r.suppression.records,
      };
      console.log(
        `${name.padEnd(7)} ${mode.padEnd(6)} whole run ${m.s.toFixed(2).padStart(7)} s = ${(m.s / parse).toFixed(2)} parses (CPU ${m.cpu.toFixed(2)} s = ${(m.cpu / parseCpu).toFixed(2)} parses), peak RSS ${m.rssMiB.toFixed(0)} MiB; loss ${r.loss.value.toFixed(4)}, ${r.after.classes} classes, k ${r.after.k}, ${r.suppression.records} suppressed`,
      );
    }
    // Mondrian alone on the encoded table (plan pass done once, in process).
    const pol = join(data, 'mondrian-local.policy.json');
    const config = loadConfig(pol, {}, 'run');
    const table = await openTable(createReadStream(csv), { file: 'people.csv', path: csv, counter: { bytes: 0 } });
    const bound = bindPolicy(config.policy, table.header, 'people.csv');
    const enc = await encodePass(table, 'people.csv', policyColumns(bound, config), progress);
    const t1 = performance.now(),
      c1 = process.cpuUsage();
    const r = mondrian(enc, config.privacy);
    const c = process.cpuUsage(c1);
    row.mondrianSeconds = +((performance.now() - t1) / 1000).toFixed(2);
    row.mondrianCpuSeconds = +((c.user + c.system) / 1e6).toFixed(2);
    console.log(
      `${name.padEnd(7)} Mondrian alone (in process): ${row.mondrianSeconds.toFixed(2)} s wall, ${row.mondrianCpuSeconds.toFixed(2)} s CPU, ${r.partitions} partitions\n`,
    );
    results.tables.push(row);
  }

  // Adult, nine QIs: both modes side by side (in process).
  const ADULT = join(root, 'fixtures', 'adult');
  const QIS = ['sex', 'age', 'race', 'marital-status', 'education', 'native-country', 'workclass', 'occupation', 'salary-class'];
  const lines = readFileSync(join(ADULT, 'adult.csv'), 'utf8')
    .split('\r\n')
    .filter((l) => l !== '');
  const header = lines[0].split(';');
  const enc = createEncoder({
    file: 'adult.csv',
    quasi: QIS.map((q) => ({ name: q, hierarchy: loadHierarchy(`adult_hierarchy_${q}.csv`, { baseDir: ADULT, configPath: '' }) })),
    sensitive: [],
  });
  lines.slice(1).forEach((l, i) => {
    const c = l.split(';');
    enc.add(
      QIS.map((q) => c[header.indexOf(q)]),
      [],
      i + 2,
    );
  });
  const adult = enc.finish();
  console.log('Adult, 9 QIs, 5 % suppression | global: loss, classes, suppressed, optimal | local: loss, classes, suppressed, ms');
  for (const k of [2, 5, 10, 50]) {
    const p = normalizePrivacy({ k, suppressionLimit: 0.05 }, []);
    const g = search(adult, p);
    const l = mondrian(adult, p);
    results.adult.push({
      k,
      global: { loss: g.loss, classes: g.classCount, suppressed: g.suppressedCount, optimal: g.optimal },
      local: { loss: l.loss, classes: l.sizes.length, suppressed: l.suppressedCount, ms: Math.round(l.ms) },
    });
    console.log(
      `k=${String(k).padEnd(3)} | ${g.loss.toFixed(4)} ${String(g.classCount).padStart(5)} ${String(g.suppressedCount).padStart(5)} ${g.optimal ? 'yes' : 'no '} | ${l.loss.toFixed(4)} ${String(l.sizes.length).padStart(5)} ${String(l.suppressedCount).padStart(5)} ${String(Math.round(l.ms)).padStart(5)}`,
    );
  }
  rmSync(out, { force: true });
  writeFileSync(join(data, 'mondrian-results.json'), JSON.stringify(results, null, 2));
}
