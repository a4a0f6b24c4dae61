import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { run } from './run.ts';
import { captureIo } from './testing/capture-io.ts';
import { runCli, startServe, type ServeProcess } from './testing/run-cli.ts';

// Every CLI call starts Node and tsx; on a loaded CI machine a test of many calls needs room.
vi.setConfig({ testTimeout: 180_000 });

/** A recipe that needs no connection and fails when the event asks it to: a job of each outcome to re-run. */
const FAILS_ON_DEMAND = {
  name: 'Fails on demand',
  connections: {},
  trigger: { connector: 'webhook', trigger: 'webhook', input: { response: 'accepted' } },
  steps: [
    { id: 'check', type: 'if', condition: '{{ trigger.body.fail = true }}', then: [{ id: 'fail', type: 'stop', failed: true, reason: 'asked to fail' }] },
    { id: 'done', type: 'set', values: { ok: true } },
  ],
};
const ECHO = { ...FAILS_ON_DEMAND, name: 'Echo', steps: [{ id: 'echo', type: 'set', values: { body: '{{ trigger.body }}' } }] };

let cwd: string;
let serve: ServeProcess;
// No PATCHBAY_URL: the CLI finds the server through the data dir, as a user's would.
const cli = (args: string[]) => runCli(args, { cwd });

beforeAll(async () => {
  cwd = mkdtempSync(join(tmpdir(), 'patchbay-cli-long-'));
  serve = await startServe({ cwd });
}, 60_000);

afterAll(async () => {
  expect(await serve?.stop()).toBe(0);
  rmSync(cwd, { recursive: true, force: true });
});

interface Imported {
  imported: { file: string; recipe: { id: string; name: string } }[];
  failed: { file: string; error: string; code: string | null }[];
}

describe('patchbay recipes import <folder>', () => {
  it('imports every *.json in name order, reports each, goes on past a bad file and exits 1 for it', async () => {
    mkdirSync(join(cwd, 'recipes'));
    writeFileSync(join(cwd, 'recipes', 'a-fails.json'), JSON.stringify(FAILS_ON_DEMAND));
    writeFileSync(join(cwd, 'recipes', 'b-broken.json'), '{"name": ');
    writeFileSync(join(cwd, 'recipes', 'c-invalid.json'), JSON.stringify({ ...ECHO, name: '' }));
    writeFileSync(join(cwd, 'recipes', 'd-echo.json'), JSON.stringify(ECHO));
    writeFileSync(join(cwd, 'recipes', 'notes.txt'), 'not a recipe');
    mkdirSync(join(cwd, 'recipes', 'sub'));
    writeFileSync(join(cwd, 'recipes', 'sub', 'e.json'), JSON.stringify(ECHO));

    const res = await cli(['recipes', 'import', 'recipes']);
    expect(res.code).toBe(1);
    // In a pipe: the report only, no progress.
    expect(res.stderr).toBe('');
    const lines = res.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^recipes\/a-fails\.json: imported rcp_\S+ "Fails on demand"$/);
    expect(lines[1]).toMatch(/^recipes\/d-echo\.json: imported rcp_\S+ "Echo"$/);
    expect(lines[2]).toMatch(/^recipes\/b-broken\.json: failed: is not JSON/);
    expect(res.stdout).toMatch(/recipes\/c-invalid\.json: failed: .*\n {2}name /);
    expect(res.stdout).toContain('Imported 2 of 4 recipe(s) from recipes; fix the failed file(s)');
    expect(res.stdout).not.toContain('notes.txt');
    expect(res.stdout).not.toContain('e.json');
  });

  it('--json prints what was imported and what failed; on a terminal each file is shown as it goes', async () => {
    mkdirSync(join(cwd, 'good'));
    writeFileSync(join(cwd, 'good', '1.json'), JSON.stringify(ECHO));
    writeFileSync(join(cwd, 'good', '2.json'), JSON.stringify({ ...ECHO, name: 'Echo 2' }));
    const res = await cli(['recipes', 'import', 'good', '--json']);
    expect(res.code, res.stderr).toBe(0);
    const parsed: Imported = JSON.parse(res.stdout);
    expect(parsed.failed).toEqual([]);
    expect(parsed.imported.map((i) => [i.file, i.recipe.name])).toEqual([['good/1.json', 'Echo'], ['good/2.json', 'Echo 2']]);

    const io = captureIo(cwd, { isTTY: true });
    expect(await run(['recipes', 'import', 'good'], io)).toBe(0);
    expect(io.stderr()).toBe('[1/2] good/1.json…\n[2/2] good/2.json…\n');
    expect(io.stdout()).toContain('Imported 2 recipe(s) from good.');

    mkdirSync(join(cwd, 'empty'));
    const empty = await cli(['recipes', 'import', 'empty']);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/^error: empty holds no \*\.json files/);
  });
});

