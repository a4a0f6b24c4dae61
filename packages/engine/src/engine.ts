import { type Logger, type Page, type PageRequest, decodeCursor, pageFrom } from '@patchbay/core';
import type { Queue } from '@patchbay/queue';
import type { Connector } from '@patchbay/sdk';
import type { NotificationsTable, Store } from '@patchbay/store';
import type { ConnectionService } from '@patchbay/vault';
import type { RecipeDefinition } from './definition/schema.ts';
import { type Builtins, validateRecipe } from './definition/index.ts';
import { createEvaluator } from './jobs/evaluator.ts';
import { createExpressionPool } from './mapping/index.ts';
import { createJobExecutor } from './jobs/execute.ts';
import { RecipeSlots, createLocalRuns } from './jobs/local-runs.ts';
import { createLeaseRenewer } from './jobs/lease-renewer.ts';
import { createJobWriter } from './jobs/writer.ts';
import { createRecoveryLoop, recoverJobs } from './jobs/recovery.ts';
import type { Scope } from './jobs/runner.ts';
import { JobPayloads, type PayloadCipher, processPayloadCipher, storeWithPayloads } from './jobs/payloads.ts';
import { DEFAULT_JOB_LEASE_MS, type QueuedJob } from './jobs/store.ts';
import { createNotifier } from './notify.ts';
import { recipesUsingConnections, runningRecipesUsing } from './recipes/repository.ts';
import { createRecipeService } from './recipes/service.ts';
import { assertBuiltinTriggerInput } from './triggers/builtin-input.ts';
import { concurrencyOf, planTrigger } from './triggers/plan.ts';
import { createScheduler } from './triggers/scheduler.ts';
import { type WebhookRequest, handleWebhook } from './triggers/webhook.ts';
import { createWebhookDirectory } from './triggers/webhook-directory.ts';


/**
 * Jobs one process runs at once by default (`serve`, `patchbay worker --concurrency`). Above a webhook
 * recipe's default concurrency (10), so one busy recipe can use all of its slots in one process; jobs
 * mostly wait on apps' answers, so 16 in flight cost little CPU. It was 4, which capped every recipe
 * at 4 per process whatever its concurrency said.
 */
export const DEFAULT_WORKER_CONCURRENCY = 16;
export const RECIPE_JOB = 'recipe-job';

export interface EngineOptions {
  store: Store;
  queue: Queue;
  connections: ConnectionService;
  connectors: readonly Connector[];
  logger: Logger;
  /** Base of webhook URLs. */
  publicUrl: string;
  /** `PATCHBAY_NOTIFY_URL`: notifications are also POSTed here. */
  notifyUrl?: string;
  /**
   * How long a job's lease lasts, in ms: renewed every third of it while the job runs; once it has
   * run out, the recovery sweep of any process queues the job again. `PATCHBAY_JOB_LEASE_SECONDS`.
   * Default 30 000.
   */
  jobLeaseMs?: number;
  /** Consecutive trigger authentication failures before a recipe stops. Default 10. */
  maxAuthFailures?: number;
  /** Default: `validateRecipe` against `connectors` and the built-in triggers. */
  validate?(definition: unknown): RecipeDefinition;
  /**
   * Limits of mapping expressions that are not read directly: each runs in a child process of the
   * engine's expression pool (mapping/expression-pool.ts), stopped past `timeoutMs` or `memoryMb`.
   * `PATCHBAY_EXPRESSION_TIMEOUT_MS`, `PATCHBAY_EXPRESSION_MEMORY_MB`, `PATCHBAY_EXPRESSION_WORKERS`.
   * Defaults 1000 ms, 64 MB, 2 processes (started when the first expression needs one).
   */
  expressions?: { timeoutMs?: number; memoryMb?: number; workers?: number };
  /** Default: JSONata mappings compiled once per definition, evaluated through the expression pool. */
  evaluate?(mapping: unknown, scope: Scope, location: string): Promise<unknown>;
  /**
   * Encrypts job payloads at rest (jobs/payloads.ts): a server passes the vault's
   * (`loadPayloadCipher`, keys stored sealed by the master key). Default: a random key of this
   * process, for test harnesses and benchmarks only, since nothing written with it can be read
   * after the process ends.
   */
  payloads?: PayloadCipher;
}

/** Triggers that need no connection. */
export const BUILTINS: Builtins = {
  triggers: { webhook: { connector: 'webhook', trigger: 'webhook' }, schedule: { connector: 'schedule', trigger: 'cron' } },
  connectionless: [],
};

export type Engine = ReturnType<typeof createEngine>;

/**
 * Recipes from definition to job history. The web process and `patchbay worker` processes build
 * the same engine; the web process answers the API and webhooks, workers run queued jobs, and any
 * of them may run the trigger scheduler.
 */
