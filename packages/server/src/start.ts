import { type AddressInfo, createServer } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { createLogger, type Config, type Logger } from '@patchbay/core';
import type { Engine } from '@patchbay/engine';
import type { Queue } from '@patchbay/queue';
import type { Connector } from '@patchbay/sdk';
import type { Store } from '@patchbay/store';
import type { ConnectionService, PayloadCipher } from '@patchbay/vault';
import { buildServer } from './app.ts';
import { ensureStartupToken } from './auth/startup-token.ts';
import { openRuntime, startBackground } from './runtime.ts';

export interface StartOptions {
  /** Default: every connector under connectors/ (registry.ts). */
  connectors?: Connector[];
  /** Default: a pino logger at `config.logLevel` writing to stdout. */
  logger?: Logger;
  /**
   * Run queued jobs and the trigger scheduler in this process. `false` makes a web-only process (API
   * and webhooks; jobs are run by `patchbay worker` processes on the same PostgreSQL database).
   * Default true.
   */
  workers?: boolean;
  /** Jobs this process runs at once when it runs workers. Default 4. */
  concurrency?: number;
  /** Default: the vault's cipher with the installation's payload keys. Benchmarks pass their plaintext baseline. */
  payloads?: PayloadCipher;
}

export interface RunningPatchbay {
  server: FastifyInstance;
  /** Where the API listens, e.g. http://127.0.0.1:8080 (the real port when config.port is 0). */
  url: string;
  store: Store;
  service: ConnectionService;
  queue: Queue;
  engine: Engine;
  /** Stops accepting requests and waits for those in flight, then stops the scheduler and the queue, then closes the store. */
  close(): Promise<void>;
}

/**
 * Start-up in the order that fails fastest and safest: the database is migrated and the master key
 * checked (runtime.ts), the queue and workers start, then the API listens: a webhook accepted from
 * then on can be queued.
 */
export async function startPatchbay(requested: Config, options: StartOptions = {}): Promise<RunningPatchbay> {
  const config = await withConcretePort(requested);
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const runtime = await openRuntime(config, {
    logger,
    ...(options.connectors ? { connectors: options.connectors } : {}),
    ...(options.payloads ? { payloads: options.payloads } : {}),
  });
  const { store, service, queue, engine } = runtime;
  let server: FastifyInstance | undefined;
  let stopBackground: (() => Promise<void>) | undefined;
  try {
    await ensureStartupToken(store, { adminToken: config.adminToken, dataDir: config.dataDir, logger });
    const app = await buildServer({ config, store, service, engine, logger });
    server = app;
    const workers = options.workers ?? true;
    stopBackground = await startBackground(runtime, { workers, ...(options.concurrency ? { concurrency: options.concurrency } : {}) }, logger);
    await app.listen({ host: config.host, port: config.port });
    const url = listeningUrl(app, config.host);
    logger.info({ url, store: store.location, workers }, `Patchbay is listening on ${url}`);
    const stop = stopBackground;
    return {
      server: app,
      url,
      store,
      service,
      queue,
      engine,
      async close() {
        // Requests first: a synchronous webhook in flight still needs the store.
        await app.close();
        await stop();
        await store.close();
      },
    };
  } catch (err) {
    await server?.close().catch(() => {});
    await stopBackground?.().catch(() => {});
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

/**
 * PORT=0 asks for any free port, but webhook URLs and the OAuth redirect URI are built from the
 * public URL before the server listens: pick the port first, so that a public URL derived from it
 * (no PATCHBAY_PUBLIC_URL) names the port that is really used.
 */
async function withConcretePort(config: Config): Promise<Config> {
  if (config.port !== 0) return config;
  const probe = createServer();
  await new Promise<void>((resolve, reject) => probe.once('error', reject).listen(0, config.host, resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (address === null || typeof address === 'string') return config;
  const derived = new URL(config.publicUrl).port === '0';
  return { ...config, port: address.port, publicUrl: derived ? config.publicUrl.replace(/:0$/, `:${address.port}`) : config.publicUrl };
}
