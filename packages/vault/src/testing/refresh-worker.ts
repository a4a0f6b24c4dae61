/**
 * A separate OS process for the cross-process refresh test: opens the same database with the same
 * master key, waits for a common start time, then sends `count` concurrent requests through one
 * connection and prints the statuses it got as JSON on stdout.
 * Usage: node --import tsx refresh-worker.ts <databaseUrl> <masterKey> <workspaceId> <connectionId> <count> <startAtMs>
 */
import { createLogger } from '@patchbay/core';
import http from '@patchbay/connector-http';
import { createStore } from '@patchbay/store';
import { createConnectionService } from '../connections/create-service.ts';
import { loadKeyRing } from '../crypto/keyring.ts';

const [databaseUrl, masterKey, workspaceId, connectionId, countText, startAtText] = process.argv.slice(2);
if (!databaseUrl || !masterKey || !workspaceId || !connectionId || !countText || !startAtText) {
  console.error('usage: refresh-worker.ts <databaseUrl> <masterKey> <workspaceId> <connectionId> <count> <startAtMs>');
  process.exit(2);
}

const logger = createLogger({ level: 'silent' });
const store = createStore(databaseUrl);
const { ring } = loadKeyRing({ masterKey, dataDir: '/nonexistent', logger });
const service = createConnectionService({ store, keys: ring, connectors: [http], logger, redirectUri: 'http://127.0.0.1/oauth/callback' });
const actor = { workspaceId, userId: 'worker' };

await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startAtText) - Date.now())));
const results = await Promise.allSettled(
  Array.from({ length: Number(countText) }, () => service.runAction(actor, connectionId, 'request', { method: 'GET', path: 'me' })),
);
const statuses = results.map((r) =>
  r.status === 'fulfilled' && typeof r.value === 'object' && r.value !== null && 'status' in r.value ? r.value.status : `rejected: ${r.status === 'rejected' ? String(r.reason) : '?'}`,
);
process.stdout.write(`${JSON.stringify({ statuses })}\n`);
await store.close();
