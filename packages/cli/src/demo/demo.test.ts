import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RecipeSummary } from '@patchbay/engine';
import type { ConnectionView } from '@patchbay/vault';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { cleanEnv, runCli } from '../testing/run-cli.ts';
import { readDemoState, type DemoState } from './state.ts';

// The demo polls Salesforce every 10 s (the shortest interval a recipe may ask for).
vi.setConfig({ testTimeout: 180_000 });

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
let dataDir: string;
let demo: ReturnType<typeof spawn>;
let output = '';
let exited: Promise<number | null>;
let state: DemoState;
let token: string;

async function api<T>(path: string, init: { method?: string; json?: unknown } = {}): Promise<T> {
  const res = await fetch(`${state.patchbayUrl}${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${token}`, ...(init.json === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(init.json === undefined ? {} : { body: JSON.stringify(init.json) }),
  });
  const body: unknown = await res.json();
  if (!res.ok) throw new Error(`${path} answered ${res.status}: ${JSON.stringify(body)}`);
  return body as T;
}

async function records(appUrl: string, object: string): Promise<Record<string, unknown>[]> {
  const res = await fetch(`${appUrl}/__emulator/records/${object}`);
  const body = (await res.json()) as { records: Record<string, unknown>[] };
  return body.records;
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'patchbay-demo-'));
  // Exactly what a user types, with a free port and a data dir of its own.
  demo = spawn('npm', ['run', 'demo', '--', '--auto-approve'], {
    cwd: ROOT,
    env: cleanEnv({ PORT: '0', PATCHBAY_DATA_DIR: dataDir, PATCHBAY_LOG_LEVEL: 'warn' }),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  demo.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  demo.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  exited = new Promise((resolve) => demo.on('close', (code) => resolve(code)));
  await vi.waitFor(() => expect(output).toContain('Ctrl-C stops the demo'), { timeout: 90_000, interval: 200 });
  state = await readDemoState(dataDir);
  token = readFileSync(join(dataDir, 'admin-token'), 'utf8').trim();
}, 120_000);

afterAll(async () => {
  if (demo?.pid) process.kill(-demo.pid, 'SIGTERM');
  await exited;
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm run demo', () => {
  it('prints what to do next: the apps, the connections to connect and the recipes', () => {
    expect(output).toMatch(/Patchbay demo is running at http:\/\/127\.0\.0\.1:\d+/);
    for (const name of ['Salesforce production', 'Salesforce sandbox', 'Zendesk', 'Jira']) expect(output).toContain(name);
    expect(output).toContain('npx patchbay connections authorize');
    expect(output).toContain('npx patchbay demo add account');
  });

  it('runs the three recipes of the original description once the connections are authorised', async () => {
    const { connections } = await api<{ connections: ConnectionView[] }>('/api/v1/connections');
    expect(connections.map((c) => c.name).sort()).toEqual(['Jira', 'Salesforce production', 'Salesforce sandbox', 'Zendesk']);
    expect(connections.every((c) => c.status === 'disconnected')).toBe(true);

    // Connect: the app's authorize page approves at once (--auto-approve) and sends the browser back.
    for (const connection of connections) {
      const { url } = await api<{ url: string }>(`/api/v1/connections/${connection.id}/authorize`, { method: 'POST', json: {} });
      const approved = await fetch(url, { redirect: 'manual' });
      const callback = approved.headers.get('location') ?? '';
      expect(callback).toContain('/oauth/callback?');
      const page = await fetch(callback);
      expect(await page.text()).toContain('Connected');
      const after = await api<ConnectionView>(`/api/v1/connections/${connection.id}`);
      expect(after.status, `${connection.name}: ${after.statusReason}`).toBe('connected');
    }

    // The demo starts each recipe once its slots are connected.
    await vi.waitFor(async () => {
      const { recipes } = await api<{ recipes: RecipeSummary[] }>('/api/v1/recipes');
      expect(recipes.map((r) => r.status)).toEqual(['running', 'running', 'running']);
    }, { timeout: 30_000, interval: 500 });

    const account = await runCli(['demo', 'add', 'account', 'Acme Rockets'], { cwd: ROOT, env: { PATCHBAY_DATA_DIR: dataDir } });
    expect(account.code, account.stderr).toBe(0);
    const caseAdded = await runCli(['demo', 'add', 'case', 'Printer on fire'], { cwd: ROOT, env: { PATCHBAY_DATA_DIR: dataDir } });
    expect(caseAdded.code, caseAdded.stderr).toBe(0);
    const [created] = (await records(state.apps.salesforceProduction, 'Account')).filter((a) => a.Name === 'Acme Rockets');
    expect(created).toBeDefined();

    await vi.waitFor(async () => {
      const organizations = await records(state.apps.zendesk, 'organization');
      expect(organizations).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'Acme Rockets', external_id: created?.Id })]));
      const mirrored = await records(state.apps.salesforceSandbox, 'Account');
      expect(mirrored).toEqual(expect.arrayContaining([expect.objectContaining({ Name: 'Acme Rockets', External_Id__c: created?.Id })]));
      const issues = await records(state.apps.jira, 'issue');
      expect(JSON.stringify(issues)).toContain('Printer on fire');
    }, { timeout: 60_000, interval: 1000 });

    for (const id of Object.values(state.recipes)) {
      const { jobs } = await api<{ jobs: { status: string }[] }>(`/api/v1/recipes/${id}/jobs`);
      expect(jobs.length).toBeGreaterThan(0);
      expect(jobs.every((j) => j.status === 'succeeded'), JSON.stringify(jobs)).toBe(true);
    }
  });
});
