import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import http from '@patchbay/connector-http';
import { type OAuthServer, type TestDatabase, createTestDatabase, describeWithPostgres, startOAuthServer } from '@patchbay/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { generateMasterKey } from '../crypto/keyring.ts';
import { type VaultHarness, startVault } from '../testing/harness.ts';
import { connectOAuth, expireStoredToken } from '../testing/oauth-fixtures.ts';

const run = promisify(execFile);
const REDIRECT = 'http://127.0.0.1:8080/oauth/callback';
// Long-lived tokens, made to look expired in the store: every process must see one refresh, however
// long the processes take to boot.
const TTL = 120;
const PROCESSES = 4;
const PER_PROCESS = 50;
const worker = fileURLToPath(new URL('../testing/refresh-worker.ts', import.meta.url));

describeWithPostgres('token refresh across OS processes on PostgreSQL', () => {
  let db: TestDatabase;
  let vault: VaultHarness;
  let server: OAuthServer;
  const masterKey = generateMasterKey();

  beforeAll(async () => {
    db = await createTestDatabase();
    server = await startOAuthServer({ redirectUris: [REDIRECT], rotateRefreshToken: true, accessTokenTtl: TTL });
    vault = await startVault({ connectors: [http], databaseUrl: db.url, masterKey, redirectUri: REDIRECT });
  });
  afterAll(async () => {
    await vault?.close();
    await server?.close();
    await db?.drop();
  });

  it(`${PROCESSES} processes × ${PER_PROCESS} concurrent requests with an expired token → exactly one refresh`, async () => {
    const conn = await connectOAuth(vault, server, 'shared');
    await expireStoredToken(vault, conn.id);
    server.grants.reset();
    // A common start time, so that the processes (which take a moment to boot) fire together.
    const startAt = Date.now() + 8000;
    const outputs = await Promise.all(
      Array.from({ length: PROCESSES }, () =>
        run(process.execPath, ['--import', 'tsx', worker, db.url, masterKey, vault.actor.workspaceId, conn.id, String(PER_PROCESS), String(startAt)], {
          timeout: 60_000,
        }),
      ),
    );
    const statuses = outputs.flatMap(({ stdout }) => {
      const parsed: unknown = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}');
      return typeof parsed === 'object' && parsed !== null && 'statuses' in parsed && Array.isArray(parsed.statuses) ? parsed.statuses : [];
    });
    expect(statuses).toHaveLength(PROCESSES * PER_PROCESS);
    expect(statuses.filter((s) => s === 200)).toHaveLength(PROCESSES * PER_PROCESS);
    expect(server.grants.count('refresh_token')).toBe(1);
    expect((await vault.service.get(vault.actor, conn.id)).status).toBe('connected');
  }, 90_000);

  it('200 concurrent requests in one process on PostgreSQL → exactly one refresh', async () => {
    const conn = await connectOAuth(vault, server, 'single');
    await expireStoredToken(vault, conn.id);
    server.grants.reset();
    const results = await Promise.all(Array.from({ length: 200 }, () => vault.service.runAction(vault.actor, conn.id, 'request', { method: 'GET', path: 'me' })));
    expect(results.filter((r) => typeof r === 'object' && r !== null && 'status' in r && r.status === 200)).toHaveLength(200);
    expect(server.grants.count('refresh_token')).toBe(1);
  });
});
