import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

test('the committed WebAssembly module is what scripts/build-sha256-wasm.mjs writes', () => {
  const committed = readFileSync(`${root}src/crypto/sha256-wasm.generated.ts`, 'utf8');
  const generated = execFileSync(process.execPath, [`${root}scripts/build-sha256-wasm.mjs`, '--stdout'], { encoding: 'utf8' });
  assert.ok(committed === generated, 'src/crypto/sha256-wasm.generated.ts is stale: run node scripts/build-sha256-wasm.mjs');
});

test('the generator is deterministic and its module validates', async () => {
  const { SHA256_WASM } = await import('../../src/crypto/sha256-wasm.generated.js');
  const a = execFileSync(process.execPath, [`${root}scripts/build-sha256-wasm.mjs`, '--stdout'], { encoding: 'utf8' });
  const b = execFileSync(process.execPath, [`${root}scripts/build-sha256-wasm.mjs`, '--stdout'], { encoding: 'utf8' });
  assert.is(a, b);
  const wa = (globalThis as unknown as { WebAssembly: { validate(b: Uint8Array): boolean } }).WebAssembly;
  assert.ok(wa.validate(Buffer.from(SHA256_WASM, 'base64')));
});

test.run();
