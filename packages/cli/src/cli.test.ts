import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ConnectionView } from '@patchbay/vault';
import { runCli, startServe, type ServeProcess } from './testing/run-cli.ts';

// Every CLI call starts Node and tsx; on a loaded CI machine a test of many calls needs room.
vi.setConfig({ testTimeout: 120_000 });

let cwd: string;
let serve: ServeProcess;
const SECRET = 'canary-cli-api-key-9d8c7b';

/** The CLI as a user runs it in the directory where the server first started (token file by default). */
const cli = (args: string[], input?: string) => runCli(args, { cwd, env: { PATCHBAY_URL: serve.url }, input });

beforeAll(async () => {
  cwd = mkdtempSync(join(tmpdir(), 'patchbay-cli-'));
  serve = await startServe({ cwd });
}, 60_000);

afterAll(async () => {
  const code = await serve?.stop();
  expect(code).toBe(0);
  rmSync(cwd, { recursive: true, force: true });
});

function noStack(text: string): void {
  expect(text).not.toMatch(/\n\s+at /);
}

describe('patchbay serve', () => {
  it('generates an admin token file readable only by its owner, without printing the token', () => {
    const file = join(cwd, '.patchbay', 'admin-token');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const token = readFileSync(file, 'utf8').trim();
    expect(token.length).toBeGreaterThan(30);
    expect(serve.output()).toContain(file);
    expect(serve.output()).not.toContain(token);
  });
});

describe('patchbay connections', () => {
  it('create, list, show, test, disconnect and delete through the API', async () => {
    const empty = await cli(['connections', 'list']);
    expect(empty).toMatchObject({ code: 0, stderr: '' });
    expect(empty.stdout).toContain('No connections yet');

    const created = await cli(
      ['connections', 'create', '--connector', 'http', '--name', 'Key API', '--environment', 'sandbox', '--field', 'auth=apiKey',
        '--field', 'baseUrl=https://api.example.com', '--field', 'idempotencyKeys=true', '--field-file', 'apiKey=-', '--json'],
      `${SECRET}\n`,
    );
    expect(created.code, created.stderr).toBe(0);
    const connection = JSON.parse(created.stdout) as ConnectionView;
    expect(connection).toMatchObject({ name: 'Key API', environment: 'sandbox', secretFieldsSet: ['apiKey'], fields: { idempotencyKeys: true } });
    expect(created.stdout).not.toContain(SECRET);

    const table = await cli(['connections', 'list']);
    expect(table.stdout).toMatch(/^ID\s+NAME\s+CONNECTOR\s+ENVIRONMENT\s+STATUS/);
    expect(table.stdout).toContain(connection.id);
    expect(table.stdout).toContain('Key API');

    const shown = await cli(['connections', 'show', connection.id]);
    expect(shown.stdout).toMatch(/secret fields set:\s+apiKey/);
    expect(shown.stdout).not.toContain(SECRET);

    const tested = await cli(['connections', 'test', connection.id, '--json']);
    expect(tested.code).toBe(0);
    expect(JSON.parse(tested.stdout)).toMatchObject({ ok: true });

    const notOAuth = await cli(['connections', 'authorize', connection.id]);
    expect(notOAuth.code).toBe(1);
    expect(notOAuth.stderr).toMatch(/^error: .*OAuth2/);
    noStack(notOAuth.stderr);

    const disconnected = await cli(['connections', 'disconnect', connection.id]);
    expect(disconnected.stdout).toContain(`Disconnected ${connection.id}`);

    expect((await cli(['connections', 'delete', connection.id])).stdout).toBe(`Deleted ${connection.id}\n`);
    const gone = await cli(['connections', 'show', connection.id]);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toMatch(/^error: No connection with id/);
    noStack(gone.stderr);
  });

  it('reports bad field values and API validation errors as "error: …" with exit code 1 or 2', async () => {
    const badBoolean = await cli(['connections', 'create', '--connector', 'http', '--name', 'x', '--field', 'pkce=maybe']);
    expect(badBoolean).toMatchObject({ code: 2, stdout: '' });
    expect(badBoolean.stderr).toBe('error: --field pkce must be true or false.\n');
    const missing = await cli(['connections', 'create', '--connector', 'http', '--name', 'x', '--field', 'auth=none']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^error: .*baseUrl/);
    const unknown = await cli(['connections', 'create', '--connector', 'nope', '--name', 'x']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^error: .*nope/);
  });

  it('says where it tried to connect when no server answers', async () => {
    const res = await runCli(['connections', 'list'], { cwd, env: { PATCHBAY_URL: 'http://127.0.0.1:9', PATCHBAY_TOKEN: 'x'.repeat(20) } });
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/^error: cannot reach Patchbay at http:\/\/127\.0\.0\.1:9/);
  });

  it('without a token anywhere, explains how to supply one', async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'patchbay-cli-empty-'));
    const res = await runCli(['connections', 'list'], { cwd: elsewhere, env: { PATCHBAY_URL: serve.url } });
    rmSync(elsewhere, { recursive: true, force: true });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/^error: No API token: set PATCHBAY_TOKEN/);
  });
});

