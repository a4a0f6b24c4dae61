import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { type Logger, createLogger, isoNow, newId } from '@patchbay/core';
import type { Connector } from '@patchbay/sdk';
import { type Store, createStore } from '@patchbay/store';
import { createConnectionService } from '../connections/create-service.ts';
import type { ConnectionService } from '../connections/service.ts';
import type { Actor } from '../connections/view.ts';
import { type KeyRing, generateMasterKey, loadKeyRing } from '../crypto/keyring.ts';

export interface VaultHarness {
  store: Store;
  keys: KeyRing;
  service: ConnectionService;
  actor: Actor;
  /** Every log line written so far, for canary scans. */
  logs: () => string;
  logger: Logger;
  dataDir: string;
  close(): Promise<void>;
}

/** A real store (SQLite in a temp dir, or the given PostgreSQL URL), a key ring and the service. */
export async function startVault(options: {
  connectors: Connector[];
  databaseUrl?: string;
  masterKey?: string;
  redirectUri?: string;
  operatorEnv?: Record<string, string>;
  allowHttpHosts?: string[];
  /** The service's `connectionCacheMs` (how long another process's change may go unseen). Default the service's. */
  connectionCacheMs?: number;
}): Promise<VaultHarness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'patchbay-vault-'));
  const lines: string[] = [];
  const logger = createLogger({
    level: 'debug',
    destination: new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    }),
  });
  const store = createStore(options.databaseUrl ?? `sqlite:${join(dataDir, 'patchbay.db')}`);
  await store.migrate();
  const { ring } = await loadKeyRing({ masterKey: options.masterKey ?? generateMasterKey(), dataDir, logger });
  const workspaceId = newId('ws');
  const userId = newId('usr');
  await store.db.insertInto('workspaces').values({ id: workspaceId, name: 'test', created_at: isoNow() }).execute();
  await store.db.insertInto('users').values({ id: userId, workspace_id: workspaceId, name: 'tester', role: 'admin', created_at: isoNow() }).execute();
  const service = createConnectionService({
    store,
    keys: ring,
    connectors: options.connectors,
    logger,
    redirectUri: options.redirectUri ?? 'http://127.0.0.1:8080/oauth/callback',
    ...(options.operatorEnv ? { operatorEnv: options.operatorEnv } : {}),
    ...(options.allowHttpHosts ? { allowHttpHosts: options.allowHttpHosts } : {}),
    ...(options.connectionCacheMs === undefined ? {} : { connectionCacheMs: options.connectionCacheMs }),
  });
  return {
    store,
    keys: ring,
    service,
    actor: { workspaceId, userId },
    logs: () => lines.join(''),
    logger,
    dataDir,
    async close() {
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
