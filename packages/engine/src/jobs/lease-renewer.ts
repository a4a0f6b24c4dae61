import type { Logger } from '@patchbay/core';
import type { Store } from '@patchbay/store';
import { type Repeating, repeatEvery } from './repeat.ts';
import { DEFAULT_JOB_LEASE_MS, renewLeases } from './store.ts';

/** Ids per UPDATE: far below the bound-parameter limits of SQLite (32 766) and PostgreSQL (65 535). */
const IDS_PER_STATEMENT = 1_000;

export interface LeaseRenewer {
  /** The lease this process takes when it claims a job and renews while the job runs, in ms. */
  readonly leaseMs: number;
  /** Keeps renewing the job's lease until `release`. Only a Set operation: every webhook job calls it. */
  hold(jobId: string): void;
  release(jobId: string): void;
  /** Starts the one timer of the process. */
  start(): void;
  /** Stops the timer, waiting for a renewal in progress. Call it after running jobs have finished. */
  stop(): Promise<void>;
}

/**
 * One renewer per process instead of one timer per job: the ids of the jobs running here, and every
 * third of the lease one UPDATE that extends all their leases. A job whose process dies stops being
 * renewed, and the recovery sweep of another process queues it again once its lease has run out.
 */
export function createLeaseRenewer(deps: { store: Store; logger: Logger; leaseMs: number }): LeaseRenewer {
  const held = new Set<string>();
  // A synchronous webhook job outlasting its timeout is written with the default lease (newJobRow):
  // the first renewal must come before that runs out, even when the configured lease is longer.
  const everyMs = Math.min(deps.leaseMs, DEFAULT_JOB_LEASE_MS) / 3;
  let loop: Repeating | undefined;

  async function renew(): Promise<void> {
    const ids = [...held];
    for (let i = 0; i < ids.length; i += IDS_PER_STATEMENT) {
      await renewLeases(deps.store, ids.slice(i, i + IDS_PER_STATEMENT), deps.leaseMs);
    }
  }

  return {
    leaseMs: deps.leaseMs,
    hold: (jobId) => void held.add(jobId),
    release: (jobId) => void held.delete(jobId),
    start() {
      loop ??= repeatEvery(everyMs, renew, (err) => deps.logger.warn({ err, jobs: held.size }, 'could not renew job leases'));
    },
    async stop() {
      await loop?.stop();
      loop = undefined;
    },
  };
}
