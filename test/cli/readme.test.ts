// Every shell command shown in README.md runs as written. Commands come from ```sh blocks;
// `npm install && X` runs X (the install is what this suite runs under), `npm test`/`npm run`
// lines are skipped (they would recurse), and `npx kanon` resolves to bin/kanon.js through a
// shim `npx` on PATH (a bare `kanon` is refused: it is not on PATH in a clone). A trailing `# exit N` comment gives the expected exit code (default 0).
// Commands run in a temporary folder where fixtures/ and schema/ point at the repository's.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, symlinkSync, writeFileSync, chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { BIN, ROOT, tempDir } from '../helpers/cli.js';

export function readmeCommands(markdown: string): { cmd: string; exit: number }[] {
  const out: { cmd: string; exit: number }[] = [];
  for (const block of markdown.matchAll(/```sh\n([\s\S]*?)```/g)) {
    for (let line of block[1]!.split('\n')) {
      line = line.trim();
      if (!line || line.startsWith('#')) continue;
      const exit = Number(/#\s*exit\s+(\d+)\s*$/.exec(line)?.[1] ?? 0);
      line = line.replace(/\s+#.*$/, '');
      line = line.replace(/^npm install && /, '');
      if (/^npm (test|run|ci|install)\b/.test(line)) continue;
      out.push({ cmd: line, exit });
    }
  }
  return out;
}

const commands = readmeCommands(readFileSync(join(ROOT, 'README.md'), 'utf8'));

test('the README shows commands (the parser found them)', () => {
  assert.ok(commands.length >= 5, `only ${commands.length} commands found`);
});

test('every README command runs from a clone as pasted: kanon is called as npx kanon (it is not on PATH there)', () => {
  const bare = commands.filter(({ cmd }) => /(^|[|;&(]\s*)kanon\b/.test(cmd.replace(/\bnpx kanon\b/g, '')));
  assert.equal(
    bare.map((c) => c.cmd),
    [],
  );
});

const work = tempDir();
const shim = join(work, '.bin');
mkdirSync(shim);
// `npx kanon` in a clone runs the package's own bin; here a shim `npx` does that (and only that).
writeFileSync(
  join(shim, 'npx'),
  `#!/bin/sh\n[ "$1" = kanon ] || { echo "npx $1: not in this test" >&2; exit 127; }\nshift\nexec "${process.execPath}" "${BIN}" "$@"\n`,
);
chmodSync(join(shim, 'npx'), 0o755);
symlinkSync(join(ROOT, 'fixtures'), join(work, 'fixtures'));
symlinkSync(join(ROOT, 'schema'), join(work, 'schema'));

for (const { cmd, exit } of commands) {
  test(`README: ${cmd}`, () => {
    const r = spawnSync('bash', ['-o', 'pipefail', '-c', cmd], {
      cwd: work,
      env: {
        ...process.env,
        PATH: `${shim}:${process.env.PATH}`,
        NO_COLOR: '1',
        KANON_KEY: 'a3f1c2d4e5b60718293a4b5c6d7e8f90112233445566778899aabbccddeeff00',
      },
      maxBuffer: 64 * 1024 * 1024,
    });
    assert.is(r.status, exit, `${cmd}\n${r.stderr.toString()}`);
  });
}

test.run();
