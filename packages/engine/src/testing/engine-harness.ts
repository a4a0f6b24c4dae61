import http from '@patchbay/connector-http';
import { createEmbeddedQueue, createPostgresQueue, type Queue } from '@patchbay/queue';
import type { Connector } from '@patchbay/sdk';
import { type VaultHarness, startVault } from '@patchbay/vault/testing';
import { type Engine, createEngine } from '../engine.ts';
import type { PayloadCipher } from '../jobs/payloads.ts';

export interface EngineHarness {
  vault: VaultHarness;
  engine: Engine;
  queue: Queue;
  /** Waits until the job leaves queued/running, then returns its view. */
  waitForJob(jobId: string, timeoutMs?: number): ReturnType<Engine['recipes']['job']>;
  close(): Promise<void>;
}

/**
 * A real engine on the embedded store and queue, over a real vault, with job leases renewed as in a
 * server process. The recovery sweep is not started: tests that need it start `engine.recovery`.
 */
export async function startEngine(
  options: { connectors?: Connector[]; vault?: VaultHarness; maxAuthFailures?: number; notifyUrl?: string; databaseUrl?: string; jobLeaseMs?: number; payloads?: PayloadCipher } = {},
): Promise<EngineHarness> {
  const connectors = options.connectors ?? [http];
  const vault = options.vault ?? (await startVault({ connectors, ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}) }));
  const queue = options.databaseUrl
    ? createPostgresQueue(options.databaseUrl, { pollIntervalMs: 50, retryDelaySeconds: 1, maintenanceIntervalSeconds: 1 })
    : createEmbeddedQueue(vault.store, { pollIntervalMs: 50, retryDelayMs: 50 });
  const engine = createEngine({
    store: vault.store,
    queue,
    connections: vault.service,
    connectors,
    logger: vault.logger,
    publicUrl: 'http://127.0.0.1:8080',
    ...(options.maxAuthFailures ? { maxAuthFailures: options.maxAuthFailures } : {}),
    ...(options.notifyUrl ? { notifyUrl: options.notifyUrl } : {}),
    ...(options.jobLeaseMs ? { jobLeaseMs: options.jobLeaseMs } : {}),
    ...(options.payloads ? { payloads: options.payloads } : {}),
  });
  engine.leases.start();
  await engine.work(4);
  await queue.start();
  return {
    vault,
    engine,
    queue,
    async waitForJob(jobId, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const job = await engine.recipes.job(vault.actor, jobId);
        if (job.status !== 'queued' && job.status !== 'running') return job;
        if (Date.now() > deadline) throw new Error(`job ${jobId} still ${job.status} after ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    async close() {
      await engine.scheduler.stop();
      await engine.recovery.stop();
      await queue.stop({ timeoutMs: 2000 });
      await engine.leases.stop();
      await engine.close();
      if (!options.vault) await vault.close();
    },
  };
}
