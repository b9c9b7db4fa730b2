// -o NAME.parquet (issue 16): kanon's writer writes its output (every keyed operator already
// applied in kanon's code) as CSV to a private temp file (mode 0600 in a mkdtemp folder); at
// commit DuckDB converts it — every column VARCHAR, "" kept as "" — to a temp file next to the
// target, which is then renamed into place. A failure or a signal leaves no partial output:
// both temp files are removed (the 'exit' hook covers SIGINT/SIGTERM, which the CLI turns into
// process.exit).
import { chmodSync, createWriteStream, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KanonError } from '../errors.js';
import type { Output } from './output.js';

export function parquetOutput(path: string, tmp: string, target: string): Output {
  const dir = mkdtempSync(join(tmpdir(), 'kanon-parquet-'));
  const csv = join(dir, 'output.csv');
  const cleanup = (): void => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(tmp, { force: true });
  };
  process.on('exit', cleanup);
  const file = createWriteStream(csv, { mode: 0o600, flags: 'wx' });
  let failure: KanonError | undefined;
  const fail = (): void => {
    failure ??= new KanonError('OUTPUT_WRITE', 'cannot write the output file (is the disk full?); nothing was kept', { file: path });
    file.destroy();
  };
  file.on('error', fail);
  let done = false;
  const finish = (): void => {
    done = true;
    cleanup();
    process.off('exit', cleanup);
  };
  return {
    stream: file,
    async commit() {
      try {
        if (failure) throw failure;
        await new Promise<void>((res, rej) => {
          file.once('close', () => (failure ? rej(failure) : res()));
          file.once('error', () => rej(failure));
          file.end();
        });
        const { duck, sqlString } = await import('../engine/duckdb.js');
        const db = await duck();
        const fail = { code: 'OUTPUT_WRITE' as const, message: 'cannot write the Parquet output (is the disk full?); nothing was kept', where: { file: path } };
        // Only the dialect kanon's writer used is fixed; the sniffer reads the header's names.
        // buffer_size: DuckDB's default is 16 × max_line_size (1 GiB buffers), past its limit.
        const src =
          `read_csv(${sqlString(csv)}, header = true, all_varchar = true, delim = ',', quote = '"', escape = '"', ` +
          `strict_mode = true, null_padding = false, max_line_size = ${64 * 2 ** 20}, buffer_size = ${64 * 2 ** 20})`;
        await db.exec(`COPY (SELECT COALESCE(COLUMNS(*), '') FROM ${src}) TO ${sqlString(tmp)} (FORMAT parquet)`, [], fail);
        chmodSync(tmp, 0o666 & ~process.umask());
        renameSync(tmp, target);
      } catch (e) {
        finish();
        throw e instanceof KanonError ? e : new KanonError('OUTPUT_WRITE', 'cannot move the finished output into place', { file: path });
      }
      finish();
    },
    abort() {
      if (done) return;
      file.destroy();
      finish();
    },
  };
}
