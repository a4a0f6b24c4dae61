/*
 * The compiled CLI (scripts/build-server.mjs bundles it into packages/cli/dist at `npm install`) and
 * whether it is fresh. dist/.build-stamp records a SHA-256 of every source the bundle was built from,
 * and the size and mtime of each of those files and of their folders. At every start the bin stats
 * them (a few ms): all unchanged, the bundle runs. Anything different (an edit, a new file, a checkout
 * that touched files) and the sources are hashed again (~40 ms): the same hash still runs the bundle,
 * another one runs the TypeScript sources through tsx, so what runs is always what the sources say.
 * A folder's mtime changes when a file is added to it or removed: new files need no directory walk.
 * Plain JavaScript with no dependency: it runs before anything could compile TypeScript.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const DIST = fileURLToPath(new URL('../dist/', import.meta.url));
/** The bundle's entry, and its stamp, in a build folder. */
export const entryOf = (dist = DIST) => join(dist, 'main.js');
export const stampOf = (dist = DIST) => join(dist, '.build-stamp');

/** Workspace groups whose members' `src/` and package.json the bundle is built from. */
const WORKSPACE_GROUPS = ['packages', 'connectors', 'emulators'];
/** The web UI has a build of its own (packages/web/scripts/build.mjs). */
const SKIPPED_WORKSPACES = new Set(['packages/web']);
/** Files of the root that change what is bundled, or how. */
const ROOT_FILES = ['package.json', 'package-lock.json', 'tsconfig.json', 'scripts/build-server.mjs', 'packages/cli/bin/compiled.mjs'];

const isTest = (name) => /\.test\.[cm]?[jt]sx?$/.test(name);
const nodeMajor = () => process.versions.node.split('.')[0];

function walk(dir, files, dirs) {
  dirs.push(dir);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, files, dirs);
    else if (!isTest(entry.name)) files.push(path);
  }
}

/**
 * Every input of the bundle (root files, each workspace's package.json and src/), sorted, and what
 * else to watch: the folders holding them, and a workspace's package.json or src/ that is absent.
 */
export function sourceInputs(root = ROOT) {
  const files = ROOT_FILES.map((file) => join(root, file)).filter((file) => existsSync(file));
  const dirs = [];
  const absent = [];
  for (const group of WORKSPACE_GROUPS) {
    const groupDir = join(root, group);
    if (!existsSync(groupDir)) continue;
    dirs.push(groupDir);
    for (const entry of readdirSync(groupDir, { withFileTypes: true })) {
      if (!entry.isDirectory() || SKIPPED_WORKSPACES.has(`${group}/${entry.name}`)) continue;
      const manifest = join(groupDir, entry.name, 'package.json');
      const src = join(groupDir, entry.name, 'src');
      if (existsSync(manifest)) files.push(manifest);
      else absent.push(manifest);
      if (existsSync(src)) walk(src, files, dirs);
      else absent.push(src);
    }
  }
  return { files: files.sort(), watched: [...dirs, ...absent].sort() };
}

const statOf = (path) => {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (stat === undefined) return 'absent';
  return stat.isDirectory() ? `dir ${stat.mtimeMs}` : `${stat.size} ${stat.mtimeMs}`;
};

/**
 * The stamp of the sources as they are now: `hash` over the Node major (the bundle targets it) and
 * every input's name and content; `stats` each input's size and mtime, taken before its content is
 * read (so an edit in between shows as a changed stat and is hashed again, never missed).
 */
export function sourceStamp(root = ROOT) {
  const { files, watched } = sourceInputs(root);
  const stats = {};
  for (const path of [...watched, ...files]) stats[relative(root, path)] = statOf(path);
  const hash = createHash('sha256').update(`node ${nodeMajor()}\0`);
  for (const file of files) hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  return { node: nodeMajor(), hash: hash.digest('hex'), stats };
}

/** The stamp the build in `dist` was made from, or undefined when there is no (readable) build. */
export function builtStamp(dist = DIST) {
  try {
    const stamp = JSON.parse(readFileSync(stampOf(dist), 'utf8'));
    return typeof stamp?.hash === 'string' && typeof stamp.stats === 'object' && stamp.stats !== null ? stamp : undefined;
  } catch {
    return undefined;
  }
}

/** True when every recorded file and folder has the size and mtime it had at the build. */
function statsUnchanged(stamp, root) {
  if (stamp.node !== nodeMajor()) return false;
  return Object.entries(stamp.stats).every(([path, recorded]) => statOf(join(root, path)) === recorded);
}

/** True when the build in `dist` was made from the sources under `root` as they are now. */
export function isBuildFresh(root = ROOT, dist = DIST) {
  const stamp = builtStamp(dist);
  if (stamp === undefined || !existsSync(entryOf(dist))) return false;
  return statsUnchanged(stamp, root) || sourceStamp(root).hash === stamp.hash;
}

/**
 * The compiled entry's URL when the build matches the sources, else undefined (no build, a stale one,
 * or PATCHBAY_FROM_SOURCE=1, which asks for the sources through tsx).
 */
export function freshCompiledEntry(env = process.env) {
  if (env.PATCHBAY_FROM_SOURCE === '1' || env.PATCHBAY_FROM_SOURCE === 'true') return undefined;
  return isBuildFresh() ? pathToFileURL(entryOf()).href : undefined;
}
