// DuckDB as a peer in bench/peers.mjs (only when @duckdb/node-api is installed):
//   node bench/duck-peer.mjs IN.csv OUT.csv "COPY (…) TO '$OUT' (…)"
import { DuckDBInstance } from '@duckdb/node-api';

const [, out, sql] = process.argv.slice(2);
const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
await con.run(sql.replace('$OUT', out.replace(/'/g, "''")));
