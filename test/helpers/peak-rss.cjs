// Preloaded into a spawned kanon (NODE_OPTIONS=--require …) by tests that check its memory:
// at exit, writes the whole process's peak resident memory (workers included), in bytes, to
// the file named by KANON_TEST_PEAK_FILE.
const { writeFileSync } = require('node:fs');
const file = process.env.KANON_TEST_PEAK_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS * 1024)));