export function createEngine(options: EngineOptions) {
  const { queue, logger } = options;
  // Every part of the engine works through this handle: it carries the payload cipher (jobs/payloads.ts).
  const store = storeWithPayloads(options.store, new JobPayloads(options.payloads ?? processPayloadCipher(options.store)));
  const byKey = new Map(options.connectors.map((c) => [c.key, c]));
  const validate = options.validate ?? ((definition: unknown) => assertBuiltinTriggerInput(validateRecipe(definition, (key) => byKey.get(key), BUILTINS)));
  const leaseMs = options.jobLeaseMs ?? DEFAULT_JOB_LEASE_MS;
  const leases = createLeaseRenewer({ store, logger, leaseMs });
  const expressions = createExpressionPool({ workers: options.expressions?.workers, memoryMb: options.expressions?.memoryMb, logger });
  const evaluate = options.evaluate ?? createEvaluator({ runner: expressions, timeoutMs: options.expressions?.timeoutMs });
  const slots = new RecipeSlots();
  const writer = createJobWriter(store);
  const executor = createJobExecutor({ store, connections: options.connections, logger, leases, evaluate, slots, writer });
  const local = createLocalRuns({ executor, slots, logger });
  const enqueue = async (job: QueuedJob, definition: RecipeDefinition): Promise<void> => {
    await queue.enqueue(RECIPE_JOB, { jobId: job.id }, { group: job.recipe_id, groupConcurrency: concurrencyOf(definition) });
  };
  const recovery = createRecoveryLoop({ store, logger, enqueue, everyMs: leaseMs / 3 });
  const notify = createNotifier({ store, logger, ...(options.notifyUrl ? { notifyUrl: options.notifyUrl } : {}) });
  const directory = createWebhookDirectory(store);
  const recipes = createRecipeService({
    store,
    connections: options.connections,
    connectors: (key) => byKey.get(key),
    logger,
    publicUrl: options.publicUrl,
    validate,
    plan: planTrigger,
    enqueue,
    onStatusChange: directory.forget,
  });
  const scheduler = createScheduler({ store, connections: options.connections, logger, enqueue, notify, ...(options.maxAuthFailures ? { maxAuthFailures: options.maxAuthFailures } : {}) });

  return {
    /** The store as the engine uses it: job payloads written through it are sealed, and opened when read. */
    store,
    recipes,
    executor,
    scheduler,
    webhook: (token: string, request: WebhookRequest) => handleWebhook({ store, directory, writer, executor, logger, enqueue, local, leaseMs }, token, request),
    runningRecipesUsing: (workspaceId: string, connectionId: string) => runningRecipesUsing(store, workspaceId, connectionId),
    /** Every recipe (running or stopped) bound to each connection, by connection id, sorted by name: one query for all of them. */
    recipesUsingConnections: (workspaceId: string, connectionIds: readonly string[]) => recipesUsingConnections(store, workspaceId, connectionIds),
    /** The workspace's notifications, newest first, by (created_at, id) descending. */
    async notifications(workspaceId: string, page: PageRequest = { limit: 50 }): Promise<Page<NotificationsTable>> {
      let query = store.db.selectFrom('notifications').selectAll().where('workspace_id', '=', workspaceId);
      if (page.cursor !== undefined) {
        const after = decodeCursor('notifications', page.cursor);
        query = query.where((eb) => eb(eb.refTuple('created_at', 'id'), '<', eb.tuple(after.at, after.id)));
      }
      const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(page.limit + 1).execute();
      return pageFrom(rows, page, 'notifications', (row) => ({ at: row.created_at, id: row.id }), (row) => row);
    },
    /** Registers the job handler; the queue runs it once started. */
    async work(concurrency = DEFAULT_WORKER_CONCURRENCY): Promise<void> {
      await queue.work<{ jobId: string }>(RECIPE_JOB, async (job) => {
        await executor.runQueued(job.payload.jobId);
      }, { concurrency });
      // One process owns an embedded store's queue: accepted webhook jobs can run where they arrive.
      if (options.store.dialect === 'sqlite') local.enable();
    },
    /** Waits (at most `timeoutMs`) for accepted jobs running in this process, and takes no more: call it before stopping the queue. */
    drainLocalRuns: (timeoutMs: number) => local.drain(timeoutMs),
    /** One recovery sweep (see recoverJobs); `includeQueued` at start-up. */
    recover: (includeQueued: boolean) => recoverJobs(store, enqueue, { includeQueued }),
    /** The periodic recovery sweep: start it in every process that runs workers. */
    recovery,
    /** Lease renewal of the jobs this process runs: start it in every process, web-only too (synchronous webhook jobs run there). */
    leases,
    /** The processes that evaluate mapping expressions (started as expressions need them). */
    expressions,
    /** Ends the expression processes: call it once no job runs any more (after the queue and the HTTP server have stopped). */
    close: () => expressions.close(),
  };
}
