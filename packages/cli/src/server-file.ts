import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * `<dataDir>/server.json`: where the server started from this data directory listens, so that the
 * CLI run from the same folder finds it whatever PORT it took (PORT=0 included) without variables.
 * Mode 0600 like the admin token beside it: the URL is not secret, but nobody else needs to know.
 */
export const SERVER_FILE = 'server.json';

export interface ServerFile {
  url: string;
  pid: number;
  startedAt: string;
}

export const serverFilePath = (dataDir: string) => join(dataDir, SERVER_FILE);

/**
 * Writes the file (to a temporary name, then renamed: a CLI reading meanwhile sees a whole file or
 * none) and returns what removes it on a clean stop. The remover leaves a file another process has
 * written since (a second server on the same data dir) in place.
 */
export async function writeServerFile(dataDir: string, url: string): Promise<() => Promise<void>> {
  const file = serverFilePath(dataDir);
  const content: ServerFile = { url, pid: process.pid, startedAt: new Date().toISOString() };
  await mkdir(dataDir, { recursive: true });
  const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    await chmod(tmp, 0o600);
    await rename(tmp, file);
  } finally {
    await rm(tmp, { force: true });
  }
  return async () => {
    const current = await readServerFileAsIs(dataDir);
    if (current?.pid === process.pid) await rm(file, { force: true });
  };
}

export type ServerLookup =
  | { found: 'running'; server: ServerFile }
  /** The file names a process that no longer exists: the server was killed without a clean stop. */
  | { found: 'stale'; server: ServerFile }
  | { found: 'none' };

/** What the data dir says about its server; a stale file (its process is gone) is reported, not used. */
export async function findServer(dataDir: string): Promise<ServerLookup> {
  const server = await readServerFileAsIs(dataDir);
  if (!server) return { found: 'none' };
  return isAlive(server.pid) ? { found: 'running', server } : { found: 'stale', server };
}

/** The file's content when it is a server file; anything unreadable counts as no file. */
async function readServerFileAsIs(dataDir: string): Promise<ServerFile | undefined> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(serverFilePath(dataDir), 'utf8'));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { url, pid, startedAt } = { url: Reflect.get(parsed, 'url'), pid: Reflect.get(parsed, 'pid'), startedAt: Reflect.get(parsed, 'startedAt') };
  if (typeof url !== 'string' || !/^https?:\/\//.test(url) || typeof pid !== 'number' || !Number.isInteger(pid) || pid <= 0) return undefined;
  return { url, pid, startedAt: typeof startedAt === 'string' ? startedAt : '' };
}

/** Signal 0 checks that the process exists without touching it; EPERM means it exists under another user. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err instanceof Error && 'code' in err && err.code === 'EPERM';
  }
}
