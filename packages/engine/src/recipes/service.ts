import { ConflictError, InvalidInputError, NotFoundError, type Logger, type Page, type PageRequest, decodeCursor, isoNow, newToken, pageFrom, summarizeProblems } from '@patchbay/core';
import type { Connector } from '@patchbay/sdk';
import type { Store } from '@patchbay/store';
import type { Actor, ConnectionService } from '@patchbay/vault';
import type { RecipeDefinition } from '../definition/schema.ts';
import { type JobQuery, listJobs } from '../jobs/list.ts';
import { jobStats } from '../jobs/stats.ts';
import { type JobRow, findJob, insertJob, jobSummary, jobView } from '../jobs/store.ts';
import type { TriggerPlan } from '../triggers/plan.ts';
import { type RecipeRow, findRecipe, findVersion, forgetBindings, insertRecipe, loadBindings, loadDefinition, saveVersion, updateRecipe } from './repository.ts';
import { dynamicSchemaProblems } from './dynamic-check.ts';
import { checkSlots } from './slots.ts';
import type { BindInput, JobStats, JobSummary, JobView, RecipeSummary, RecipeView, StartInput, TriggerSummary, VersionDetailView, VersionView } from './views.ts';


/** The version a `versions` cursor ends at; 400 for a cursor Patchbay did not issue. */
function versionAfter(cursor: string): number {
  const version = Number(decodeCursor('versions', cursor).id);
  if (Number.isInteger(version) && version > 0) return version;
  throw new InvalidInputError('query.cursor is not a cursor Patchbay issued: pass the "next" value of the previous page unchanged.', [
    { path: 'query.cursor', message: 'is not a cursor Patchbay issued' },
  ]);
}
export interface RecipeServiceDeps {
  store: Store;
  connections: ConnectionService;
  logger: Logger;
  /** Base of webhook URLs: `${publicUrl}/webhooks/<token>`. */
  publicUrl: string;
  /** Validates a definition against the schema and the connectors; throws InvalidInputError with every problem. */
  validate(definition: unknown): RecipeDefinition;
  /** How the recipe's trigger starts and where events come from. */
  plan(definition: RecipeDefinition): TriggerPlan;
  /** Hands a queued job to the queue. */
  enqueue(job: JobRow, definition: RecipeDefinition): Promise<void>;
  /** Told after a recipe starts, stops or is deleted (the webhook directory forgets what it knew). */
  onStatusChange(): void;
  /** Installed connectors: their actions' scopes and dynamic schemas. */
  connectors(key: string): Connector | undefined;
}

export type RecipeService = ReturnType<typeof createRecipeService>;

const actorName = (actor: Actor) => `user:${actor.userId}`;

function triggerSummary(definition: RecipeDefinition): TriggerSummary {
  const { slot, connector, trigger } = definition.trigger;
  const source = slot === undefined ? connector : definition.connections[slot]?.connector;
  return { connector: source ?? 'unknown', trigger, slot: slot ?? null };
}

