// Writes checkup.schema.json from the zod schema, so editors can validate and autocomplete
// checkup.yml (add `# yaml-language-server: $schema=./checkup.schema.json` at its top).
import { writeFileSync } from 'node:fs';
import { z } from 'zod';
import { ZConfig } from '../src/config/schema.js';

const schema = z.toJSONSchema(ZConfig, { io: 'input', unrepresentable: 'any' });
writeFileSync(new URL('../checkup.schema.json', import.meta.url), `${JSON.stringify({ ...schema, title: 'Checkup configuration' }, null, 2)}\n`);
console.log('wrote checkup.schema.json');
