import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { gunzipSync } from 'node:zlib';
import { openOutput, outputFormatFor, sweepStaleTemps } from '../../src/io/output.js';
import { createWriter } from '../../src/io/write.js';
import { tempDir } from '../helpers/cli.js';
import { rejection } from '../helpers/read.js';
import { mountTmpfs, skipped } from './tmpfs.js';

test('outputFormatFor: format, delimiter and gzip from the name', () => {
  assert.equal(outputFormatFor('a/out.CSV'), { format: 'csv', gzip: false });
  assert.equal(outputFormatFor('out.tsv'), { format: 'csv', delimiter: '\t', gzip: false });
  assert.equal(outputFormatFor('out.tsv.gz'), { format: 'csv', delimiter: '\t', gzip: true });
  assert.equal(outputFormatFor('out.jsonl'), { format: 'ndjson', gzip: false });
  assert.equal(outputFormatFor('out.ndjson.GZ'), { format: 'ndjson', gzip: true });
  assert.equal(outputFormatFor('out.json'), { format: 'json', gzip: false });
  assert.equal(outputFormatFor('out.gz'), { gzip: true });
  assert.equal(outputFormatFor('out'), { gzip: false });
  assert.equal(outputFormatFor('-'), { gzip: false });
  assert.equal(outputFormatFor(undefined), { gzip: false });
});

test('a .gz output is gzip, renamed into place on commit', async () => {
  const dir = tempDir();
  const out = openOutput(join(dir, 'o.csv.gz'));
  const w = createWriter(out.stream, { format: 'csv', header: ['a', 'b'], delimiter: ',', escapeFormulas: true });
  await w.write([
    ['1', 'x,y'],
    ['2', '=1+1'],
  ]);
  await w.end();
  await out.commit();
  assert.is(gunzipSync(readFileSync(join(dir, 'o.csv.gz'))).toString(), 'a,b\n1,"x,y"\n2,\'=1+1\n');
  assert.equal(readdirSync(dir), ['o.csv.gz']);
});

test('a plain file output settles: once a write is called back its bytes are in the file, and its memory may be refilled', async () => {
  const dir = tempDir();
  const path = join(dir, 'o.csv');
  const out = openOutput(path);
  assert.ok(out.settles);
  const gz = openOutput(join(dir, 'o.csv.gz'));
  assert.not.ok(gz.settles, 'gzip holds bytes queued after its callback');
  gz.abort();
  const w = createWriter(out.stream, { format: 'csv', header: ['a'], delimiter: ',', escapeFormulas: true });
  const parts = [Buffer.from('1\n2\n'), Buffer.alloc(3 << 20, 0x61), Buffer.from('\n3\n')];
  const expected = Buffer.concat([Buffer.from('a\n'), ...parts]);
  let called = 0;
  const tmp = (): string => join(dir, readdirSync(dir).find((f) => f.endsWith('.tmp') && f.startsWith('.o.csv.kanon-'))!);
  let at = 2; // after the header
  for (const b of parts) {
    const copy = Buffer.from(b);
    const from = at;
    at += b.length;
    await w.writeBytes!(b, () => {
      called++;
      const onDisk = readFileSync(tmp());
      assert.ok(onDisk.subarray(from, from + copy.length).equals(copy), 'the bytes are in the file');
      b.fill(0x7a); // reused memory: the file keeps what was written
    });
  }
  await w.end();
  await out.commit();
  assert.is(called, 3);
  assert.ok(readFileSync(path).equals(expected));
  assert.equal(readdirSync(dir), ['o.csv']);
});

test('a full disk under the output folder is OUTPUT_WRITE naming the file, and nothing is left', async () => {
  for (const name of ['out.csv', 'out.csv.gz']) {
    const fs = mountTmpfs('64k');
    if (!fs) return skipped('disk full under the output folder');
    try {
      const path = join(fs.dir, name);
      const out = openOutput(path);
      const w = createWriter(out.stream, { format: 'csv', header: ['a'], delimiter: ',', escapeFormulas: true });
      // Random-ish cells so gzip cannot shrink them below the 64 KiB.
      const rows = Array.from({ length: 20000 }, (_, i) => [`${(i * 2654435761) % 1000003}-${(i * 40503) % 65521}`]);
      const e = await rejection(async () => {
        for (let k = 0; k < 10; k++) await w.write(rows);
        await w.end();
        await out.commit();
      });
      assert.is(e.code, 'OUTPUT_WRITE', `${name}: ${e.code} ${e.message}`);
      assert.is(e.where.file, path);
      out.abort();
      assert.equal(readdirSync(fs.dir), [], name);
    } finally {
      fs.unmount();
    }
  }
});

function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(r.stdout.toString());
}

test('opening an output sweeps kanon temp files of dead processes in its folder, and only those', async () => {
  const dir = tempDir();
  const live = spawn('sleep', ['30']);
  try {
    const dead = deadPid();
    const names = {
      dead: `.out.csv.kanon-${dead}-0123abcd.tmp`,
      deadOther: `.report.json.kanon-${dead}-89abcdef.tmp`,
      live: `.out.csv.kanon-${live.pid}-0123abcd.tmp`,
      notOurs: `.out.csv.kanon-${dead}-xyz.tmp`,
      plain: 'data.csv',
    };
    for (const n of Object.values(names)) writeFileSync(join(dir, n), 'x');
    mkdirSync(join(dir, `.d.kanon-${dead}-00000000.tmp`));
    const out = openOutput(join(dir, 'out.csv'));
    out.abort();
    const left = readdirSync(dir).sort();
    assert.not.ok(left.includes(names.dead));
    assert.not.ok(left.includes(names.deadOther));
    for (const n of [names.live, names.notOurs, names.plain, `.d.kanon-${dead}-00000000.tmp`]) assert.ok(left.includes(n), n);
    assert.equal(sweepStaleTemps(dir), []);
    assert.ok(existsSync(join(dir, names.live)));
  } finally {
    live.kill();
  }
});

test.run();
