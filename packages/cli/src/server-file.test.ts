import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { findServer, serverFilePath, writeServerFile } from './server-file.ts';
import { runCli, startServe } from './testing/run-cli.ts';

// Every CLI call starts Node and tsx; on a loaded CI machine a test of many calls needs room.
vi.setConfig({ testTimeout: 120_000 });

const dirs: string[] = [];
function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** The pid of a process that has exited: what a server killed without a clean stop leaves in its file. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await new Promise((resolve) => child.on('close', resolve));
  expect(child.pid).toBeGreaterThan(0);
  return child.pid ?? 0;
}

describe('server.json', () => {
  it('is written with mode 0600, found while its process lives, and removed by its own process only', async () => {
    const dataDir = join(tempDir('patchbay-server-file-'), 'nested', '.patchbay');
    const remove = await writeServerFile(dataDir, 'http://127.0.0.1:1234');
    expect(statSync(serverFilePath(dataDir)).mode & 0o777).toBe(0o600);
    expect(await findServer(dataDir)).toMatchObject({ found: 'running', server: { url: 'http://127.0.0.1:1234', pid: process.pid } });

    // Another server on the same data dir wrote it since: our clean stop leaves its file alone.
    const other = { url: 'http://127.0.0.1:5678', pid: process.ppid, startedAt: new Date().toISOString() };
    writeFileSync(serverFilePath(dataDir), JSON.stringify(other));
    await remove();
    expect(await findServer(dataDir)).toMatchObject({ found: 'running', server: { url: other.url } });

    const again = await writeServerFile(dataDir, 'http://127.0.0.1:1234');
    await again();
    expect(existsSync(serverFilePath(dataDir))).toBe(false);
    expect(await findServer(dataDir)).toEqual({ found: 'none' });
  });

  it('reports a file whose process is gone as stale, and anything unreadable as no file', async () => {
    const dataDir = tempDir('patchbay-server-file-');
    writeFileSync(serverFilePath(dataDir), JSON.stringify({ url: 'http://127.0.0.1:1234', pid: await deadPid(), startedAt: 'x' }));
    expect(await findServer(dataDir)).toMatchObject({ found: 'stale', server: { url: 'http://127.0.0.1:1234' } });
    for (const junk of ['{', '[]', '{"url":"ftp://x","pid":1}', `{"url":"http://x","pid":"${process.pid}"}`]) {
      writeFileSync(serverFilePath(dataDir), junk);
      expect(await findServer(dataDir), junk).toEqual({ found: 'none' });
    }
  });
});

describe('the CLI finds the server started from the same folder, with no variables', () => {
  let cwd: string;
  let serve: Awaited<ReturnType<typeof startServe>>;

  beforeAll(async () => {
    cwd = tempDir('patchbay-cli-find-');
    // startServe sets PORT=0 (any free port) and nothing else the CLI could use.
    serve = await startServe({ cwd });
  }, 60_000);

  afterAll(async () => {
    if (serve.child.exitCode === null) await serve.stop();
  });

  it('serve writes the URL it really listens on; commands use it and the admin token beside it', async () => {
    const file = join(cwd, '.patchbay', 'server.json');
    const written: unknown = JSON.parse(readFileSync(file, 'utf8'));
    expect(written).toMatchObject({ url: serve.url, pid: serve.child.pid, startedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    expect(new URL(serve.url).port).not.toBe('0');
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const created = await runCli(['connections', 'create', '--connector', 'http', '--name', 'Found', '--field', 'auth=bearer',
      '--field', 'baseUrl=https://api.example.com', '--field', 'token=t0k3n', '--json'], { cwd });
    expect(created.code, created.stderr).toBe(0);
    const connection: unknown = JSON.parse(created.stdout);
    // The option the user chose, and the kind it is sent as.
    expect(connection).toMatchObject({ name: 'Found', authOption: 'bearer', authKind: 'apiKey' });

    const listed = await runCli(['connections', 'list', '--json'], { cwd });
    expect(listed.code, listed.stderr).toBe(0);
    expect(JSON.stringify(JSON.parse(listed.stdout))).toContain('"name":"Found"');

    const shown = await runCli(['connections', 'show', 'conn_none'], { cwd });
    expect(shown.code).toBe(1);
    expect(shown.stderr).toMatch(/^error: No connection with id/);
  });

  it('a clean stop removes the file, and the CLI then says what to do', async () => {
    expect(await serve.stop()).toBe(0);
    expect(existsSync(join(cwd, '.patchbay', 'server.json'))).toBe(false);
    const res = await runCli(['connections', 'list'], { cwd });
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/^error: no Patchbay server is running from .*\.patchbay .*Start one with "npx patchbay serve" \(or "npm start"\) in this folder/);
    expect(res.stderr).toContain('PATCHBAY_URL');
  });
});

describe('a stale server.json', () => {
  it('is ignored: the CLI sends nothing to the URL it names and says the server is no longer running', async () => {
    let requests = 0;
    const decoy = createServer((_req, res) => {
      requests += 1;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"connections":[]}');
    });
    await new Promise<void>((resolve) => decoy.listen(0, '127.0.0.1', resolve));
    const address = decoy.address();
    if (address === null || typeof address === 'string') throw new Error('the decoy server has no port');
    const { port } = address;
    try {
      const cwd = tempDir('patchbay-cli-stale-');
      const pid = await deadPid();
      const dataDir = join(cwd, '.patchbay');
      mkdirSync(dataDir);
      writeFileSync(join(dataDir, 'server.json'), JSON.stringify({ url: `http://127.0.0.1:${port}`, pid, startedAt: new Date().toISOString() }));
      writeFileSync(join(dataDir, 'admin-token'), 'pb_not-a-real-token\n');

      const res = await runCli(['connections', 'list'], { cwd });
      expect(res.code).toBe(1);
      expect(res.stderr).toContain(`names (http://127.0.0.1:${port}, pid ${pid}) is no longer running: start it again with "npx patchbay serve"`);
      expect(requests).toBe(0);

      // PATCHBAY_URL still overrides whatever the data dir says.
      const overridden = await runCli(['connections', 'list', '--json'], { cwd, env: { PATCHBAY_URL: `http://127.0.0.1:${port}` } });
      expect(overridden.code, overridden.stderr).toBe(0);
      expect(requests).toBe(1);
    } finally {
      await new Promise((resolve) => decoy.close(resolve));
    }
  });
});
