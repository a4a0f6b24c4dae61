import { type Logger, PatchbayError } from '@patchbay/core';
import type { Store } from '@patchbay/store';
import type { RecipeDefinition } from '../definition/schema.ts';
import type { JobExecutor } from '../jobs/execute.ts';
import { type JobRow, finishedRow, newJobRow } from '../jobs/store.ts';
import type { JobWriter } from '../jobs/writer.ts';
import type { LocalRuns } from '../jobs/local-runs.ts';
import { REDACTED, isSecretName } from '../jobs/redact.ts';
import { loadDefinition } from '../recipes/repository.ts';
import { concurrencyOf } from './plan.ts';
import type { WebhookDirectory } from './webhook-directory.ts';

export interface WebhookRequest {
  method: string;
  /** As Node gives them; the event keeps them with lower-cased names, credentials masked. */
  headers: Record<string, string | string[] | undefined>;
  query: Record<string, unknown>;
  body: unknown;
}

export interface WebhookAnswer {
  /** 200 with the result, 202 queued or still running, 502 the recipe failed (documented by the route). */
  status: 200 | 202 | 502;
  body: unknown;
}

export interface WebhookDeps {
  store: Store;
  directory: WebhookDirectory;
  writer: JobWriter;
  executor: JobExecutor;
  logger: Logger;
  enqueue(job: JobRow, definition: RecipeDefinition): Promise<void>;
  /** Accepted jobs run in this process when it can (jobs/local-runs.ts); otherwise they are queued. */
  local: LocalRuns;
  /** The job lease of this process: a job stored as running and left by a crash runs again this long after. */
  leaseMs: number;
}

/** No running recipe listens at this URL; the message never echoes the token. */
class WebhookNotFoundError extends PatchbayError {
  constructor() {
    super('not_found', 404, 'No running recipe listens at this webhook URL. Check the URL, or start the recipe.');
  }
}

const DEFAULT_SYNC_TIMEOUT_MS = 10_000;
const MAX_SYNC_TIMEOUT_MS = 30_000;

/**
 * The event's headers, for mappings (``trigger.headers.`x-signature` ``). Credentials of the caller
 * (`Authorization`, `Proxy-Authorization`, `Cookie`, `X-Api-Key`, any `…token`/`…secret` header:
 * the names job history redacts) keep their name with the value "[redacted]", steps included: the
 * event is stored whole, for queued jobs and re-runs, and a stored row must not hold a credential in
 * clear. Masked rather than dropped, so that a mapping of one reads "[redacted]" instead of failing
 * as a missing value. Signature headers (`X-Hub-Signature-256`, `Stripe-Signature`) are kept: they
 * sign one body and are no use for another.
 */
function eventHeaders(raw: WebhookRequest['headers']): Record<string, string> {
  const headers: [string, string][] = [];
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    headers.push([lower, isSecretName(lower) ? REDACTED : Array.isArray(value) ? value.join(', ') : value]);
  }
  // fromEntries: a header named "__proto__" stays a header.
  return Object.fromEntries(headers);
}

function eventOf(request: WebhookRequest) {
  return { method: request.method, headers: eventHeaders(request.headers), query: request.query, body: request.body ?? null, receivedAt: new Date().toISOString() };
}

function syncTimeout(definition: RecipeDefinition): number {
  const raw = definition.trigger.input?.timeoutMs;
  return typeof raw === 'number' && raw > 0 ? Math.min(raw, MAX_SYNC_TIMEOUT_MS) : DEFAULT_SYNC_TIMEOUT_MS;
}

/**
 * A webhook event is persisted (as a job) before anything is answered, so an accepted event is
 * never lost. `response: "accepted"` answers 202 with the job id and its status (`running` when it
 * runs in this process, else `queued`); `response: "last_step"` runs the job here and answers with
 * its result, or 202 if it takes longer than the timeout (it then finishes in the background, and a
 * crash is recovered from the job's lease).
 */
export async function handleWebhook(deps: WebhookDeps, token: string, request: WebhookRequest): Promise<WebhookAnswer> {
  const recipe = await deps.directory.find(token);
  if (!recipe) throw new WebhookNotFoundError();
  const definition = await loadDefinition(deps.store, recipe.id, recipe.runningVersion);
  const synchronous = definition.trigger.input?.response === 'last_step';
  const job = { workspaceId: recipe.workspaceId, recipeId: recipe.id, version: recipe.runningVersion, trigger: eventOf(request) };
  if (!synchronous && deps.local.tryTake(recipe.id, concurrencyOf(definition))) {
    // Stored as running (with a lease) before the 202, then run from memory in this process.
    const row = newJobRow({ ...job, status: 'running', leaseMs: deps.leaseMs });
    try {
      await deps.writer.write(row);
    } catch (err) {
      deps.local.give(recipe.id);
      throw err;
    }
    deps.local.start(row, definition);
    return { status: 202, body: { jobId: row.id, status: 'running' } };
  }
  if (!synchronous) {
    const row = newJobRow({ ...job, status: 'queued' });
    await deps.writer.write(row);
    await deps.enqueue(row, definition);
    return { status: 202, body: { jobId: row.id, status: 'queued' } };
  }
  // A synchronous job is written once, when it has finished and before the answer: the event is
  // stored before anything is answered. If it outlasts the timeout it is written as running (with a
  // lease, so a crash is recovered) and answered 202 while it finishes, recording its steps from
  // then on (its progress is kept in memory until its row is stored), so that the process that
  // takes it over after a crash resumes after its last finished step.
  const row = newJobRow({ ...job, status: 'running', leaseMs: deps.leaseMs });
  const progress = deps.executor.progress(row.id);
  const running = deps.executor.execute(row, definition, progress);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), syncTimeout(definition));
  });
  const outcome = await Promise.race([running, timedOut]);
  clearTimeout(timer);
  if (!outcome) {
    await deps.writer.write(row);
    progress.makeDurable().catch((err: unknown) => deps.logger.warn({ err, jobId: row.id }, 'could not record the steps of a job that outlasted its timeout'));
    running
      .then((late) => deps.executor.finish(row.id, late, progress))
      .catch((err: unknown) => deps.logger.error({ err, jobId: row.id }, 'background job failed'));
    return { status: 202, body: { jobId: row.id, status: 'running' } };
  }
  await deps.writer.write(finishedRow(row, outcome));
  if (outcome.status === 'failed') {
    return { status: 502, body: { error: { code: 'job_failed', message: outcome.error?.message ?? 'The recipe failed.', details: { jobId: row.id, step: outcome.error?.step ?? null } } } };
  }
  return { status: 200, body: outcome.result ?? null };
}