export function createRecipeService(deps: RecipeServiceDeps) {
  const { store } = deps;

  async function summary(actor: Actor, row: RecipeRow, definition: RecipeDefinition): Promise<RecipeSummary> {
    const slots = await checkSlots(deps.connections, deps.connectors, actor, definition, await loadBindings(store, row.id));
    return {
      id: row.id,
      name: row.name,
      description: definition.description ?? null,
      status: row.status === 'running' ? 'running' : 'stopped',
      statusReason: row.status_reason,
      version: row.current_version,
      runningVersion: row.running_version,
      trigger: triggerSummary(definition),
      connections: slots,
      webhookUrl: row.webhook_token && row.status === 'running' ? `${deps.publicUrl}/webhooks/${row.webhook_token}` : null,
      triggerFailures: row.trigger_failures,
      startedAt: row.started_at,
      stoppedAt: row.stopped_at,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }

  async function view(actor: Actor, row: RecipeRow): Promise<RecipeView> {
    const definition = await loadDefinition(store, row.id, row.current_version);
    return { ...(await summary(actor, row, definition)), definition: { ...definition } };
  }

  return {
    /** Oldest first, by (created_at, id): a recipe created while a client pages through appears on its last page. */
    async list(actor: Actor, page: PageRequest): Promise<Page<RecipeSummary>> {
      let query = store.db.selectFrom('recipes').selectAll().where('workspace_id', '=', actor.workspaceId);
      if (page.cursor !== undefined) {
        const after = decodeCursor('recipes', page.cursor);
        query = query.where((eb) => eb(eb.refTuple('created_at', 'id'), '>', eb.tuple(after.at, after.id)));
      }
      const rows = await query.orderBy('created_at').orderBy('id').limit(page.limit + 1).execute();
      const listed = pageFrom(rows, page, 'recipes', (row) => ({ at: row.created_at, id: row.id }), (row) => row);
      const items = await Promise.all(listed.items.map(async (row) => summary(actor, row, await loadDefinition(store, row.id, row.current_version))));
      return { items, next: listed.next };
    },

    async get(actor: Actor, id: string): Promise<RecipeView> {
      return view(actor, await findRecipe(store, actor.workspaceId, id));
    },

    /** Also the import: an exported definition imports as it is. */
    async create(actor: Actor, definition: unknown): Promise<RecipeView> {
      const valid = deps.validate(definition);
      return view(actor, await insertRecipe(store, actor.workspaceId, actorName(actor), valid));
    },

    /** Saves a new version; a running recipe keeps running the version it started with. */
    async update(actor: Actor, id: string, definition: unknown): Promise<RecipeView> {
      const row = await findRecipe(store, actor.workspaceId, id);
      const valid = deps.validate(definition);
      return view(actor, await saveVersion(store, row, actorName(actor), valid));
    },

    async remove(actor: Actor, id: string): Promise<void> {
      const row = await findRecipe(store, actor.workspaceId, id);
      if (row.status === 'running') throw new ConflictError('recipe_running', `Recipe "${row.name}" is running: stop it before deleting it.`);
      await store.db.deleteFrom('recipes').where('id', '=', id).execute();
      deps.onStatusChange();
    },

    async bind(actor: Actor, id: string, input: BindInput): Promise<RecipeView> {
      const row = await findRecipe(store, actor.workspaceId, id);
      const definition = await loadDefinition(store, row.id, row.current_version);
      const problems: { path: string; message: string }[] = [];
      for (const [slot, connectionId] of Object.entries(input)) {
        const declared = definition.connections[slot];
        if (!declared) {
          problems.push({ path: slot, message: `is not a slot of this recipe (slots: ${Object.keys(definition.connections).join(', ') || 'none'})` });
          continue;
        }
        if (connectionId === null) continue;
        const connection = await deps.connections.get(actor, connectionId).catch((err: unknown) => {
          if (err instanceof NotFoundError) return undefined;
          throw err;
        });
        if (!connection) problems.push({ path: slot, message: `connection "${connectionId}" does not exist in this workspace` });
        else if (connection.connector !== declared.connector) {
          problems.push({ path: slot, message: `needs a ${declared.connector} connection; "${connection.name}" is a ${connection.connector} connection` });
        }
      }
      if (problems.length > 0) throw new InvalidInputError(`Cannot bind: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}.`, problems);
      await store.db.transaction().execute(async (tx) => {
        for (const [slot, connectionId] of Object.entries(input)) {
          await tx.deleteFrom('recipe_bindings').where('recipe_id', '=', id).where('slot', '=', slot).execute();
          if (connectionId !== null) await tx.insertInto('recipe_bindings').values({ recipe_id: id, slot, connection_id: connectionId }).execute();
        }
      });
      forgetBindings(store, id);
      return view(actor, row);
    },

    /** Refuses (409 connections_required, each slot and why) unless every slot is bound to a working connection. */
    async start(actor: Actor, id: string, input: StartInput): Promise<RecipeView> {
      const row = await findRecipe(store, actor.workspaceId, id);
      const definition = await loadDefinition(store, row.id, row.current_version);
      const bindings = await loadBindings(store, row.id);
      const slots = await checkSlots(deps.connections, deps.connectors, actor, definition, bindings, { test: true });
      const blocked = slots.filter((s) => !s.ready);
      if (blocked.length > 0) {
        throw new ConflictError(
          'connections_required',
          `Recipe "${row.name}" cannot start: ${blocked.map((s) => `slot "${s.slot}" ${s.reason ?? 'is not ready'}`).join('; ')}.`,
          blocked.map((s) => ({ slot: s.slot, connector: s.connector, connectionId: s.connectionId, reason: s.reason, missingScopes: s.missingScopes })),
        );
      }
      const invalid = await dynamicSchemaProblems(deps.connections, deps.connectors, actor, definition, bindings);
      if (invalid.length > 0) {
        throw new ConflictError(
          'steps_invalid',
          `Recipe "${row.name}" cannot start: its steps do not match what the connected apps have: ${summarizeProblems(invalid)}. Fix the steps, or refresh the app's schema if it changed.`,
          invalid,
        );
      }
      const plan = deps.plan(definition);
      const now = isoNow();
      await updateRecipe(store, id, {
        status: 'running',
        status_reason: null,
        running_version: row.current_version,
        started_at: now,
        trigger_failures: 0,
        webhook_token: plan.kind === 'webhook' ? (row.webhook_token ?? newToken('wh')) : row.webhook_token,
        ...plan.onStart(row, input, new Date(now)),
      });
      deps.onStatusChange();
      deps.logger.info({ recipeId: id, version: row.current_version }, 'recipe started');
      return view(actor, await findRecipe(store, actor.workspaceId, id));
    },

    async stop(actor: Actor, id: string): Promise<RecipeView> {
      await findRecipe(store, actor.workspaceId, id);
      await updateRecipe(store, id, { status: 'stopped', status_reason: null, stopped_at: isoNow(), next_trigger_at: null });
      deps.onStatusChange();
      return view(actor, await findRecipe(store, actor.workspaceId, id));
    },

    /** Newest first, a page at a time; the cursor holds the last version listed. */
    async versions(actor: Actor, id: string, page: PageRequest): Promise<Page<VersionView>> {
      const row = await findRecipe(store, actor.workspaceId, id);
      let query = store.db.selectFrom('recipe_versions').select(['version', 'created_at', 'created_by']).where('recipe_id', '=', id);
      if (page.cursor !== undefined) query = query.where('version', '<', versionAfter(page.cursor));
      const rows = await query.orderBy('version', 'desc').limit(page.limit + 1).execute();
      return pageFrom(
        rows,
        page,
        'versions',
        (v) => ({ at: v.created_at, id: String(v.version) }),
        (v) => ({ version: v.version, createdAt: v.created_at, createdBy: v.created_by, running: row.status === 'running' && row.running_version === v.version }),
      );
    },

    /** One version and the definition it holds; 404 naming the recipe when it has no such version. */
    async version(actor: Actor, id: string, version: number): Promise<VersionDetailView> {
      const row = await findRecipe(store, actor.workspaceId, id);
      const saved = await findVersion(store, row, version);
      const running = row.status === 'running' && row.running_version === saved.version;
      return { version: saved.version, createdAt: saved.createdAt, createdBy: saved.createdBy, running, definition: { ...saved.definition } };
    },

    /** The definition exactly as saved: no ids, no bindings, no credentials. */
    async exportDefinition(actor: Actor, id: string): Promise<RecipeDefinition> {
      const row = await findRecipe(store, actor.workspaceId, id);
      return loadDefinition(store, row.id, row.current_version);
    },

    /** The workspace's jobs, newest first, across recipes unless `query.recipe` names one. */
    listJobs: (actor: Actor, query: JobQuery): Promise<Page<JobSummary>> => listJobs(store, actor.workspaceId, query),

    /** One recipe's jobs, newest first; 404 when the recipe does not exist. */
    async jobs(actor: Actor, id: string, query: Omit<JobQuery, 'recipe'>): Promise<Page<JobSummary>> {
      await findRecipe(store, actor.workspaceId, id);
      return listJobs(store, actor.workspaceId, { ...query, recipe: id });
    },

    /** Jobs per clock hour by status over the last `hours` hours, of one recipe (404 when it does not exist) or all of them. */
    async jobStats(actor: Actor, query: { recipe?: string | undefined; hours: number }): Promise<JobStats> {
      if (query.recipe !== undefined) await findRecipe(store, actor.workspaceId, query.recipe);
      return jobStats(store, actor.workspaceId, { ...query, now: new Date() });
    },

    async job(actor: Actor, jobId: string): Promise<JobView> {
      return jobView(await findJob(store, actor.workspaceId, jobId));
    },

    /**
     * Cancels a job that has not started: it will never run. A running job cannot be stopped midway
     * (its steps may already have written to apps) and finishes on its own.
     */
    async cancel(actor: Actor, jobId: string): Promise<JobSummary> {
      const job = await findJob(store, actor.workspaceId, jobId);
      const result = await store.db
        .updateTable('jobs')
        .set({ status: 'cancelled', finished_at: isoNow(), lease_until: null })
        .where('id', '=', job.id)
        .where('status', '=', 'queued')
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) {
        throw new ConflictError('job_not_queued', `Job ${job.id} is ${job.status}: only a queued job can be cancelled. A running job finishes on its own.`, { status: job.status });
      }
      return jobSummary(await findJob(store, actor.workspaceId, jobId));
    },

    /** Runs the same trigger event again, on the version the recipe runs now (or its current one). */
    async rerun(actor: Actor, jobId: string): Promise<JobSummary> {
      const original = await findJob(store, actor.workspaceId, jobId);
      const recipe = await findRecipe(store, actor.workspaceId, original.recipe_id);
      const version = recipe.running_version ?? recipe.current_version;
      const definition = await loadDefinition(store, recipe.id, version);
      const job = await insertJob(store.db, {
        workspaceId: actor.workspaceId,
        recipeId: recipe.id,
        version,
        trigger: JSON.parse(original.trigger_event),
        status: 'queued',
        rerunOf: original.id,
      });
      await deps.enqueue(job, definition);
      return jobSummary(job);
    },
  };
}
