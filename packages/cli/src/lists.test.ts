import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JobSummary, RecipeSummary, RecipeView } from '@patchbay/engine';
import type { ConnectionView } from '@patchbay/vault';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { nextPageHint, sinceOf } from './list-pages.ts';
import { runCli, startServe, type ServeProcess } from './testing/run-cli.ts';

// Every CLI call starts Node and tsx; on a loaded CI machine a test of many calls needs room.
vi.setConfig({ testTimeout: 180_000 });

let cwd: string;
let serve: ServeProcess;
let recipe: RecipeView;
const cli = (args: string[]) => runCli(args, { cwd, env: { PATCHBAY_URL: serve.url } });

/** The API as the CLI's server sees it, with the admin token it wrote into the data dir. */
async function api<T>(method: string, path: string, json?: unknown): Promise<T> {
  const token = readFileSync(join(cwd, '.patchbay', 'admin-token'), 'utf8').trim();
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, ...(json === undefined ? {} : { 'content-type': 'application/json' }) };
  const res = await fetch(`${serve.url}${path}`, { method, headers, ...(json === undefined ? {} : { body: JSON.stringify(json) }) });
  const body: unknown = await res.json();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(body)}`);
  // The server answers through its route's schema.
  return body as T;
}

/** The words of the "More: …" line, without "patchbay". */
function hintedArgs(stdout: string): string[] {
  const line = /^More: patchbay (.+)$/m.exec(stdout)?.[1];
  expect(line, stdout).toBeDefined();
  return (line ?? '').split(' ');
}

beforeAll(async () => {
  cwd = mkdtempSync(join(tmpdir(), 'patchbay-cli-lists-'));
  serve = await startServe({ cwd });
  for (const name of ['First', 'Second', 'Third']) {
    await api<ConnectionView>('POST', '/api/v1/connections', { connector: 'http', name, fields: { auth: 'none', baseUrl: 'http://127.0.0.1:9/' } });
  }
  const definition = { name: 'Marks events', connections: {}, trigger: { connector: 'webhook', trigger: 'webhook', input: { response: 'last_step' } }, steps: [{ id: 'mark', type: 'set', values: { ok: true } }] };
  const created = await api<RecipeView>('POST', '/api/v1/recipes', definition);
  await api<RecipeView>('POST', '/api/v1/recipes', { ...definition, name: 'Marks nothing' });
  recipe = await api<RecipeView>('POST', `/api/v1/recipes/${created.id}/start`, {});
  for (let i = 0; i < 3; i++) {
    const res = await fetch(`${serve.url}${new URL(recipe.webhookUrl ?? '').pathname}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(200);
  }
}, 60_000);

afterAll(async () => {
  expect(await serve?.stop()).toBe(0);
  rmSync(cwd, { recursive: true, force: true });
});

