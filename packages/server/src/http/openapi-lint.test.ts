import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

const REDOCLY = fileURLToPath(new URL('../../../../node_modules/@redocly/cli/bin/cli.js', import.meta.url));

let server: TestServer;
let dir: string;
beforeAll(async () => {
  server = await startTestServer();
  dir = mkdtempSync(join(tmpdir(), 'patchbay-openapi-'));
});
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function redocly(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    // No telemetry and no update check: CI reaches only the npm registry.
    const child = spawn(process.execPath, [REDOCLY, ...args], { env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' } });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('the OpenAPI document', () => {
  it("passes Redocly's recommended ruleset with no errors", async () => {
    const file = join(dir, 'openapi.json');
    writeFileSync(file, (await server.api('/api/openapi.json')).text);
    const { code, output } = await redocly(['lint', '--extends', 'recommended', '--format', 'stylish', file]);
    expect(output).not.toMatch(/\berror\b/i);
    expect(code, output).toBe(0);
  }, 60_000);
});
