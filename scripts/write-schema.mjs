// Writes schema/policy.schema.json from the compiled schema module (run by `npm run build`).
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { policySchema } = await import(join(root, 'dist/policy/schema.js'));
mkdirSync(join(root, 'schema'), { recursive: true });
writeFileSync(join(root, 'schema/policy.schema.json'), JSON.stringify(policySchema(), null, 2) + '\n');
