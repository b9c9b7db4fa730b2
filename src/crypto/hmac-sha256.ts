// HMAC-SHA256 (RFC 2104, FIPS 180-4) for many short messages under one key and one label,
// with precomputed inner/outer midstates: per value it runs only the compressions of
// label||value and of the outer block (2 for values under ~40 bytes). The compressions run in
// WebAssembly (src/crypto/sha256-wasm.generated.ts, assembled by scripts/build-sha256-wasm.mjs):
// JS writes the value's UTF-8 after the label in the module's memory, and one call pads, hashes
// and finishes the HMAC. Tests check it against node:crypto createHmac.
//
// Measured on the 2-core dev box (Node 20), ns per value:
//   createHmac('sha256', key).update(label).update(v).digest()      ~2,400–2,800  (1M ~35-byte emails)
//   crypto.hash one-shot ×2 (ipad||label||v, then opad||inner)       ~2,700
//   createHash midstates + .copy() per value (inner and outer)       ~4,300
//   JS midstates, Int32Array compress (until this file used WASM)    ~  970–1,100
// and on the 1M emails + 1M SSNs of bench people-1000000.csv, alternated runs:
//   JS midstates, Int32Array compress                                ~  790
//   this file: WASM, unrolled compress (~150 ns a block)             ~  370
// One call per value costs ~5 ns over its compressions (hmac of a one-block message ~305 ns
// vs 2 × 152), so batching values into one call would not pay. Each hmacSha256Words() has an
// instance of its own (the module is compiled once per thread): one shared instance per
// thread, with the midstates and label copied in per call, measured ~60 ns a value slower.
import { createHash } from 'node:crypto';
import { LAYOUT, SHA256_WASM } from './sha256-wasm.generated.js';
import { copyBytes } from '../io/bytes.js';

const { INNER, OUTER, OUT, MSG } = LAYOUT;
const IV = new Int32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);

interface Sha256Exports {
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
  /** One compression of the 64 bytes at `block` into the 8 words at `state`. */
  compress(state: number, block: number): void;
  /** OUT := HMAC of the n bytes at MSG, from the INNER and OUTER midstates. */
  hmac(n: number): void;
}
// Node's types (lib ES2023, @types/node 20) do not declare WebAssembly; this is the part used.
const WA = (globalThis as unknown as { WebAssembly: { Module: new (bytes: Uint8Array) => object; Instance: new (m: object) => { exports: Sha256Exports } } })
  .WebAssembly;

/** The module, compiled synchronously once per thread (module state is per worker). */
let compiled: object | undefined;

/** A keyed digest of label || value: of a string, or of UTF-8 bytes already encoded. */
export interface HmacDigest {
  (value: string): Int32Array;
  /** The digest of label || src[a, b) (the value's UTF-8 bytes, as a string's would be). */
  ofBytes(src: Uint8Array, a: number, b: number): Int32Array;
}

/**
 * HMAC-SHA256(key, label || utf8(value)) as 8 big-endian 32-bit words. The returned array is
 * reused by the next call (read it before calling again). Keys longer than 64 bytes are
 * hashed first, as RFC 2104 requires. Each call of hmacSha256Words has its own instance
 * (64 KiB of memory, grown for long values).
 */
export function hmacSha256Words(key: Uint8Array, label: string): HmacDigest {
  const k = key.length > 64 ? createHash('sha256').update(key).digest() : key;
  compiled ??= new WA.Module(Buffer.from(SHA256_WASM, 'base64'));
  const wasm = new WA.Instance(compiled).exports;
  const memory = wasm.memory;
  let u8 = new Uint8Array(memory.buffer);
  let out = new Int32Array(memory.buffer, OUT, 8);
  const words = new Int32Array(memory.buffer);
  words.set(IV, INNER / 4);
  words.set(IV, OUTER / 4);
  for (let i = 0; i < 64; i++) u8[MSG + i] = 0x36 ^ (k[i] ?? 0);
  wasm.compress(INNER, MSG);
  for (let i = 0; i < 64; i++) u8[MSG + i] = 0x5c ^ (k[i] ?? 0);
  wasm.compress(OUTER, MSG);
  // The label stays at MSG for every value: hmac() only writes after the message.
  const lab = new TextEncoder().encode(label);
  u8.set(lab, MSG);
  const start = MSG + lab.length;
  const enc = new TextEncoder();
  const room = (need: number): void => {
    if (u8.length < need) {
      memory.grow(Math.ceil((need - u8.length) / 65536));
      u8 = new Uint8Array(memory.buffer);
      out = new Int32Array(memory.buffer, OUT, 8);
    }
  };
  const digest = ((value: string) => {
    room(start + value.length * 3 + 72);
    let n = start;
    for (let i = 0; i < value.length; i++) {
      const c = value.charCodeAt(i);
      if (c < 0x80) {
        u8[n++] = c;
        continue;
      }
      // Non-ASCII: let TextEncoder write the whole value (lone surrogates → U+FFFD, as Buffer does).
      n = start + enc.encodeInto(value, u8.subarray(start)).written;
      break;
    }
    wasm.hmac(n - MSG);
    return out;
  }) as HmacDigest;
  digest.ofBytes = (src, a, b) => {
    const len = b - a;
    room(start + len + 72);
    copyBytes(u8, start, src, a, b);
    wasm.hmac(start + len - MSG);
    return out;
  };
  return digest;
}
