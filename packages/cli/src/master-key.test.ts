import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { generateMasterKey, parseMasterKey } from '@patchbay/vault';
import { runCli, startServe } from './testing/run-cli.ts';

vi.setConfig({ testTimeout: 120_000 });

const cwd = mkdtempSync(join(tmpdir(), 'patchbay-cli-keys-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));
const keyA = generateMasterKey();
const keyB = generateMasterKey();
const SECRET = 'canary-env-rotation-41ce';

describe('master key given by PATCHBAY_MASTER_KEY', () => {
  let id = '';

  it('stores a connection under key A', async () => {
    const serve = await startServe({ cwd, env: { PATCHBAY_MASTER_KEY: keyA } });
    const created = await runCli(['connections', 'create', '--connector', 'http', '--name', 'Env', '--field', 'auth=bearer',
      '--field', 'baseUrl=https://api.example.com', '--field', `token=${SECRET}`, '--json'], { cwd, env: { PATCHBAY_URL: serve.url } });
    expect(created.code, created.stderr).toBe(0);
    const parsed: unknown = JSON.parse(created.stdout);
    id = typeof parsed === 'object' && parsed !== null && 'id' in parsed ? String(parsed.id) : '';
    expect(await serve.stop()).toBe(0);
  });

  it('refuses to start with a wrong key, naming the key id it needs', async () => {
    const res = await runCli(['serve'], { cwd, env: { PATCHBAY_MASTER_KEY: keyB, PORT: '0' } });
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain(parseMasterKey(keyA).kid);
    expect(res.stderr).not.toMatch(/\n\s+at /);
    expect(res.stderr).not.toContain(keyA);
    expect(res.stderr).not.toContain(keyB);
  });

  it('rotates from A to B with "B,A", then runs on B alone', async () => {
    const rotated = await runCli(['keys', 'rotate'], { cwd, env: { PATCHBAY_MASTER_KEY: `${keyB},${keyA}` } });
    expect(rotated.code, rotated.stderr).toBe(0);
    expect(rotated.stdout).toContain(parseMasterKey(keyB).kid);
    const serve = await startServe({ cwd, env: { PATCHBAY_MASTER_KEY: keyB } });
    try {
      const shown = await runCli(['connections', 'show', id, '--json'], { cwd, env: { PATCHBAY_URL: serve.url } });
      expect(shown.code, shown.stderr).toBe(0);
      expect(shown.stdout).toContain('"secretFieldsSet": [\n    "token"');
      const tested = await runCli(['connections', 'test', id], { cwd, env: { PATCHBAY_URL: serve.url } });
      expect(tested.code, tested.stderr + tested.stdout).toBe(0);
    } finally {
      expect(await serve.stop()).toBe(0);
    }
  });
});
