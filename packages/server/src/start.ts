import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { createLogger, type Config, type Logger } from '@patchbay/core';
import type { Connector } from '@patchbay/sdk';
import { createStore, type Store } from '@patchbay/store';
import { createConnectionService, loadKeyRing, verifyMasterKeys, type ConnectionService } from '@patchbay/vault';
import { buildServer } from './app.ts';
import { ensureStartupToken } from './auth/startup-token.ts';
import { builtInConnectors } from './registry.ts';

export interface StartOptions {
  /** Default: the built-in connectors of registry.ts. */
  connectors?: Connector[];
  /** Default: a pino logger at `config.logLevel` writing to stdout. */
  logger?: Logger;
  /** Allow plain-http token endpoints on loopback (tests against a local OAuth server). Default false. */
  allowInsecureLoopback?: boolean;
}

export interface RunningPatchbay {
  server: FastifyInstance;
  /** Where the API listens, e.g. http://127.0.0.1:8080 (the real port when config.port is 0). */
  url: string;
  store: Store;
  service: ConnectionService;
  /** Stops accepting requests, waits for those in flight, then closes the store. */
  close(): Promise<void>;
}

/**
 * Start-up in the order that fails fastest and safest: the database is migrated, then the master key
 * is checked against the stored fingerprint (a wrong key refuses to start instead of serving
 * credentials that cannot be decrypted), then the API listens.
 */
export async function startPatchbay(config: Config, options: StartOptions = {}): Promise<RunningPatchbay> {
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const store = createStore(config.databaseUrl);
  let server: FastifyInstance | undefined;
  try {
    await store.migrate();
    const { ring } = await loadKeyRing({ masterKey: config.masterKey, dataDir: config.dataDir, logger });
    await verifyMasterKeys(store, ring);
    const service = createConnectionService({
      store,
      keys: ring,
      connectors: options.connectors ?? builtInConnectors(),
      logger,
      redirectUri: `${config.publicUrl}/oauth/callback`,
      allowInsecureLoopback: options.allowInsecureLoopback ?? false,
    });
    await ensureStartupToken(store, { adminToken: config.adminToken, dataDir: config.dataDir, logger });
    const app = await buildServer({ config, store, service, logger });
    server = app;
    await app.listen({ host: config.host, port: config.port });
    const url = listeningUrl(app, config.host);
    logger.info({ url, store: store.location }, `Patchbay is listening on ${url}`);
    return {
      server: app,
      url,
      store,
      service,
      async close() {
        await app.close();
        await store.close();
      },
    };
  } catch (err) {
    await server?.close().catch(() => {});
    await store.close().catch(() => {});
    throw err;
  }
}

function listeningUrl(server: FastifyInstance, host: string): string {
  const address: AddressInfo | string | null = server.server.address();
  if (address === null || typeof address === 'string') return `http://${host}`;
  const { port } = address;
  // A wildcard bind is reachable on loopback; print an address people can open.
  const shown = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '[::1]' : host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${port}`;
}
