import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, entryOf, freshCompiledEntry, isBuildFresh, sourceStamp, stampOf } from '../bin/compiled.mjs';
import { cleanEnv } from './testing/run-cli.ts';

describe('freshness of the compiled CLI', () => {
  let root: string;
  let dist: string;
  const source = () => join(root, 'packages', 'a', 'src', 'x.ts');
  const stampNow = () => writeFileSync(stampOf(dist), JSON.stringify(sourceStamp(root)));

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'patchbay-compiled-'));
    dist = join(root, 'dist');
    mkdirSync(join(root, 'packages', 'a', 'src'), { recursive: true });
    mkdirSync(dist);
    writeFileSync(join(root, 'package.json'), '{}');
    writeFileSync(join(root, 'packages', 'a', 'package.json'), '{}');
    writeFileSync(source(), 'export const x = 1;\n');
    writeFileSync(entryOf(dist), '');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('is fresh while the sources are as they were built, and stale when a source differs', () => {
    stampNow();
    expect(isBuildFresh(root, dist)).toBe(true);
    writeFileSync(source(), 'export const x = 2;\n');
    expect(isBuildFresh(root, dist)).toBe(false);
    writeFileSync(source(), 'export const x = 1;\n');
    // Touched (new mtime) but the same content: the hash decides, and it still matches.
    utimesSync(source(), new Date(), new Date(Date.now() + 5000));
    expect(isBuildFresh(root, dist)).toBe(true);
  });

  it('is stale when a file or a workspace is added, but not for a test file', () => {
    stampNow();
    writeFileSync(join(root, 'packages', 'a', 'src', 'x.test.ts'), 'test');
    expect(isBuildFresh(root, dist)).toBe(true);
    writeFileSync(join(root, 'packages', 'a', 'src', 'y.ts'), 'export const y = 1;\n');
    expect(isBuildFresh(root, dist)).toBe(false);
    rmSync(join(root, 'packages', 'a', 'src', 'y.ts'));
    expect(isBuildFresh(root, dist)).toBe(true);
    mkdirSync(join(root, 'packages', 'b', 'src'), { recursive: true });
    writeFileSync(join(root, 'packages', 'b', 'src', 'index.ts'), 'export {};\n');
    expect(isBuildFresh(root, dist)).toBe(false);
    rmSync(join(root, 'packages', 'b'), { recursive: true });
  });

  it('is stale without a build: no stamp, or no entry', () => {
    stampNow();
    rmSync(entryOf(dist));
    expect(isBuildFresh(root, dist)).toBe(false);
    writeFileSync(entryOf(dist), '');
    rmSync(stampOf(dist));
    expect(isBuildFresh(root, dist)).toBe(false);
  });

  it('runs the sources when PATCHBAY_FROM_SOURCE=1, whatever the build', () => {
    expect(freshCompiledEntry({ PATCHBAY_FROM_SOURCE: '1' })).toBeUndefined();
  });
});

/** JSON from a request with the admin token. */
async function call(url: string, token: string, init: RequestInit = {}): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } });
  return { status: res.status, body: await res.json() };
}

const field = (value: unknown, name: string): unknown => (typeof value === 'object' && value !== null ? Reflect.get(value, name) : undefined);

describe('the compiled CLI', () => {
  // Inside the repository, so that the bundle finds node_modules (better-sqlite3) as the real one does.
  const outdir = join(ROOT, '.tmp', `compiled-build-test-${process.pid}`);
  const dataDir = mkdtempSync(join(tmpdir(), 'patchbay-compiled-serve-'));
  const token = 'compiled-build-test-token-0123456789';

  beforeAll(() => {
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-server.mjs'), '--outdir', outdir], { stdio: 'pipe' });
    // The web UI's files are found next to the sources, not the bundle.
    execFileSync(process.execPath, [join(ROOT, 'packages', 'web', 'scripts', 'build.mjs'), '--if-stale'], { stdio: 'pipe' });
  }, 120_000);
  afterAll(() => {
    rmSync(outdir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('is stamped with the sources it was built from', () => {
    expect(JSON.parse(readFileSync(stampOf(outdir), 'utf8'))).toMatchObject({ node: process.versions.node.split('.')[0], hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it('serves: every connector, a webhook recipe through the expression processes, the web UI; stops cleanly', async () => {
    const child = spawn(process.execPath, [entryOf(outdir), 'serve', '--json'], {
      cwd: dataDir,
      env: cleanEnv({ PORT: '0', PATCHBAY_DATA_DIR: dataDir, PATCHBAY_ADMIN_TOKEN: token, PATCHBAY_LOG_LEVEL: 'warn' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const ready = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        output += d.toString();
        const line = output.split('\n').find((l) => l.startsWith('{"url"'));
        if (line) resolve(String(field(JSON.parse(line), 'url')));
      });
      child.stderr.on('data', (d: Buffer) => (output += d.toString()));
      void exited.then((code) => reject(new Error(`exited ${code} before it was ready:\n${output}`)));
    });
    try {
      expect((await fetch(`${ready}/health`)).status).toBe(200);

      const connectors = await call(`${ready}/api/v1/connectors`, token);
      const keys = [field(connectors.body, 'connectors')].flat().map((c) => field(c, 'key'));
      expect(keys).toEqual(expect.arrayContaining(['http', 'jira', 'salesforce', 'zendesk']));

      const recipe = await call(`${ready}/api/v1/recipes`, token, {
        method: 'POST',
        body: JSON.stringify({
          name: 'compiled',
          connections: {},
          trigger: { connector: 'webhook', trigger: 'webhook', input: { response: 'last_step' } },
          steps: [{ id: 'compute', type: 'set', values: { total: '{{ trigger.body.amount * 2 }}' } }],
        }),
      });
      expect(recipe.status).toBe(201);
      const started = await call(`${ready}/api/v1/recipes/${String(field(recipe.body, 'id'))}/start`, token, { method: 'POST', body: '{}' });
      const answer = await fetch(String(field(started.body, 'webhookUrl')), { method: 'POST', body: JSON.stringify({ amount: 21 }), headers: { 'content-type': 'application/json' } });
      expect(await answer.json()).toMatchObject({ total: 42 });

      const page = await fetch(`${ready}/`, { headers: { accept: 'text/html' } });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="root"');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(existsSync(join(dataDir, 'server.json'))).toBe(false);
  }, 60_000);
});
