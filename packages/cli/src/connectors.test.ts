import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EchoApp, startEchoApp } from '@patchbay/vault/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BIN, cleanEnv, runCli, startServe, type ServeProcess } from './testing/run-cli.ts';

vi.setConfig({ testTimeout: 120_000 });

let cwd: string;
let serve: ServeProcess;
let app: EchoApp;

const cli = (args: string[]) => runCli(args, { cwd, env: { PATCHBAY_URL: serve.url } });

beforeAll(async () => {
  cwd = mkdtempSync(join(tmpdir(), 'patchbay-cli-connectors-'));
  serve = await startServe({ cwd });
  app = await startEchoApp();
}, 60_000);

afterAll(async () => {
  await app?.close();
  await serve?.stop();
  rmSync(cwd, { recursive: true, force: true });
});

describe('patchbay connectors', () => {
  it('list shows every connector found under connectors/', async () => {
    const res = await cli(['connectors', 'list']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/^KEY\s+TITLE/);
    expect(res.stdout).toMatch(/\nhttp\s+HTTP/);
    expect(res.stdout).toMatch(/\nsalesforce\s+Salesforce\s+oauth2/);
  });

  it('show describes fields, pick lists, actions with their scopes and dynamic schemas', async () => {
    const res = await cli(['connectors', 'show', 'salesforce']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('Salesforce (salesforce');
    expect(res.stdout).toMatch(/clientId\s+Consumer key \(text, required, operator may set it\)/);
    expect(res.stdout).toMatch(/fields\s+Fields of an object \(\?object\)/);
    expect(res.stdout).toMatch(/create\s+Create record \(scopes: api; pick lists: object←objects; schema from: object\)/);
    const unknown = await cli(['connectors', 'show', 'nope']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('error:');
  });

  it('exec runs one action through a connection and prints its output', async () => {
    const created = await cli(['connections', 'create', '--connector', 'http', '--name', 'Echo', '--field', `baseUrl=${app.url}`, '--json']);
    expect(created.code, created.stderr).toBe(0);
    const { id } = JSON.parse(created.stdout) as { id: string };
    const res = await cli(['connectors', 'exec', 'http', 'request', '--connection', id, '--input', '{"method":"GET","path":"/things","query":{"page":2}}']);
    expect(res.code, res.stderr).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ status: 200, body: { path: '/things', query: { page: '2' } } });

    const wrongConnector = await cli(['connectors', 'exec', 'salesforce', 'create', '--connection', id, '--input', '{}']);
    expect(wrongConnector.code).toBe(2);
    expect(wrongConnector.stderr).toContain('is a http connection, not salesforce');
    const noConnection = await cli(['connectors', 'exec', 'http', 'request', '--input', '{}']);
    expect(noConnection.code).toBe(2);
    const badInput = await cli(['connectors', 'exec', 'http', 'request', '--connection', id, '--input', '{"method":"FETCH"}']);
    expect(badInput.code).toBe(1);
    expect(badInput.stderr).toContain('input');
  });
});

describe('patchbay emulate', () => {
  it('prints where it listens and the OAuth client, then serves until SIGTERM', async () => {
    const child = spawn(process.execPath, [BIN, 'emulate', 'jira', '--auto-approve'], { cwd, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    try {
      await vi.waitFor(() => expect(output).toMatch(/client_id=\S+ client_secret=\S+\n/), { timeout: 30_000, interval: 100 });
      const url = /^listening (http:\/\/127\.0\.0\.1:\d+)$/m.exec(output)?.[1];
      expect(url).toBeDefined();
      const info = await fetch(`${url}/rest/api/3/serverInfo`);
      expect(info.status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    const bad = await runCli(['emulate', 'hubspot'], { cwd });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('use one of salesforce, zendesk, jira');
  });
});