describe('patchbay keys', () => {
  it('generate prints 32 random bytes in base64', async () => {
    const res = await runCli(['keys', 'generate'], { cwd });
    expect(res.code).toBe(0);
    expect(Buffer.from(res.stdout.trim(), 'base64')).toHaveLength(32);
  });

  it('rotate adds a new key to the key file and re-wraps while the server keeps serving', async () => {
    const created = await cli(['connections', 'create', '--connector', 'http', '--name', 'Rotated', '--field', 'auth=bearer',
      '--field', 'baseUrl=https://api.example.com', '--field', `token=${SECRET}`, '--json']);
    const { id } = JSON.parse(created.stdout) as ConnectionView;
    const keyFile = join(cwd, '.patchbay', 'master.key');
    const before = readFileSync(keyFile, 'utf8').trim().split('\n');

    const rotated = await cli(['keys', 'rotate']);
    expect(rotated.code, rotated.stderr).toBe(0);
    // The connection, and the key that seals job payloads (payload_keys).
    expect(rotated.stdout).toMatch(/Re-wrapped 2 record\(s\) under master key mk_/);
    // In a pipe: the result only, no progress (shown on a terminal: long-operations.test.ts).
    expect(rotated.stderr).not.toMatch(/records/);
    const after = readFileSync(keyFile, 'utf8').trim().split('\n');
    expect(after).toHaveLength(before.length + 1);
    expect(after.slice(1)).toEqual(before);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);

    // The running server learns the new key and still opens the re-wrapped secrets.
    const tested = await cli(['connections', 'test', id]);
    expect(tested).toMatchObject({ code: 0 });
    const shown = await cli(['connections', 'show', id]);
    expect(shown.stdout).toMatch(/status:\s+connected/);
  });
});

describe('usage and configuration errors', () => {
  it('every command has --help', async () => {
    for (const command of [['serve'], ['migrate'], ['keys', 'generate'], ['keys', 'rotate'], ['connections', 'list'], ['connections', 'show'],
      ['connections', 'create'], ['connections', 'test'], ['connections', 'authorize'], ['connections', 'disconnect'], ['connections', 'delete']]) {
      const res = await runCli([...command, '--help'], { cwd });
      expect(res.code, command.join(' ')).toBe(0);
      expect(res.stdout).toContain(`Usage: patchbay ${command.join(' ')}`);
    }
    const top = await runCli(['--help'], { cwd });
    expect(top.stdout).toContain('connections authorize');
  });

  it('unknown commands and options exit 2 without a stack trace', async () => {
    const unknown = await runCli(['frobnicate'], { cwd });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^error: unknown command "frobnicate"/);
    const option = await runCli(['connections', 'list', '--bogus'], { cwd });
    expect(option.code).toBe(2);
    expect(option.stderr).toContain("Unknown option '--bogus'");
    noStack(option.stderr);
  });

  it('bad configuration prints the ConfigError message and exits 2', async () => {
    const res = await runCli(['serve'], { cwd, env: { PORT: 'eighty', PATCHBAY_MASTER_KEY: 'short' } });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('Patchbay cannot start: fix these environment variables:');
    expect(res.stderr).toContain('PORT="eighty" is not a port number');
    expect(res.stderr).toContain('PATCHBAY_MASTER_KEY is not 32 bytes in base64');
    noStack(res.stderr);
  });

  it('serve on a port in use says so and exits 1', async () => {
    const res = await runCli(['serve'], { cwd, env: { PORT: new URL(serve.url).port } });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('is already in use: stop what listens there, or set PORT');
    noStack(res.stderr);
  });

  it('migrate brings a new database up to date', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'patchbay-cli-migrate-'));
    const res = await runCli(['migrate'], { cwd: dir });
    rmSync(dir, { recursive: true, force: true });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/The database at .*patchbay\.db is up to date/);
  });
});
