// The baseline: a bare csv-parse → csv-stringify streaming round trip of a file.
//   node bench/roundtrip.mjs IN.csv OUT.csv
import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import { stringify } from 'csv-stringify';

const [input, output] = process.argv.slice(2);
await pipeline(createReadStream(input, { highWaterMark: 256 * 1024 }), parse(), stringify(), createWriteStream(output));