describe('list commands, a page at a time', () => {
  it('connections list prints a page and the command for the next one, which prints the rest', async () => {
    const first = await cli(['connections', 'list', '--limit', '2']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^ID\s+NAME/);
    expect(first.stdout.match(/^conn_/gm)).toHaveLength(2);
    const next = hintedArgs(first.stdout);
    expect(next.slice(0, 4)).toEqual(['connections', 'list', '--limit', '2']);
    const rest = await cli(next);
    expect(rest.code, rest.stderr).toBe(0);
    expect(rest.stdout.match(/^conn_/gm)).toHaveLength(1);
    expect(rest.stdout).not.toContain('More:');
    const names = (text: string) => [...text.matchAll(/^conn_\S+\s+(\S+)/gm)].map((m) => m[1]);
    expect([...names(first.stdout), ...names(rest.stdout)].sort()).toEqual(['First', 'Second', 'Third']);

    const page = JSON.parse((await cli(['connections', 'list', '--json', '--limit', '2'])).stdout) as { connections: ConnectionView[]; next: string | null };
    expect(page.connections.map((c) => c.name)).toEqual(names(first.stdout));
    expect(page.next).toEqual(expect.any(String));
  });

  it('recipes list shows summaries: trigger and slots, no definition', async () => {
    const table = await cli(['recipes', 'list']);
    expect(table.stdout).toMatch(new RegExp(`${recipe.id}\\s+Marks events\\s+running\\s+1\\s+webhook/webhook\\s+0/0`));
    expect(table.stdout).not.toContain('More:');
    const page = JSON.parse((await cli(['recipes', 'list', '--limit', '1', '--json'])).stdout) as { recipes: RecipeSummary[]; next: string | null };
    expect(page.recipes).toHaveLength(1);
    expect(page.recipes[0]).not.toHaveProperty('definition');
    expect(page.recipes[0]?.trigger).toEqual({ connector: 'webhook', trigger: 'webhook', slot: null });
    expect(page.next).toEqual(expect.any(String));
  });

  it('jobs list needs no recipe: every recipe\'s jobs, with the recipe of each', async () => {
    const all = await cli(['jobs', 'list']);
    expect(all.code, all.stderr).toBe(0);
    expect(all.stdout).toMatch(/^ID\s+RECIPE\s+STATUS\s+VERSION\s+CREATED/);
    expect(all.stdout.match(new RegExp(`^job_\\S+\\s+${recipe.id}\\s+succeeded`, 'gm'))).toHaveLength(3);
    expect((await cli(['jobs', 'list', '--status', 'failed'])).stdout).toBe('No jobs.\n');
    expect((await cli(['jobs', 'list', '--since', '2099-01-01'])).stdout).toBe('No jobs.\n');
    const recent = await cli(['jobs', 'list', '--since', '1h', '--json']);
    expect((JSON.parse(recent.stdout) as { jobs: JobSummary[] }).jobs).toHaveLength(3);
  });

  it("jobs list <recipe> pages through the recipe's jobs with its filters kept in the next command", async () => {
    const first = await cli(['jobs', 'list', recipe.id, '--status', 'succeeded', '--limit', '2']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^ID\s+STATUS\s+VERSION/);
    expect(first.stdout.match(/^job_/gm)).toHaveLength(2);
    const next = hintedArgs(first.stdout);
    expect(next.slice(0, 7)).toEqual(['jobs', 'list', recipe.id, '--status', 'succeeded', '--limit', '2']);
    const rest = await cli(next);
    expect(rest.stdout.match(/^job_/gm)).toHaveLength(1);
    const ids = [...first.stdout.matchAll(/^(job_\S+)/gm), ...rest.stdout.matchAll(/^(job_\S+)/gm)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(3);
  });

  it('reports bad arguments clearly', async () => {
    const since = await cli(['jobs', 'list', '--since', 'last tuesday']);
    expect(since).toMatchObject({ code: 2, stderr: expect.stringMatching(/^error: --since "last tuesday" is not a time/) });
    const cursor = await cli(['jobs', 'list', '--cursor', 'garbage']);
    expect(cursor).toMatchObject({ code: 1, stderr: expect.stringMatching(/^error: query\.cursor is not a cursor Patchbay issued/) });
    expect((await cli(['jobs', 'list', 'rcp_unknown'])).stderr).toMatch(/^error: No recipe with id "rcp_unknown"/);
    expect((await cli(['connections', 'list', '--limit', '0'])).stderr).toMatch(/^error: .*limit/);
  });
});

describe('sinceOf', () => {
  const now = Date.parse('2025-01-31T12:00:00.000Z');
  it('takes an age or a time and gives the ISO time the API takes', () => {
    expect(sinceOf('30m', now)).toBe('2025-01-31T11:30:00.000Z');
    expect(sinceOf('2h', now)).toBe('2025-01-31T10:00:00.000Z');
    expect(sinceOf('7d', now)).toBe('2025-01-24T12:00:00.000Z');
    expect(sinceOf('2025-01-01')).toBe('2025-01-01T00:00:00.000Z');
    expect(sinceOf('2025-01-31T09:00:00+01:00')).toBe('2025-01-31T08:00:00.000Z');
    expect(() => sinceOf('soon')).toThrow(/is not a time/);
  });
});

describe('nextPageHint', () => {
  it('repeats the arguments, quoted for a shell, and nothing on the last page', () => {
    const args = { positionals: ['rcp_1'], values: { status: 'failed', since: "it's", json: false, cursor: 'old' } };
    expect(nextPageHint(['jobs', 'list'], args, 'abc-_1')).toBe("\nMore: patchbay jobs list rcp_1 --status failed --since 'it'\\''s' --cursor abc-_1\n");
    expect(nextPageHint(['jobs', 'list'], args, null)).toBe('');
  });
});
