import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEchoApp, type EchoApp } from '@patchbay/vault/testing';
import type { ConnectionView } from '@patchbay/vault';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BIN, cleanEnv, runCli, startServe, type ServeProcess } from './testing/run-cli.ts';

// Every CLI call starts Node and tsx; on a loaded CI machine a test of many calls needs room.
vi.setConfig({ testTimeout: 180_000 });

// The example recipe of the recipes issue.
const EXAMPLE = {
  name: 'Mirror new accounts into the sandbox',
  connections: { source: { connector: 'http' }, target: { connector: 'http' } },
  trigger: { connector: 'webhook', trigger: 'webhook', input: { response: 'last_step' } },
  steps: [
    { id: 'lookup', slot: 'source', action: 'request', input: { method: 'GET', path: '/accounts/{{ trigger.body.accountId }}' } },
    {
      id: 'copy', slot: 'target', action: 'request',
      input: { method: 'POST', path: '/accounts', body: { name: '{{ steps.lookup.output.body.name }}', origin: '{{ trigger.body.accountId }}' } },
    },
  ],
};

let cwd: string;
let serve: ServeProcess;
let app: EchoApp;
const cli = (args: string[], input?: string) => runCli(args, { cwd, env: { PATCHBAY_URL: serve.url }, input });

beforeAll(async () => {
  cwd = mkdtempSync(join(tmpdir(), 'patchbay-cli-recipes-'));
  app = await startEchoApp();
  serve = await startServe({ cwd });
}, 60_000);

afterAll(async () => {
  expect(await serve?.stop()).toBe(0);
  await app?.close();
  rmSync(cwd, { recursive: true, force: true });
});

async function connection(name: string): Promise<string> {
  const res = await cli(['connections', 'create', '--connector', 'http', '--name', name, '--field', 'auth=none', '--field', `baseUrl=${app.url}`, '--json']);
  expect(res.code, res.stderr).toBe(0);
  return (JSON.parse(res.stdout) as ConnectionView).id;
}

