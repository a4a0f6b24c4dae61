#!/usr/bin/env node
/*
 * Bundles the `patchbay` command (CLI, server, engine, connectors, emulators and the third-party
 * packages they import) into packages/cli/dist with esbuild, so that a start loads a few JavaScript
 * files instead of transpiling ~470 TypeScript files through tsx and resolving ~1,000 modules of
 * node_modules one by one. Run by `npm install` (the root `prepare` script) with --if-stale; the bin
 * (packages/cli/bin/patchbay.mjs) runs the bundle only while its stamp matches the sources.
 * Tests never use it: vitest runs the sources.
 *
 * Three things a plain bundle would get wrong, handled by the plugins below:
 * - `import.meta.url` in a workspace file names the bundle, not the file: files next to it
 *   (expression-process.mjs, checkpoint-thread.mjs, the web UI's dist/, connectors/) would not be
 *   found. Each workspace file gets its own source URL instead.
 * - The connector registry imports `connectors/<folder>/src/index.ts` by a path computed at run
 *   time, which Node cannot load without tsx. In the bundle, a connector found at build time is
 *   imported from its bundled chunk; any other folder keeps the original import.
 * - CommonJS dependencies call `require` and read `__dirname`: each output file defines them.
 * Plain JavaScript: `prepare` runs before anything could compile TypeScript.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { DIST, ROOT, builtStamp, entryOf, sourceStamp, stampOf } from '../packages/cli/bin/compiled.mjs';

/** A previous build's chunk is removed once this old (a CLI that started on that build has loaded its chunks by then). */
const OLD_CHUNK_MS = 10 * 60 * 1000;
const REGISTRY = join(ROOT, 'packages', 'server', 'src', 'registry.ts');
const CONNECTORS = join(ROOT, 'connectors');
/** The registry's import of one connector, as written in registry.ts. */
const REGISTRY_IMPORT = /import\(\s*pathToFileURL\(\s*join\(\s*dir,\s*folder,\s*'src',\s*'index\.ts'\s*\)\s*\)\.href\s*\)/;

const BANNER = [
  "import { createRequire as __patchbayCreateRequire } from 'node:module';",
  "import { fileURLToPath as __patchbayFileURLToPath } from 'node:url';",
  "import { dirname as __patchbayDirname } from 'node:path';",
  'const require = __patchbayCreateRequire(import.meta.url);',
  'const __filename = __patchbayFileURLToPath(import.meta.url);',
  'const __dirname = __patchbayDirname(__filename);',
].join('\n');

const isWorkspaceSource = (path) => path.startsWith(ROOT) && !path.includes(`${sep}node_modules${sep}`);
const loaderOf = (path) => (path.endsWith('.ts') ? 'ts' : path.endsWith('.tsx') ? 'tsx' : 'js');
/** Every output file is written at the root of `outdir`, so one relative path leads back to a source. */
const sourceUrlExpression = (outdir, path) => `new URL(${JSON.stringify(relative(outdir, path).split(sep).join('/'))}, import.meta.url).href`;

function connectorFolders() {
  return readdirSync(CONNECTORS, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(CONNECTORS, entry.name, 'src', 'index.ts')))
    .map((entry) => entry.name)
    .sort();
}

/** The registry with its computed import replaced by one that prefers the connectors bundled here. */
function bundledRegistry(source) {
  if (!REGISTRY_IMPORT.test(source)) {
    throw new Error(`${relative(ROOT, REGISTRY)} no longer imports connectors as scripts/build-server.mjs expects: update REGISTRY_IMPORT there.`);
  }
  const table = connectorFolders()
    .map((folder) => `  ${JSON.stringify(folder)}: () => import(${JSON.stringify(join(CONNECTORS, folder, 'src', 'index.ts'))}),`)
    .join('\n');
  return `${source.replace(REGISTRY_IMPORT, '__patchbayImportConnector(dir, folder)')}
const __patchbayBundledConnectors: Record<string, () => Promise<unknown>> = {
${table}
};
function __patchbayImportConnector(dir: string, folder: string): Promise<unknown> {
  const bundled = dir === CONNECTORS_DIR ? __patchbayBundledConnectors[folder] : undefined;
  return bundled ? bundled() : import(pathToFileURL(join(dir, folder, 'src', 'index.ts')).href);
}
`;
}

/**
 * CommonJS packages that a dependency requires at load time but calls only on a path Patchbay rarely
 * or never takes: bundled as a stub that requires the real package from node_modules at first use.
 * yaml (@fastify/swagger's YAML output; the document is served as JSON) and cron-parser with its
 * luxon (pg-boss's cron schedules; Patchbay schedules its own triggers) are ~0.5 MB of the ~2.5 MB a
 * start would otherwise parse. Safe because both are only used as `pkg.method(...)` after loading.
 */
const LAZY_PACKAGES = { yaml: '@fastify/swagger', 'cron-parser': 'pg-boss' };

