import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { GENERATED_FILE, generateClientTypes } from '../src/generate.ts';

// `npm run generate:client`: rewrites the client's types from the document the server serves now.
writeFileSync(GENERATED_FILE, await generateClientTypes());
console.log(`wrote ${relative(process.cwd(), GENERATED_FILE)}`);
