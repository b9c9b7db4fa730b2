// Every error, commander's own included, has the documented form `kanon: error CODE: …` and its
// exit code; a closed stderr does not turn a complete run into a failure.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, fixture, kanon, tempDir } from '../helpers/cli.js';
import { rewrap } from '../../src/cli/program.js';

const FORM = /^kanon: error USAGE: \S/m;

for (const [name, args] of [
  ['a missing required option', ['run', 'x.csv']],
  ['an unknown option', ['run', '--bogus', '-p', 'p.json']],
  ['an unknown command', ['frob']],
  ['a missing argument', ['completion']],
  ['an invalid choice', ['validate', '-p', 'p.json', '-f', 'xml']],
  ["a bad number (kanon's own parser)", ['scan', '--rows', 'abc', 'x.csv']],
  ['an unknown shell', ['completion', 'tcsh']],
] as const) {
  test(`${name} is "kanon: error USAGE: …", exit 2, nothing on stdout`, () => {
    const r = kanon([...args]);
    assert.is(r.code, 2);
    assert.match(r.stderr, FORM);
    assert.not.match(r.stderr, /^error:/m);
    assert.is(r.stdout, '');
  });
}

test('completion bash sources without error in bash and completes commands, options and choices', () => {
  const dir = tempDir();
  const script = join(dir, 'kanon.bash');
  const r = kanon(['completion', 'bash']);
  assert.is(r.code, 0);
  writeFileSync(script, r.stdout);
  const probe = `set -e; source "${script}"; complete -p kanon;
    COMP_WORDS=(kanon ""); COMP_CWORD=1; _kanon; echo "cmds:\${COMPREPLY[*]}";
    COMP_WORDS=(kanon run --pol); COMP_CWORD=2; _kanon; echo "opts:\${COMPREPLY[*]}";
    COMP_WORDS=(kanon run -t ""); COMP_CWORD=3; _kanon; echo "choices:\${COMPREPLY[*]}"`;
  const b = spawnSync('bash', ['-c', probe]);
  assert.is(b.status, 0, b.stderr.toString());
  assert.is(b.stderr.toString(), '');
  const out = b.stdout.toString();
  assert.match(out, /complete -o default -F _kanon kanon/);
  for (const c of ['run', 'validate', 'reveal', 'audit', 'scan', 'completion']) assert.match(out, new RegExp(`^cmds:.*\\b${c}\\b`, 'm'));
  assert.match(out, /^opts:--policy$/m);
  assert.match(out, /^choices:csv ndjson json$/m);
});

test('completion zsh and fish print scripts for their shells', () => {
  assert.match(kanon(['completion', 'zsh']).stdout, /^#compdef kanon\nautoload -U \+X bashcompinit && bashcompinit/);
  const fish = kanon(['completion', 'fish']).stdout;
  assert.match(fish, /^complete -c kanon -n '__fish_use_subcommand' -a run -d /m);
  assert.match(fish, /^complete -c kanon -n '__fish_seen_subcommand_from run' -l policy -s p -r -F/m);
});

test('a closed stderr does not fail a run whose output was written (exit 0, complete file)', () => {
  const dir = tempDir();
  const out = join(dir, 'out.csv');
  // stderr goes to a pipe whose reader has already exited: every write to it fails (EPIPE).
  const cmd = `"${process.execPath}" "${BIN}" run "${fixture('people.csv')}" -p "${fixture('people.policy.json')}" -o "${out}" 2>&1 >/dev/null | true; echo "rc=\${PIPESTATUS[0]}"`;
  const r = spawnSync('bash', ['-c', cmd], { env: { ...process.env, NO_COLOR: '1' } });
  assert.match(r.stdout.toString(), /^rc=0$/m);
  assert.ok(existsSync(out));
  const ref = kanon(['run', fixture('people.csv'), '-p', fixture('people.policy.json')]);
  assert.is(readFileSync(out, 'utf8'), ref.stdout);
});

test('help prose is wrapped between words at the width, examples stay as written', () => {
  const text =
    'With quasi-identifiers the input is read twice (plan pass, export pass);\nstandard input is then copied.\n\nExamples:\n  kanon run data.csv --policy policy.json -o out.csv --report risk.html --summary\n';
  const out = rewrap(text, 30).split('\n');
  assert.ok(
    out.filter((l) => !l.startsWith('  ')).every((l) => l.length <= 30),
    out.join('\n'),
  );
  assert.equal(out.slice(0, 3), ['With quasi-identifiers the', 'input is read twice (plan', 'pass, export pass); standard']);
  assert.ok(out.includes('  kanon run data.csv --policy policy.json -o out.csv --report risk.html --summary'));
  // The real help (not a terminal: 80 columns) has no prose line past 80 and no sentence cut by a hard newline.
  const help = kanon(['run', '--help']).stdout.split('\n');
  assert.ok(
    help.every((l) => l.startsWith('  ') || l.length <= 80),
    help.filter((l) => l.length > 80).join('\n'),
  );
  assert.not.ok(help.some((l) => /^a temporary$/.test(l.trim())));
});

test.run();