/** Native or optional modules, and the lazy ones: loaded from node_modules at run time, never bundled. */
const EXTERNAL = ['better-sqlite3', 'pg-native', ...Object.keys(LAZY_PACKAGES)];

const lazyPackages = {
  name: 'lazy-packages',
  setup(build) {
    const filter = new RegExp(`^(${Object.keys(LAZY_PACKAGES).join('|')})$`);
    build.onResolve({ filter }, (args) => {
      const importer = LAZY_PACKAGES[args.path];
      if (!args.importer.includes(`${sep}node_modules${sep}${importer.split('/').join(sep)}${sep}`)) return undefined;
      return { path: args.path, namespace: 'lazy-package' };
    });
    build.onLoad({ filter: /.*/, namespace: 'lazy-package' }, (args) => ({
      contents: `let loaded;
const load = () => (loaded ??= require(${JSON.stringify(args.path)}));
module.exports = new Proxy({}, { get: (_, key) => load()[key], has: (_, key) => key in load() });`,
      loader: 'js',
      resolveDir: ROOT,
    }));
  },
};

const workspaceSources = (outdir) => ({
  name: 'workspace-sources',
  setup(build) {
    build.onLoad({ filter: /\.(ts|tsx|mts|mjs|js)$/ }, (args) => {
      if (!isWorkspaceSource(args.path)) return undefined;
      let contents = readFileSync(args.path, 'utf8');
      if (args.path === REGISTRY) contents = bundledRegistry(contents);
      if (contents.includes('import.meta.url')) contents = contents.replaceAll('import.meta.url', sourceUrlExpression(outdir, args.path));
      return { contents, loader: loaderOf(args.path) };
    });
  },
});

/** Writes the new files, then the entry, then the stamp; removes what the previous build left. */
function writeOutput(outdir, files) {
  mkdirSync(outdir, { recursive: true });
  const entryPath = entryOf(outdir);
  const entry = files.find((file) => file.path === entryPath);
  if (!entry) throw new Error(`esbuild produced no ${relative(ROOT, entryPath)}`);
  rmSync(stampOf(outdir), { force: true });
  for (const file of files) {
    if (file === entry) continue;
    mkdirSync(dirname(file.path), { recursive: true });
    writeFileSync(file.path, file.contents);
  }
  // The entry last and by rename: a CLI started meanwhile runs either build whole.
  writeFileSync(`${entryPath}.tmp`, entry.contents);
  renameSync(`${entryPath}.tmp`, entryPath);
  // The previous build's chunks go once they are old enough that no process still starting can need them.
  const kept = new Set(files.map((file) => file.path));
  for (const name of readdirSync(outdir)) {
    const path = join(outdir, name);
    if (!kept.has(path) && path !== stampOf(outdir) && Date.now() - statSync(path).mtimeMs > OLD_CHUNK_MS) rmSync(path, { recursive: true, force: true });
  }
}

/** Bundles the CLI into `outdir` (default packages/cli/dist) and stamps it. */
export async function buildServer(outdir = DIST) {
  // Taken before esbuild reads the sources: a file edited during the build makes the stamp stale, never wrong.
  const stamp = sourceStamp();
  const { build } = await import('esbuild');
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: { main: join(ROOT, 'packages', 'cli', 'src', 'main.ts') },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    // Class and function names are read at run time (error names, logs): keep them through renaming.
    keepNames: true,
    minifyWhitespace: true,
    minifySyntax: true,
    sourcemap: 'linked',
    external: EXTERNAL,
    banner: { js: BANNER },
    chunkNames: 'chunk-[hash]',
    plugins: [workspaceSources(outdir), lazyPackages],
    write: false,
    logLevel: 'warning',
    metafile: true,
  });
  writeOutput(outdir, result.outputFiles);
  writeFileSync(stampOf(outdir), `${JSON.stringify(stamp)}\n`);
  return result;
}

/**
 * True when the build matches the sources. A build whose sources hash the same but whose files were
 * touched (a checkout, a copy) gets their new sizes and mtimes, so that starts check them quickly again.
 */
function upToDate(outdir) {
  const built = builtStamp(outdir);
  if (built === undefined || !existsSync(entryOf(outdir))) return false;
  const now = sourceStamp();
  if (now.hash !== built.hash) return false;
  if (JSON.stringify(now.stats) !== JSON.stringify(built.stats)) writeFileSync(stampOf(outdir), `${JSON.stringify(now)}\n`);
  return true;
}

const isMain = process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].split(sep).join('/'));
if (isMain) {
  const { values } = parseArgs({ options: { 'if-stale': { type: 'boolean' }, outdir: { type: 'string' } } });
  const outdir = values.outdir === undefined ? DIST : resolve(values.outdir);
  const shown = relative(ROOT, outdir);
  if (values['if-stale'] && upToDate(outdir)) {
    console.log(`server: up to date (${shown})`);
  } else {
    const started = Date.now();
    await buildServer(outdir);
    console.log(`server: built into ${shown} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}
