import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import http from '@patchbay/connector-http';
import { type TestDatabase, createTestDatabase, describeWithPostgres } from '@patchbay/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateMasterKey } from '../crypto/keyring.ts';
import { type EchoApp, startEchoApp } from '../testing/echo-app.ts';
import { type VaultHarness, startVault } from '../testing/harness.ts';
import { failureOf } from '../testing/authorize-redirect.ts';
import { sleep } from '../testing/oauth-fixtures.ts';
import { SecretMasker } from './mask.ts';

/**
 * Two vaults on one database stand for two processes (a server and a worker): each has its own
 * store handle, and so its own cache, and learns of the other's writes only through the database.
 */
const BOUND_MS = 300;
const get = { method: 'GET', path: 'items' } as const;

function sentToken(app: EchoApp, index = -1): string | undefined {
  return app.requests.at(index)?.headers.authorization;
}

function cacheSuite(databaseUrl: () => Promise<{ url: string; drop(): Promise<void> }>) {
  let app: EchoApp;
  let db: { url: string; drop(): Promise<void> };
  // `here` uses a long cache: whatever it sees of `there`'s writes before that, it learnt by re-reading.
  let here: VaultHarness;
  let there: VaultHarness;
  let bounded: VaultHarness;
  const masterKey = generateMasterKey();

  beforeAll(async () => {
    app = await startEchoApp();
    db = await databaseUrl();
    here = await startVault({ connectors: [http], databaseUrl: db.url, masterKey, connectionCacheMs: 60_000 });
    there = await startVault({ connectors: [http], databaseUrl: db.url, masterKey });
    bounded = await startVault({ connectors: [http], databaseUrl: db.url, masterKey, connectionCacheMs: BOUND_MS });
  });
  afterAll(async () => {
    for (const vault of [here, there, bounded]) await vault?.close();
    await db?.drop();
    await app?.close();
  });
  afterEach(() => {
    app.requests.length = 0;
  });

  async function bearer(name: string, token: string) {
    return here.service.create(here.actor, { connector: 'http', name, fields: { auth: 'bearer', baseUrl: app.url, token } });
  }
  // Calls of `there` and `bounded` act in `here`'s workspace: the actor only scopes the call.
  const run = (vault: VaultHarness, id: string) => vault.service.runAction(here.actor, id, 'request', get);

  it('a token changed in another process is used at the next call after the bound', async () => {
    const conn = await bearer('bound', 'token-old-1');
    await run(bounded, conn.id);
    expect(sentToken(app)).toBe('Bearer token-old-1');
    await there.service.update(here.actor, conn.id, { fields: { token: 'token-new-1' } });
    await sleep(BOUND_MS + 50);
    await run(bounded, conn.id);
    expect(sentToken(app)).toBe('Bearer token-new-1');
  });

  it('a refused token is retried at once with the one another process saved, without waiting for the bound', async () => {
    const conn = await bearer('refused', 'token-old-2');
    await run(here, conn.id);
    await there.service.update(here.actor, conn.id, { fields: { token: 'token-new-2' } });
    app.requests.length = 0;
    // The app has revoked the old token: it refuses it once, then answers the retry.
    app.script('/items', { status: 401, body: { error: 'invalid_token' } });
    const answer = await run(here, conn.id);
    expect(answer).toMatchObject({ status: 200 });
    expect(app.requests.map((r) => r.headers.authorization)).toEqual(['Bearer token-old-2', 'Bearer token-new-2']);
    // And kept: the next call sends the new one first.
    await run(here, conn.id);
    expect(sentToken(app)).toBe('Bearer token-new-2');
  });

  it('a refused token that nobody replaced is the answer: no retry, no loop', async () => {
    const conn = await bearer('unchanged', 'token-same-3');
    await run(here, conn.id);
    app.requests.length = 0;
    app.script('/items', { status: 401, body: { error: 'invalid_token' } });
    expect((await failureOf(run(here, conn.id))).message).toMatch(/401|UNAUTHORIZED/);
    expect(app.requests).toHaveLength(1);
  });

  it('a new base URL saved by another process does not receive the old credentials on a retry', async () => {
    const other = await startEchoApp();
    try {
      const conn = await bearer('moved', 'token-moved-4');
      await run(here, conn.id);
      await there.service.update(here.actor, conn.id, { fields: { baseUrl: other.url }, confirmInstanceChange: true });
      app.requests.length = 0;
      app.script('/items', { status: 401, body: { error: 'invalid_token' } });
      await failureOf(run(here, conn.id));
      expect(app.requests).toHaveLength(1);
      expect(other.requests).toHaveLength(0);
      // The re-read was kept: the next call goes to the new host.
      await run(here, conn.id);
      expect(other.requests.at(-1)?.headers.authorization).toBe('Bearer token-moved-4');
    } finally {
      await other.close();
    }
  });

  it('an edit in this process is used at once', async () => {
    const conn = await bearer('edited', 'token-old-5');
    await run(here, conn.id);
    await here.service.update(here.actor, conn.id, { fields: { token: 'token-new-5' } });
    await run(here, conn.id);
    expect(sentToken(app)).toBe('Bearer token-new-5');
  });

  it('a disconnect in this process stops use at once', async () => {
    const conn = await bearer('disconnected', 'token-disc-6');
    await run(here, conn.id);
    await here.service.disconnect(here.actor, conn.id);
    app.requests.length = 0;
    expect(await failureOf(run(here, conn.id))).toMatchObject({ code: 'connection_required' });
    expect(app.requests).toHaveLength(0);
  });

  it('a delete in this process stops use at once; in another process, within the bound', async () => {
    const conn = await bearer('deleted', 'token-del-7');
    await run(here, conn.id);
    await run(bounded, conn.id);
    await here.service.remove(here.actor, conn.id);
    app.requests.length = 0;
    expect(await failureOf(run(here, conn.id))).toMatchObject({ code: 'not_found' });
    await sleep(BOUND_MS + 50);
    expect(await failureOf(run(bounded, conn.id))).toMatchObject({ code: 'not_found' });
    expect(app.requests).toHaveLength(0);
  });

  it('a connection of another workspace stays unknown, cached or not', async () => {
    const conn = await bearer('scoped', 'token-scope-8');
    await run(here, conn.id);
    expect(await failureOf(here.service.runAction(there.actor, conn.id, 'request', get))).toMatchObject({ code: 'not_found' });
  });

  it('what is kept never prints: the masker, the logs', async () => {
    const conn = await bearer('canary', 'canary-token-9');
    await run(here, conn.id);
    expect(inspect(new SecretMasker(['canary-token-9']))).not.toContain('canary');
    expect(JSON.stringify({ masker: new SecretMasker(['canary-token-9']) })).not.toContain('canary');
    expect(here.logs()).not.toContain('canary-token-9');
  });
}

describe('connections kept in memory, two vaults on one SQLite file', () => {
  let dir: string;
  cacheSuite(async () => {
    dir = mkdtempSync(join(tmpdir(), 'patchbay-cache-'));
    return { url: `sqlite:${join(dir, 'shared.db')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  });
});

describeWithPostgres('connections kept in memory, two vaults on one PostgreSQL database', () => {
  cacheSuite(async (): Promise<TestDatabase> => createTestDatabase());
});
