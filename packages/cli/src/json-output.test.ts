import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EchoApp, startEchoApp } from '@patchbay/vault/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli, startUntilReady, type PatchbayProcess } from './testing/run-cli.ts';

// Every CLI call starts Node and tsx; on a loaded CI machine a test of many calls needs room.
vi.setConfig({ testTimeout: 120_000 });

/** The first line of `output` that parses as a JSON object with `key`: log lines (pino's JSON) may come before it. */
function jsonLineWith(output: string, key: string): Record<string, unknown> {
  for (const line of output.split('\n')) {
    if (!line.startsWith('{')) continue;
    const parsed: unknown = JSON.parse(line);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) && key in parsed) return { ...parsed };
  }
  throw new Error(`no JSON line with "${key}" in:\n${output}`);
}

let cwd: string;
let serve: PatchbayProcess;
let ready: Record<string, unknown>;
let app: EchoApp;
const cli = (args: string[]) => runCli(args, { cwd });

beforeAll(async () => {
  cwd = mkdtempSync(join(tmpdir(), 'patchbay-cli-json-'));
  app = await startEchoApp();
  ({ started: serve } = await startUntilReady('serve', { cwd, args: ['--json'] }, /^\{"url":.*\}$/m, { PORT: '0', PATCHBAY_LOG_LEVEL: 'warn' }));
  ready = jsonLineWith(serve.output(), 'url');
}, 60_000);

afterAll(async () => {
  expect(await serve?.stop()).toBe(0);
  await app?.close();
  rmSync(cwd, { recursive: true, force: true });
});

describe('--json output parses', () => {
  it('serve: its ready line names where it listens, as server.json does', () => {
    const file = join(cwd, '.patchbay', 'server.json');
    expect(ready).toEqual({ url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), api: `${String(ready.url)}/api/v1`, openapi: `${String(ready.url)}/api/openapi.json`, pid: serve.child.pid, serverFile: file });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ url: ready.url, pid: serve.child.pid });
  });

  it('migrate, keys generate', async () => {
    const migrated = await cli(['migrate', '--json']);
    expect(migrated.code, migrated.stderr).toBe(0);
    expect(JSON.parse(migrated.stdout)).toEqual({ database: join(cwd, '.patchbay', 'patchbay.db'), upToDate: true });

    const generated = await cli(['keys', 'generate', '--json']);
    expect(generated.code, generated.stderr).toBe(0);
    const { key, kid }: { key: string; kid: string } = JSON.parse(generated.stdout);
    expect(Buffer.from(key, 'base64')).toHaveLength(32);
    expect(kid).toMatch(/^mk_[0-9a-f]{16}$/);
  });

  it('connectors exec: the API response; without --json the output alone', async () => {
    const created = await cli(['connections', 'create', '--connector', 'http', '--name', 'Echo', '--field', 'auth=none', '--field', `baseUrl=${app.url}`, '--json']);
    expect(created.code, created.stderr).toBe(0);
    const { id }: { id: string } = JSON.parse(created.stdout);
    const input = '{"method":"GET","path":"/things"}';
    const json = await cli(['connectors', 'exec', 'http', 'request', '--connection', id, '--input', input, '--json']);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ output: { status: 200, body: { path: '/things' } } });
    const plain = await cli(['connectors', 'exec', 'http', 'request', '--connection', id, '--input', input]);
    expect(JSON.parse(plain.stdout)).toMatchObject({ status: 200, body: { path: '/things' } });
  });

  it('recipes export: the definition; with --out, where it was written', async () => {
    const definition = {
      name: 'Exported',
      connections: {},
      trigger: { connector: 'webhook', trigger: 'webhook', input: { response: 'accepted' } },
      steps: [{ id: 'noop', type: 'set', values: { ok: true } }],
    };
    writeFileSync(join(cwd, 'exported.json'), JSON.stringify(definition));
    const imported = await cli(['recipes', 'import', 'exported.json', '--json']);
    expect(imported.code, imported.stderr).toBe(0);
    const { id }: { id: string } = JSON.parse(imported.stdout);
    const printed = await cli(['recipes', 'export', id, '--json']);
    expect(JSON.parse(printed.stdout)).toStrictEqual(definition);
    const written = await cli(['recipes', 'export', id, '--out', 'copy.json', '--json']);
    expect(written).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(written.stdout)).toEqual({ id, file: join(cwd, 'copy.json') });
    expect(JSON.parse(readFileSync(join(cwd, 'copy.json'), 'utf8'))).toStrictEqual(definition);
  });

  it('worker: its ready line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'patchbay-cli-json-worker-'));
    try {
      const { started } = await startUntilReady('worker', { cwd: dir, args: ['--json'] }, /^\{"store":.*\}$/m, { PATCHBAY_LOG_LEVEL: 'warn' });
      expect(jsonLineWith(started.output(), 'store')).toEqual({ store: expect.stringContaining('patchbay.db'), pid: started.child.pid });
      expect(await started.stop()).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('emulate: one line for a script, and demo add against it', async () => {
    const { started } = await startUntilReady('emulate', { cwd, args: ['salesforce', '--json', '--auto-approve'] }, /^\{"url":.*\}$/m, {});
    try {
      const emulator = jsonLineWith(started.output(), 'url');
      expect(emulator).toMatchObject({
        url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
        clientId: expect.any(String),
        clientSecret: expect.any(String),
        user: { username: expect.any(String), password: expect.any(String) },
        details: { orgId: expect.any(String) },
      });
      // What `patchbay demo` leaves for `demo add`: here only the production org is needed.
      const salesforce = String(emulator.url);
      writeFileSync(
        join(cwd, '.patchbay', 'demo.json'),
        JSON.stringify({ patchbayUrl: ready.url, apps: { salesforceProduction: salesforce, salesforceSandbox: salesforce, zendesk: '', jira: '' }, recipes: {} }),
      );
      const added = await cli(['demo', 'add', 'account', 'Acme JSON', '--json']);
      expect(added.code, added.stderr).toBe(0);
      expect(JSON.parse(added.stdout)).toEqual({ object: 'Account', id: expect.stringMatching(/^001/), name: 'Acme JSON' });
    } finally {
      expect(await started.stop()).toBe(0);
    }
  });
});
