// Build step (npm run build): writes schema/policy.schema.json from the compiled schema module,
// and dist/policy/policy-validator.cjs, the same ajv validator compiled ahead of time (ajv
// standalone), so a run does not spend ~0.2 s compiling the schema at start-up.
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { policySchema } = await import(join(root, 'dist/policy/schema.js'));
const { AJV_OPTIONS } = await import(join(root, 'dist/policy/load.js'));
const { Ajv } = await import('ajv');
const standaloneCode = (await import('ajv/dist/standalone/index.js')).default.default;
mkdirSync(join(root, 'schema'), { recursive: true });
const schema = policySchema();
writeFileSync(join(root, 'schema/policy.schema.json'), JSON.stringify(schema, null, 2) + '\n');
const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true } });
writeFileSync(join(root, 'dist/policy/policy-validator.cjs'), standaloneCode(ajv, ajv.compile(schema)));
// The plan file's schema (kanon plan, issue 15), for editors and CI checks of committed plans.
const { planSchema } = await import(join(root, 'dist/planfile/schema.js'));
writeFileSync(join(root, 'schema/plan.schema.json'), JSON.stringify(planSchema(), null, 2) + '\n');
