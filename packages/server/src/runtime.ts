import { chmod, mkdir } from 'node:fs/promises';
import type { Config, Logger } from '@patchbay/core';
import { createEngine, DEFAULT_WORKER_CONCURRENCY, type Engine } from '@patchbay/engine';
import { createEmbeddedQueue, createPostgresQueue, type Queue } from '@patchbay/queue';
import type { Connector } from '@patchbay/sdk';
import { createStore, type Store } from '@patchbay/store';
import { createConnectionService, loadPayloadCipher, loadVerifiedKeyRing, type ConnectionService, type PayloadCipher } from '@patchbay/vault';
import { loadConnectors } from './registry.ts';

/** What the web process and `patchbay worker` processes share. Nothing runs until `startBackground`. */
export interface Runtime {
  store: Store;
  service: ConnectionService;
  queue: Queue;
  engine: Engine;
}

export interface RuntimeOptions {
  logger: Logger;
  /** Default: every connector under connectors/ (registry.ts). */
  connectors?: Connector[];
  /** Default: the vault's cipher with the installation's payload keys. Benchmarks pass their plaintext baseline. */
  payloads?: PayloadCipher;
}

export interface BackgroundOptions {
  /** Run queued jobs and the trigger scheduler in this process. `false`: only enqueue (a web-only process). */
  workers: boolean;
  /** Jobs this process runs at once. Default 4. */
  concurrency?: number;
  /** How often the scheduler looks for due polling and schedule triggers, in ms. Default 1000. */
  schedulerIntervalMs?: number;
}

/**
 * Opens the runtime in the order that fails fastest and safest: the database is migrated, then the
 * master key is checked against the stored fingerprint (a wrong key refuses to start instead of
 * running jobs with credentials that cannot be decrypted), then the queue and engine are built.
 */
export async function openRuntime(config: Config, options: RuntimeOptions): Promise<Runtime> {
  const { logger } = options;
  // The data directory holds the master key file, the admin token and (embedded) the database:
  // private to the account that runs Patchbay, one made by an older version included.
  await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  await chmod(config.dataDir, 0o700);
  const store = createStore(config.databaseUrl);
  try {
    await store.migrate();
    const { ring } = await loadVerifiedKeyRing(store, { masterKey: config.masterKey, dataDir: config.dataDir, logger });
    // Job payloads at rest: their keys are unwrapped once here, after the ring has been verified.
    const payloads = options.payloads ?? (await loadPayloadCipher(store, ring));
    const connectors = options.connectors ?? (await loadConnectors());
    const service = createConnectionService({
      store,
      keys: ring,
      connectors,
      logger,
      redirectUri: `${config.publicUrl}/oauth/callback`,
      allowHttpHosts: config.allowHttpHosts,
      operatorEnv: config.operatorEnv,
    });
    const onError = (err: unknown) => logger.error({ err }, 'queue background work failed');
    // One database, one queue: PostgreSQL deployments share jobs between every serve and worker process.
    // The job lease also bounds how long a crashed process's queue slots stay taken.
    const queue =
      store.dialect === 'postgres'
        ? createPostgresQueue(config.databaseUrl, { onError, leaseSeconds: config.jobLeaseSeconds })
        : createEmbeddedQueue(store, { onError, leaseMs: config.jobLeaseSeconds * 1000 });
    const engine = createEngine({
      store,
      queue,
      connections: service,
      connectors,
      logger,
      publicUrl: config.publicUrl,
      jobLeaseMs: config.jobLeaseSeconds * 1000,
      payloads,
      expressions: { timeoutMs: config.expressionTimeoutMs, memoryMb: config.expressionMemoryMb, workers: config.expressionWorkers },
      ...(config.notifyUrl ? { notifyUrl: config.notifyUrl } : {}),
    });
    return { store, service, queue, engine };
  } catch (err) {
    await store.close().catch(() => {});
    throw err;
  }
}

/**
 * Starts the queue (needed to enqueue, even in a web-only process) and the renewal of job leases
 * (a web-only process runs synchronous webhook jobs), and, with workers, the job handler, a recovery
 * pass (jobs stored as queued or whose runner died before this start run now), the periodic recovery
 * sweep (jobs of processes that die later) and the trigger scheduler. Returns what stops them, in the
 * reverse order: leases are renewed until the queue has let running jobs finish.
 */
export async function startBackground(runtime: Runtime, options: BackgroundOptions, logger: Logger): Promise<() => Promise<void>> {
  const { queue, engine } = runtime;
  engine.leases.start();
  const stopQueue = async () => {
    // Accepted jobs running here first (they may not be queued any more), as long as the queue waits for its own.
    await engine.drainLocalRuns(30_000);
    await queue.stop();
    await engine.leases.stop();
    // Last: jobs that were still running evaluated their mappings until the queue let them finish.
    await engine.close();
  };
  try {
    if (options.workers) await engine.work(options.concurrency ?? DEFAULT_WORKER_CONCURRENCY);
    await queue.start();
    if (!options.workers) return stopQueue;
    const recovered = await engine.recover(true);
    if (recovered > 0) logger.info({ jobs: recovered }, 'queued jobs handed back to the queue');
    engine.recovery.start();
    engine.scheduler.start(options.schedulerIntervalMs ?? 1000);
  } catch (err) {
    await engine.recovery.stop().catch(() => {});
    await stopQueue().catch(() => {});
    throw err;
  }
  return async () => {
    await engine.scheduler.stop();
    await engine.recovery.stop();
    await stopQueue();
  };
}
