import { createLogger, type Config, type Logger } from '@patchbay/core';
import type { Engine } from '@patchbay/engine';
import type { Queue } from '@patchbay/queue';
import type { Connector } from '@patchbay/sdk';
import type { Store } from '@patchbay/store';
import { openRuntime, startBackground } from './runtime.ts';

export interface WorkerOptions {
  /** Default: the built-in connectors of registry.ts. */
  connectors?: Connector[];
  /** Default: a pino logger at `config.logLevel` writing to stdout. */
  logger?: Logger;
  /** Jobs this process runs at once. Default 4. */
  concurrency?: number;
}

export interface RunningWorker {
  store: Store;
  queue: Queue;
  engine: Engine;
  /** Stops the scheduler, then the queue (waiting for running jobs), then closes the store. */
  close(): Promise<void>;
}

/**
 * A process that runs queued jobs and the trigger scheduler without the HTTP API (`patchbay worker`).
 * Made for PostgreSQL, where any number of workers and `patchbay serve` processes share one database.
 */
export async function startWorker(config: Config, options: WorkerOptions = {}): Promise<RunningWorker> {
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const runtime = await openRuntime(config, { logger, ...(options.connectors ? { connectors: options.connectors } : {}) });
  const { store, queue, engine } = runtime;
  let stop: () => Promise<void>;
  try {
    stop = await startBackground(runtime, { workers: true, ...(options.concurrency ? { concurrency: options.concurrency } : {}) }, logger);
  } catch (err) {
    await store.close().catch(() => {});
    throw err;
  }
  logger.info({ store: store.location }, 'Patchbay worker is running');
  return {
    store,
    queue,
    engine,
    async close() {
      await stop();
      await store.close();
    },
  };
}
