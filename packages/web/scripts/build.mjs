#!/usr/bin/env node
/*
 * Builds the web UI into dist/ with Vite. Run by `npm install` (the root `prepare` script) with
 * --if-stale, so an install that changed nothing here costs a hash of the sources, not a build.
 * The stamp is a SHA-256 of every input file (the app, index.html, the Vite config, the API client it
 * bundles, and the installed versions of its dependencies), written into dist/ after a build.
 * Plain JavaScript: `prepare` runs before anything else could compile TypeScript.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const WEB = fileURLToPath(new URL('..', import.meta.url));
const ROOT = join(WEB, '..', '..');
const DIST = join(WEB, 'dist');
const STAMP = join(DIST, '.build-stamp');
const INPUTS = [join(WEB, 'app'), join(WEB, 'index.html'), join(WEB, 'vite.config.ts'), join(WEB, 'package.json'), join(ROOT, 'packages', 'client', 'src'), join(ROOT, 'package-lock.json')];

function filesOf(path) {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).filter((name) => !name.endsWith('.test.ts')).flatMap((name) => filesOf(join(path, name)));
}

export function sourceStamp() {
  const hash = createHash('sha256');
  for (const file of INPUTS.flatMap(filesOf).sort()) {
    hash.update(relative(ROOT, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

const ifStale = process.argv.includes('--if-stale');
const stamp = sourceStamp();
if (ifStale && existsSync(STAMP) && readFileSync(STAMP, 'utf8').trim() === stamp) {
  console.log('web UI: up to date (packages/web/dist)');
  process.exit(0);
}
const started = Date.now();
// A production build whoever runs it: under a test runner NODE_ENV is `test`, which would make Vite
// bundle React's development build.
process.env.NODE_ENV = 'production';
const { build } = await import('vite');
await build({ configFile: join(WEB, 'vite.config.ts'), mode: 'production', logLevel: 'warn' });
writeFileSync(STAMP, `${stamp}\n`);
console.log(`web UI: built into packages/web/dist in ${((Date.now() - started) / 1000).toFixed(1)} s`);
