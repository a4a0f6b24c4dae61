import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { runCli, startUntilReady } from '../testing/run-cli.ts';

// The demo starts four emulators and Patchbay; every CLI call starts Node and tsx.
vi.setConfig({ testTimeout: 180_000 });

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'patchbay-demo-cli-'));
  dirs.push(dir);
  return dir;
}

describe('patchbay demo and the CLI in another terminal', () => {
  it('from the same folder, the printed commands need no variables and work', async () => {
    const cwd = tempDir();
    const { started } = await startUntilReady('demo', { cwd }, /Ctrl-C stops the demo/, { PORT: '0', PATCHBAY_LOG_LEVEL: 'warn' });
    try {
      const output = started.output();
      expect(output).toMatch(/^ {2}1\. Connect each connection: npx patchbay connections authorize <id>/m);
      expect(output).not.toContain('PATCHBAY_URL');
      expect(output).not.toContain('PATCHBAY_DATA_DIR');
      const url = /Patchbay demo is running at (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      expect(JSON.parse(readFileSync(join(cwd, '.patchbay', 'server.json'), 'utf8'))).toMatchObject({ url, pid: started.child.pid });

      const listed = await runCli(['connections', 'list', '--json'], { cwd });
      expect(listed.code, listed.stderr).toBe(0);
      const { connections }: { connections: { name: string }[] } = JSON.parse(listed.stdout);
      expect(connections.map((c) => c.name).sort()).toEqual(['Jira', 'Salesforce production', 'Salesforce sandbox', 'Zendesk']);
    } finally {
      expect(await started.stop()).toBe(0);
    }
    expect(existsSync(join(cwd, '.patchbay', 'server.json'))).toBe(false);
  });

  it('--json prints the facts of the instructions as one line; another data dir is the only variable needed', async () => {
    const dataDir = tempDir();
    const cwd = tempDir();
    const { started } = await startUntilReady('demo', { cwd, args: ['--json', '--auto-approve'] }, /^\{"url":.*\}$/m, {
      PORT: '0',
      PATCHBAY_LOG_LEVEL: 'warn',
      PATCHBAY_DATA_DIR: dataDir,
    });
    try {
      const line = started.output().split('\n').find((l) => l.startsWith('{"url":')) ?? '';
      const ready: { url: string; serverFile: string; apps: Record<string, { url: string }>; connections: { id: string; name: string }[]; recipes: Record<string, string> } =
        JSON.parse(line);
      expect(ready.serverFile).toBe(join(dataDir, 'server.json'));
      expect(JSON.parse(readFileSync(ready.serverFile, 'utf8'))).toMatchObject({ url: ready.url });
      expect(Object.keys(ready.apps).sort()).toEqual(['jira', 'salesforceProduction', 'salesforceSandbox', 'zendesk']);
      expect(ready.connections).toHaveLength(4);
      expect(Object.keys(ready.recipes)).toHaveLength(3);

      const [first] = ready.connections;
      const shown = await runCli(['connections', 'show', first?.id ?? '', '--json'], { cwd, env: { PATCHBAY_DATA_DIR: dataDir } });
      expect(shown.code, shown.stderr).toBe(0);
      expect(JSON.parse(shown.stdout)).toMatchObject({ id: first?.id, name: first?.name, authKind: 'oauth2' });
    } finally {
      expect(await started.stop()).toBe(0);
    }
    expect(existsSync(join(dataDir, 'server.json'))).toBe(false);
  });
});
