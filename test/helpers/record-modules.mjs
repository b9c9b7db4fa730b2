// `node --import ./test/helpers/record-modules.mjs …` with KANON_MODULE_LOG=FILE: every module
// the process loads (ES modules through a load hook, CommonJS ones from require.cache at exit)
// is appended to FILE, one URL or path a line. Used to check what start-up loads (issue 18).
import { register, createRequire } from 'node:module';
import { appendFileSync } from 'node:fs';

const file = process.env.KANON_MODULE_LOG;
if (file) {
  register('./record-modules-hooks.mjs', import.meta.url, { data: { file } });
  process.on('exit', () => {
    appendFileSync(file, Object.keys(createRequire(import.meta.url).cache).map((p) => `${p}\n`).join(''));
  });
}