describe('patchbay recipes and jobs', () => {
  it('import → bind → start (with slot progress) → webhook → jobs list/show/rerun --wait → export → stop → delete', async () => {
    writeFileSync(join(cwd, 'mirror.recipe.json'), JSON.stringify(EXAMPLE, null, 2));
    const imported = await cli(['recipes', 'import', 'mirror.recipe.json']);
    expect(imported.code, imported.stderr).toBe(0);
    const id = /Imported (rcp_\S+)/.exec(imported.stdout)?.[1] ?? '';
    expect(imported.stdout).toContain(`Next: patchbay recipes bind ${id} source=<connection id> target=<connection id>`);
    expect((await cli(['recipes', 'list'])).stdout).toMatch(new RegExp(`${id}\\s+Mirror new accounts into the sandbox\\s+stopped\\s+1\\s+webhook/webhook\\s+0/2`));

    const refused = await cli(['recipes', 'start', id]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('source: not bound');
    expect(refused.stderr).toMatch(/^error: .*cannot start/);
    expect(refused.stderr).toContain('  target: is not bound to a connection');

    const [primary, secondary] = [await connection('Primary'), await connection('Secondary')];
    const bound = await cli(['recipes', 'bind', id, `source=${primary}`, `target=${secondary}`]);
    expect(bound.code, bound.stderr).toBe(0);
    expect(bound.stdout).toBe(`source (http) → ${primary}: ready\ntarget (http) → ${secondary}: ready\n`);

    const started = await cli(['recipes', 'start', id]);
    expect(started.code, started.stderr).toBe(0);
    expect(started.stdout).toContain('Checking the 2 slot(s) of "Mirror new accounts into the sandbox":');
    expect(started.stdout).toContain(`  source: testing ${primary}… ok`);
    expect(started.stdout).toContain(`  target: testing ${secondary}… ok`);
    expect(started.stdout).toContain(`Started ${id} (version 1)`);
    const webhookPath = new URL(/Webhook URL: (\S+)/.exec(started.stdout)?.[1] ?? '').pathname;
    expect((await cli(['recipes', 'show', id])).stdout).toMatch(/status:\s+running/);

    app.script('/accounts/a1', { status: 200, body: { id: 'a1', name: 'Acme' } });
    const answer = await fetch(`${serve.url}${webhookPath}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"accountId":"a1"}' });
    expect(answer.status).toBeLessThan(500);

    const jobs = await cli(['jobs', 'list', id]);
    expect(jobs.code, jobs.stderr).toBe(0);
    const jobId = /^(job_\S+)/m.exec(jobs.stdout)?.[1] ?? '';
    expect(jobs.stdout).toMatch(/^ID\s+STATUS\s+VERSION\s+CREATED/);
    expect((await cli(['jobs', 'list', id, '--status', 'queued'])).stdout).not.toContain(jobId);
    const shown = await cli(['jobs', 'show', jobId]);
    expect(shown.stdout).toMatch(/steps:\n {2}steps\[0\] /);

    // In a pipe --wait prints the finished job only (its progress is for terminals: long-operations.test.ts).
    const rerun = await cli(['jobs', 'rerun', jobId, '--wait']);
    const newId = /^id:\s+(job_\S+)$/m.exec(rerun.stdout)?.[1] ?? '';
    expect(newId).toMatch(/^job_/);
    expect(newId).not.toBe(jobId);
    expect(rerun.stdout).toMatch(/^status:\s+(succeeded|failed)$/m);
    expect(rerun.stdout).toMatch(new RegExp(`^rerun of:\\s+${jobId}$`, 'm'));
    expect(rerun.code).toBe(/^status:\s+succeeded$/m.test(rerun.stdout) ? 0 : 1);

    expect(JSON.parse((await cli(['recipes', 'export', id])).stdout)).toStrictEqual(EXAMPLE);
    const written = await cli(['recipes', 'export', id, '--out', 'copy.recipe.json']);
    expect(written).toMatchObject({ code: 0, stdout: '', stderr: 'Wrote copy.recipe.json\n' });
    expect(JSON.parse(readFileSync(join(cwd, 'copy.recipe.json'), 'utf8'))).toStrictEqual(EXAMPLE);

    const inUse = await cli(['connections', 'disconnect', secondary]);
    expect(inUse.code).toBe(1);
    expect(inUse.stderr).toContain('Mirror new accounts into the sandbox');
    const forced = await cli(['connections', 'disconnect', secondary, '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).toContain(`Disconnected ${secondary}`);

    expect((await cli(['recipes', 'delete', id])).stderr).toMatch(/^error: .*is running: stop it/);
    expect((await cli(['recipes', 'stop', id])).stdout).toBe(`Stopped ${id}\n`);
    expect((await cli(['recipes', 'delete', id])).stdout).toBe(`Deleted ${id}\n`);
  });

  it('reports bad files, bad definitions and bad arguments clearly', async () => {
    const missing = await cli(['recipes', 'import', 'nope.json']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^error: cannot read nope\.json/);
    writeFileSync(join(cwd, 'broken.json'), '{"name": ');
    expect((await cli(['recipes', 'import', 'broken.json'])).stderr).toMatch(/^error: broken\.json is not JSON/);
    const invalid = await cli(['recipes', 'import', '-'], JSON.stringify({ ...EXAMPLE, name: '', extra: 1 }));
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toMatch(/^error: -: /);
    expect(invalid.stderr).toMatch(/\n {2}name /);
    expect(invalid.stderr).toMatch(/\n {2}extra /);

    expect((await cli(['recipes', 'bind', 'rcp_x'])).code).toBe(2);
    const pair = await cli(['recipes', 'bind', 'rcp_x', 'source']);
    expect(pair).toMatchObject({ code: 2, stderr: 'error: "source" must be slot=<connection id> (or slot= to unbind).\n' });
    expect((await cli(['jobs', 'list', 'rcp_x', 'rcp_y'])).code).toBe(2);
    expect((await cli(['jobs', 'list', 'rcp_x', '--limit', '9999'])).stderr).toMatch(/^error: .*limit/);
    expect((await cli(['jobs', 'show', 'job_unknown'])).stderr).toMatch(/^error: No job with id "job_unknown"/);
    expect((await cli(['worker', '--concurrency', '0'])).code).toBe(2);
  });

  it('every new command has --help', async () => {
    const commands = [['recipes', 'list'], ['recipes', 'show'], ['recipes', 'import'], ['recipes', 'export'], ['recipes', 'bind'], ['recipes', 'start'],
      ['recipes', 'stop'], ['recipes', 'delete'], ['jobs', 'list'], ['jobs', 'show'], ['jobs', 'rerun'], ['worker']];
    for (const command of commands) {
      const res = await runCli([...command, '--help'], { cwd });
      expect(res.code, command.join(' ')).toBe(0);
      expect(res.stdout).toContain(`Usage: patchbay ${command.join(' ')}`);
    }
  });
});

describe('patchbay worker', () => {
  it('on SQLite warns that serve already runs workers, runs, and stops cleanly on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'patchbay-cli-worker-'));
    const child = spawn(process.execPath, [BIN, 'worker'], { cwd: dir, env: cleanEnv({ PATCHBAY_LOG_LEVEL: 'warn' }), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<string>((resolve) => child.on('close', (code, signal) => resolve(`${code ?? signal}`)));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        if (stdout.includes('Patchbay worker is running')) resolve();
      });
      void exited.then((code) => reject(new Error(`worker exited with ${code}: ${stderr}`)));
    });
    expect(stdout).toMatch(/Patchbay worker is running on .*patchbay\.db/);
    expect(stderr).toContain('warning: the database is the embedded SQLite store, where "patchbay serve" already runs the workers');
    child.kill('SIGTERM');
    expect(await exited, `${stdout}\n---\n${stderr}`).toBe('0');
    expect(stderr).toContain('Stopping: waiting for running jobs…');
    rmSync(dir, { recursive: true, force: true });
  });
});
