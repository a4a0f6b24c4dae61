#!/usr/bin/env node
// `npm install` bundles the CLI into packages/cli/dist (scripts/build-server.mjs): that bundle runs
// while it matches the sources (compiled.mjs), starting in a fraction of the time and memory tsx
// needs to transpile them. Otherwise (no build yet, an edited file, PATCHBAY_FROM_SOURCE=1) the
// TypeScript sources run through tsx, so `npx patchbay` works on a fresh clone without a build.
// The imports are dynamic so that tsx's loader is registered before the sources load.
import module from 'node:module';
import { freshCompiledEntry } from './compiled.mjs';

// Node 22.1+ keeps V8's compiled code on disk between starts (parsing the bundle is a good part of
// what a start costs); Node 20 has no such cache, and this is then a no-op.
module.enableCompileCache?.();
const compiled = freshCompiledEntry();
if (!compiled && process.env.PATCHBAY_COMPILED_ONLY === '1') {
  // For benchmarks and the build's own test: measure the bundle or nothing.
  process.stderr.write('patchbay: PATCHBAY_COMPILED_ONLY=1 but packages/cli/dist is missing or older than the sources (node scripts/build-server.mjs builds it).\n');
  process.exit(2);
}
if (compiled) {
  await import(compiled);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/main.ts');
}
