/** `npm run schema`: writes scenarios/schema.json from the scenario format's description. */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderScenarioJsonSchema } from './json-schema.js';

// Compiled to dist/sim/scenario/, three levels below the repository root.
const target = fileURLToPath(new URL('../../../scenarios/schema.json', import.meta.url));
writeFileSync(target, renderScenarioJsonSchema());
process.stdout.write(`wrote ${target}\n`);
