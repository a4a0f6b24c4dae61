import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '@patchbay/core';
import { createStore, type Store } from '@patchbay/store';
import { ensureStartupToken, adminTokenPath } from './startup-token.ts';
import { ensureAdminToken, findActorByToken, hashToken } from './tokens.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function freshStore(): Promise<{ store: Store; dataDir: string; logs: () => string; logger: ReturnType<typeof createLogger> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'patchbay-token-'));
  const store = createStore(`sqlite:${join(dataDir, 'patchbay.db')}`);
  await store.migrate();
  const lines: string[] = [];
  const logger = createLogger({
    destination: new Writable({
      write(chunk: Buffer, _e, done) {
        lines.push(chunk.toString());
        done();
      },
    }),
  });
  cleanups.push(() => store.close(), () => rmSync(dataDir, { recursive: true, force: true }));
  return { store, dataDir, logs: () => lines.join(''), logger };
}

describe('ensureAdminToken', () => {
  it('creates the default workspace, an admin user and the hashed token, once', async () => {
    const { store } = await freshStore();
    const token = 'pb_canary-ensure-admin-0123456789';
    const first = await ensureAdminToken(store, token);
    const second = await ensureAdminToken(store, token);
    expect(first).toEqual({ workspaceId: 'default', userId: 'usr_admin', created: true });
    expect(second.created).toBe(false);
    const rows = await store.db.selectFrom('api_tokens').selectAll().execute();
    expect(rows.map((r) => r.token_hash)).toEqual([hashToken(token)]);
    expect(await findActorByToken(store, token)).toEqual({ workspaceId: 'default', userId: 'usr_admin' });
    expect(await findActorByToken(store, `${token}x`)).toBeNull();
    const other = await ensureAdminToken(store, 'pb_a-second-admin-token-abcdef');
    expect(other).toEqual({ workspaceId: 'default', userId: 'usr_admin', created: true });
  });
});

describe('ensureStartupToken', () => {
  it('on a fresh store without PATCHBAY_ADMIN_TOKEN, writes a token file with mode 0600 and logs only its path', async () => {
    const { store, dataDir, logs, logger } = await freshStore();
    const result = await ensureStartupToken(store, { adminToken: undefined, dataDir, logger });
    const file = adminTokenPath(dataDir);
    expect(result.generatedAt).toBe(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const token = readFileSync(file, 'utf8').trim();
    expect(await findActorByToken(store, token)).not.toBeNull();
    expect(logs()).toContain(file);
    expect(logs()).not.toContain(token);

    // A second start keeps the existing token and does not rewrite the file.
    const again = await ensureStartupToken(store, { adminToken: undefined, dataDir, logger });
    expect(again.generatedAt).toBeNull();
    expect(readFileSync(file, 'utf8').trim()).toBe(token);
  });

  it('with PATCHBAY_ADMIN_TOKEN, ensures that token and writes no file', async () => {
    const { store, dataDir, logs, logger } = await freshStore();
    const token = 'pb_canary-env-admin-token-fedcba98';
    await ensureStartupToken(store, { adminToken: token, dataDir, logger });
    expect(await findActorByToken(store, token)).not.toBeNull();
    expect(() => statSync(adminTokenPath(dataDir))).toThrow();
    expect(logs()).not.toContain(token);
  });
});