describe('patchbay jobs rerun --wait', () => {
  let recipeId: string;
  let failedJob: string;
  let succeededJob: string;
  const jobCount = async () => {
    const listed = await cli(['jobs', 'list', recipeId, '--json']);
    const { jobs }: { jobs: unknown[] } = JSON.parse(listed.stdout);
    return jobs.length;
  };

  beforeAll(async () => {
    const imported = await cli(['recipes', 'import', 'recipes/a-fails.json', '--json']);
    expect(imported.code, imported.stderr).toBe(0);
    ({ id: recipeId } = JSON.parse(imported.stdout));
    const started = await cli(['recipes', 'start', recipeId, '--json']);
    expect(started.code, started.stderr).toBe(0);
    const { webhookUrl }: { webhookUrl: string } = JSON.parse(started.stdout);
    const send = async (body: unknown) => {
      const answer = await fetch(webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect(answer.status).toBe(202);
      const { jobId }: { jobId: string } = JSON.parse(await answer.text());
      return jobId;
    };
    [failedJob, succeededJob] = [await send({ fail: true }), await send({ fail: false })];
  });

  it('exits 0 when the re-run succeeds and 1 when it fails, printing the finished job and nothing else in a pipe', async () => {
    const ok = await cli(['jobs', 'rerun', succeededJob, '--wait']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stderr).toBe('');
    expect(ok.stdout).toMatch(/^id:\s+job_/);
    expect(ok.stdout).toMatch(/^status:\s+succeeded$/m);
    expect(ok.stdout).toMatch(new RegExp(`^rerun of:\\s+${succeededJob}$`, 'm'));
    expect(ok.stdout).not.toMatch(/: queued$/m);

    const failed = await cli(['jobs', 'rerun', failedJob, '--wait', '--json']);
    expect(failed.code).toBe(1);
    expect(JSON.parse(failed.stdout)).toMatchObject({ status: 'failed', rerunOf: failedJob });
  });

  it('on a terminal shows each status the new job goes through', async () => {
    const io = captureIo(cwd, { isTTY: true });
    expect(await run(['jobs', 'rerun', succeededJob, '--wait'], io)).toBe(0);
    expect(io.stderr()).toMatch(/^job_\S+: queued\n/);
    expect(io.stderr()).toMatch(/\njob_\S+: succeeded\n$/);
    expect(io.stdout()).toMatch(/^status:\s+succeeded$/m);
  });

  it('jobs show prints step durations rounded', async () => {
    const shown = await cli(['jobs', 'show', succeededJob]);
    expect(shown.code, shown.stderr).toBe(0);
    const steps = shown.stdout.split('steps:\n')[1] ?? '';
    expect(steps).toMatch(/^ {2}\S+ succeeded (<1|\d+) ms: /m);
    expect(steps).not.toMatch(/\d\.\d{2,} ms/);
  });

  it('refuses a bad --timeout before queueing anything', async () => {
    const before = await jobCount();
    const res = await cli(['jobs', 'rerun', succeededJob, '--wait', '--timeout', 'soon']);
    expect(res).toMatchObject({ code: 2, stdout: '', stderr: 'error: --timeout must be a number of seconds above 0.\n' });
    expect(await jobCount()).toBe(before);
  });
});

describe('patchbay keys rotate', () => {
  it('in a pipe prints the result only; --json parses; on a terminal shows the records as it goes', async () => {
    const created = await cli(['connections', 'create', '--connector', 'http', '--name', 'Rotated', '--field', 'auth=bearer',
      '--field', 'baseUrl=https://api.example.com', '--field', 'token=secret-value', '--json']);
    expect(created.code, created.stderr).toBe(0);

    const piped = await cli(['keys', 'rotate']);
    expect(piped.code, piped.stderr).toBe(0);
    expect(piped.stdout).toMatch(/^Re-wrapped 2 record\(s\) under master key mk_/); // the connection and the payload key
    // The key file changed: that is said even in a pipe; progress is not.
    expect(piped.stderr).toMatch(/^Added a new master key at the top of .*master\.key; the old keys stay below it until nothing uses them\.\n$/);

    const json = await cli(['keys', 'rotate', '--json']);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ kid: expect.stringMatching(/^mk_/), rewrapped: 2, remaining: 0, addedKey: true, keyFile: join(cwd, '.patchbay', 'master.key') });

    const io = captureIo(cwd, { isTTY: true });
    expect(await run(['keys', 'rotate'], io)).toBe(0);
    expect(io.stderr()).toMatch(/\nRe-wrapping data keys under mk_\S+…\n {2}2\/2 records\n$/);

    // The server reads the new key from the file and still opens the connection.
    const { id }: { id: string } = JSON.parse(created.stdout);
    const tested = await cli(['connections', 'test', id]);
    expect(tested.code, tested.stderr).toBe(0);
  });
});
