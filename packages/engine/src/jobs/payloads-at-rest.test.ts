import { existsSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { isoIn } from '@patchbay/core';
import { createEmbeddedQueue, createPostgresQueue, type Queue } from '@patchbay/queue';
import { AppError, Type, defineConnector } from '@patchbay/sdk';
import { createTestDatabase, describeWithPostgres, type TestDatabase } from '@patchbay/testkit';
import { KeyRing, generateMasterKey, loadPayloadCipher, rotateMasterKeys, verifyMasterKeys } from '@patchbay/vault';
import { type VaultHarness, startVault } from '@patchbay/vault/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Engine, createEngine } from '../engine.ts';
import { urlConnection } from '../testing/url-connection.ts';
import { createJobProgress, loadProgress } from './progress.ts';
import { insertJob } from './store.ts';

// Values that must never reach the disk in clear: one arrives in a webhook body, one is made by a
// step (never in the recipe, which is stored as it is), one is in the message of a step's error.
const bodyCanary = `body-canary-${randomBytes(6).toString('hex')}`;
const outputCanary = `output-canary-${randomBytes(6).toString('hex')}`;
const errorCanary = `error-canary-${randomBytes(6).toString('hex')}`;
const progressCanary = `progress-canary-${randomBytes(6).toString('hex')}`;
const CANARIES = [bodyCanary, outputCanary, errorCanary, progressCanary];

const app = defineConnector({
  key: 'canary',
  title: 'Canary',
  version: '1.0.0',
  connection: urlConnection,
  actions: {
    stamp: { title: 'Stamp', input: Type.Object({ name: Type.Unknown() }), run: async ({ input }) => ({ name: input.name, stamp: outputCanary }) },
    refuse: {
      title: 'Refuse',
      input: Type.Object({ name: Type.Unknown() }),
      run: async () => {
        throw new AppError('Canary', 400, 'REFUSED', `refused because of ${errorCanary}`);
      },
    },
  },
});

interface Running {
  vault: VaultHarness;
  engine: Engine;
  queue: Queue;
  close(): Promise<void>;
}

/** An engine as the server wires it (runtime.ts): payload keys stored in the database, sealed by the master key ring. */
async function startEncrypted(vault: VaultHarness, databaseUrl: string | undefined, ring: KeyRing = vault.keys): Promise<Running> {
  const queue = databaseUrl
    ? createPostgresQueue(databaseUrl, { pollIntervalMs: 50, retryDelaySeconds: 1, maintenanceIntervalSeconds: 1 })
    : createEmbeddedQueue(vault.store, { pollIntervalMs: 50, retryDelayMs: 50 });
  const engine = createEngine({
    store: vault.store,
    queue,
    connections: vault.service,
    connectors: [app],
    logger: vault.logger,
    publicUrl: 'http://127.0.0.1:8080',
    payloads: await loadPayloadCipher(vault.store, ring),
  });
  engine.leases.start();
  await engine.work(2);
  await queue.start();
  return {
    vault,
    engine,
    queue,
    async close() {
      await queue.stop({ timeoutMs: 2000 });
      await engine.leases.stop();
      await engine.close();
    },
  };
}

async function waitForJob(engine: Engine, vault: VaultHarness, jobId: string) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const job = await engine.recipes.job(vault.actor, jobId);
    if (job.status !== 'queued' && job.status !== 'running') return job;
    if (Date.now() > deadline) throw new Error(`job ${jobId} still ${job.status}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function failureOf(promise: Promise<unknown>): Promise<{ code: unknown; message: string }> {
  try {
    await promise;
  } catch (err) {
    return { code: err instanceof Error ? Reflect.get(err, 'code') : undefined, message: err instanceof Error ? err.message : String(err) };
  }
  throw new Error('expected a failure');
}

const PAYLOAD_COLUMNS = ['trigger_event', 'steps', 'result', 'error'] as const;

function suite(target: { databaseUrl(): string | undefined }): void {
  const keyA = generateMasterKey();
  let vault: VaultHarness;
  let run: Running;
  let connectionId = '';
  let failedJobId = '';
  let okJobId = '';
  let recipeId = '';
  /** Jobs whose stored payload a test altered on purpose. */
  const tampered = new Set<string>();

  beforeAll(async () => {
    const databaseUrl = target.databaseUrl();
    vault = await startVault({ connectors: [app], masterKey: keyA, ...(databaseUrl ? { databaseUrl } : {}) });
    await verifyMasterKeys(vault.store, vault.keys);
    run = await startEncrypted(vault, databaseUrl);
    connectionId = (await vault.service.create(vault.actor, { connector: 'canary', name: 'canary', fields: { url: 'http://127.0.0.1:9' } })).id;
  });
  afterAll(async () => {
    await run.close();
    await vault.close();
  });

  /** A running recipe: webhook → stamp → (refuse), answered synchronously. */
  async function recipe(refuse: boolean) {
    const { actor } = vault;
    const created = await run.engine.recipes.create(actor, {
      name: refuse ? 'refusing' : 'stamping',
      connections: { app: { connector: 'canary' } },
      trigger: { connector: 'webhook', trigger: 'webhook', input: { response: 'last_step' } },
      steps: [
        { id: 'stamp', slot: 'app', action: 'stamp', input: { name: '{{ trigger.body.name }}' } },
        ...(refuse ? [{ id: 'refuse', slot: 'app', action: 'refuse', input: { name: '{{ steps.stamp.output.name }}' } }] : []),
      ],
    });
    await run.engine.recipes.bind(actor, created.id, { app: connectionId });
    const started = await run.engine.recipes.start(actor, created.id, {});
    return { id: created.id, token: (started.webhookUrl ?? '').split('/webhooks/')[1] ?? '' };
  }

  it('stores a webhook body, a step output and an error message sealed, and shows them through the API', async () => {
    const refusing = await recipe(true);
    const failed = await run.engine.webhook(refusing.token, { method: 'POST', headers: {}, query: {}, body: { name: bodyCanary } });
    expect(failed.status).toBe(502);
    failedJobId = /"jobId":"(job_[^"]+)"/.exec(JSON.stringify(failed.body))?.[1] ?? '';
    const stamping = await recipe(false);
    recipeId = stamping.id;
    const ok = await run.engine.webhook(stamping.token, { method: 'POST', headers: {}, query: {}, body: { name: bodyCanary } });
    expect(ok).toEqual({ status: 200, body: { name: bodyCanary, stamp: outputCanary } });

    const job = await run.engine.recipes.job(vault.actor, failedJobId);
    expect(job.trigger).toMatchObject({ body: { name: bodyCanary } });
    expect(job.steps[0]).toMatchObject({ id: 'stamp', output: { name: bodyCanary, stamp: outputCanary } });
    expect(job.error?.message).toContain(errorCanary);
    const listed = await run.engine.recipes.jobs(vault.actor, refusing.id, { limit: 10 });
    expect(listed.items[0]?.error?.message).toContain(errorCanary);
    okJobId = (await run.engine.recipes.jobs(vault.actor, stamping.id, { limit: 10 })).items[0]?.id ?? '';
    expect((await run.engine.recipes.job(vault.actor, okJobId)).result).toEqual({ name: bodyCanary, stamp: outputCanary });

    // Durable-step progress, as a job that crashed mid-way leaves it.
    const progress = createJobProgress(run.engine.store, failedJobId, { durable: true });
    progress.succeeded('steps[0]', { path: 'steps[0]', id: 'stamp', type: 'action', status: 'succeeded', output: progressCanary, durationMs: 1 }, { progressCanary }, true);
    await progress.beforeAction();
    expect((await loadProgress(run.engine.store, failedJobId))?.entries[0]).toMatchObject({ kind: 'succeeded', output: { progressCanary } });

    const raw = await vault.store.db.selectFrom('jobs').select(['id', ...PAYLOAD_COLUMNS]).where('id', 'in', [failedJobId, okJobId]).execute();
    expect(raw).toHaveLength(2);
    for (const row of raw) {
      // Written at once, the trigger, steps and result are sealed as one group that the trigger column holds.
      expect(row.trigger_event.startsWith('enc1:pk1:')).toBe(true);
      expect([row.steps, row.result]).toEqual(['enc1:@trigger_event', 'enc1:@trigger_event']);
      if (row.error !== null) expect(row.error.startsWith('enc1:pk1:')).toBe(true);
    }
    expect(raw.find((row) => row.id === failedJobId)?.error).not.toBeNull();
    const rawProgress = await vault.store.db.selectFrom('job_progress').select('data').where('job_id', '=', failedJobId).execute();
    expect(rawProgress.map((r) => r.data.slice(0, 9))).toEqual(['enc1:pk1:']);
    const text = JSON.stringify([raw, rawProgress]);
    for (const canary of CANARIES) expect(text).not.toContain(canary);
  });

  it('reads a row written before payloads were encrypted', async () => {
    const legacy = await insertJob(run.engine.store.db, { workspaceId: vault.actor.workspaceId, recipeId, version: 1, trigger: {}, status: 'queued' });
    await vault.store.db
      .updateTable('jobs')
      .set({ status: 'succeeded', trigger_event: '{"body":{"old":true}}', steps: '{"records":[{"id":"old"}],"dropped":0}', result: '{"old":1}', error: '{"code":"x","message":"old error"}' })
      .where('id', '=', legacy.id)
      .execute();
    const job = await run.engine.recipes.job(vault.actor, legacy.id);
    expect(job).toMatchObject({ trigger: { body: { old: true } }, steps: [{ id: 'old' }], result: { old: 1 }, error: { code: 'x', message: 'old error' } });
  });

  it("refuses a value moved onto another job's row, or to another step", async () => {
    const moved = await insertJob(run.engine.store.db, { workspaceId: vault.actor.workspaceId, recipeId, version: 1, trigger: { mine: true }, status: 'queued' });
    await vault.store.db.updateTable('jobs').set({ status: 'cancelled' }).where('id', '=', moved.id).execute();
    const source = await vault.store.db.selectFrom('jobs').select(['trigger_event', 'error']).where('id', '=', failedJobId).executeTakeFirstOrThrow();
    await vault.store.db.updateTable('jobs').set({ trigger_event: source.trigger_event }).where('id', '=', moved.id).execute();
    tampered.add(moved.id);
    const failure = await failureOf(run.engine.recipes.job(vault.actor, moved.id));
    expect(failure.code).toBe('secrets_tampered');
    expect(failure.message).toContain(`jobs.trigger_event:${moved.id}`);
    expect(failure.message).not.toContain(bodyCanary);
    // A list shows the failure in that job's place instead of failing as a whole.
    await vault.store.db.updateTable('jobs').set({ error: source.error }).where('id', '=', moved.id).execute();
    const listed = await run.engine.recipes.jobs(vault.actor, recipeId, { limit: 50 });
    expect(listed.items.find((j) => j.id === moved.id)?.error?.code).toBe('secrets_tampered');
    // A reference to the row's sealed group from a column the group does not hold.
    const ok = await vault.store.db.selectFrom('jobs').select('error').where('id', '=', okJobId).executeTakeFirstOrThrow();
    await vault.store.db.updateTable('jobs').set({ error: 'enc1:@trigger_event' }).where('id', '=', okJobId).execute();
    expect((await failureOf(run.engine.recipes.job(vault.actor, okJobId))).code).toBe('secrets_tampered');
    await vault.store.db.updateTable('jobs').set({ error: ok.error }).where('id', '=', okJobId).execute();
    // A progress row moved to another step of the same job.
    await vault.store.db.updateTable('job_progress').set({ seq: 7 }).where('job_id', '=', failedJobId).execute();
    expect((await failureOf(loadProgress(run.engine.store, failedJobId))).code).toBe('secrets_tampered');
    await vault.store.db.deleteFrom('job_progress').where('job_id', '=', failedJobId).execute();
  });

  it('a job whose stored trigger fails its check is recorded as failed, not run', async () => {
    const queued = await insertJob(run.engine.store.db, { workspaceId: vault.actor.workspaceId, recipeId, version: 1, trigger: { n: 1 }, status: 'queued' });
    const other = await vault.store.db.selectFrom('jobs').select('trigger_event').where('id', '=', okJobId).executeTakeFirstOrThrow();
    await vault.store.db.updateTable('jobs').set({ trigger_event: other.trigger_event }).where('id', '=', queued.id).execute();
    tampered.add(queued.id);
    const outcome = await run.engine.executor.runQueued(queued.id);
    expect(outcome).toMatchObject({ status: 'failed', error: { code: 'secrets_tampered' } });
    const row = await vault.store.db.selectFrom('jobs').select(['status', 'error']).where('id', '=', queued.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('failed');
    expect(row.error?.startsWith('enc1:')).toBe(true);
  });

  it('a job recovered after a crash and a re-run read their trigger', async () => {
    const crashed = await insertJob(run.engine.store.db, { workspaceId: vault.actor.workspaceId, recipeId, version: 1, trigger: { body: { name: 'recovered' } }, status: 'running' });
    await vault.store.db.updateTable('jobs').set({ lease_until: isoIn(-1000) }).where('id', '=', crashed.id).execute();
    expect(await run.engine.recover(false)).toBeGreaterThanOrEqual(1);
    const recovered = await waitForJob(run.engine, vault, crashed.id);
    expect(recovered).toMatchObject({ status: 'succeeded', result: { name: 'recovered', stamp: outputCanary } });

    const rerun = await run.engine.recipes.rerun(vault.actor, okJobId);
    const again = await waitForJob(run.engine, vault, rerun.id);
    expect(again).toMatchObject({ status: 'succeeded', trigger: { body: { name: bodyCanary } }, result: { name: bodyCanary, stamp: outputCanary } });
  });

  it('holds no canary in the SQLite file or its WAL, before and after a checkpoint', async () => {
    const file = vault.store.dialect === 'sqlite' ? vault.store.location : undefined;
    if (!file) {
      // PostgreSQL: every payload column of every row, as stored.
      const rows = await vault.store.db.selectFrom('jobs').select(PAYLOAD_COLUMNS).execute();
      const text = JSON.stringify(rows);
      expect(text).toContain('enc1:pk1:');
      for (const canary of CANARIES) expect(text).not.toContain(canary);
      return;
    }
    const diskBytes = () => Buffer.concat([file, `${file}-wal`].filter((f) => existsSync(f)).map((f) => readFileSync(f)));
    const check = (bytes: Buffer) => {
      // The scan itself works: the ids written beside the payloads are found.
      expect(bytes.includes(failedJobId)).toBe(true);
      for (const canary of CANARIES) {
        for (const needle of [canary, Buffer.from(canary).toString('base64'), Buffer.from(canary).toString('hex')]) expect(bytes.includes(needle)).toBe(false);
      }
    };
    expect(existsSync(`${file}-wal`)).toBe(true);
    check(diskBytes());
    await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(vault.store.db);
    check(diskBytes());
  });

  it('master-key rotation keeps every job readable, by a process that has only the new key', async () => {
    const keyB = generateMasterKey();
    const ids = (await vault.store.db.selectFrom('jobs').select('id').execute()).map((r) => r.id).filter((id) => !tampered.has(id));
    expect(ids.length).toBeGreaterThanOrEqual(5);
    const before = await Promise.all(ids.map((id) => run.engine.recipes.job(vault.actor, id)));
    const rewrappedBefore = (await vault.store.db.selectFrom('payload_keys').select('wrapped').executeTakeFirstOrThrow()).wrapped;
    const result = await rotateMasterKeys(vault.store, KeyRing.fromBase64([keyB, keyA]));
    expect(result.remaining).toBe(0);
    const keyRow = await vault.store.db.selectFrom('payload_keys').selectAll().executeTakeFirstOrThrow();
    expect(keyRow.wrapped).not.toBe(rewrappedBefore);
    const ringB = KeyRing.fromBase64([keyB]);
    expect(keyRow.master_key_id).toBe(ringB.primary.kid);
    await verifyMasterKeys(vault.store, ringB);

    const restarted = await startEncrypted(vault, target.databaseUrl(), ringB);
    try {
      const after = await Promise.all(ids.map((id) => restarted.engine.recipes.job(vault.actor, id)));
      expect(after).toEqual(before);
    } finally {
      await restarted.close();
    }
  });
}

describe('job payloads at rest, SQLite', () => {
  suite({ databaseUrl: () => undefined });
});

describeWithPostgres('job payloads at rest, PostgreSQL', () => {
  let db: TestDatabase | undefined;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });
  suite({ databaseUrl: () => db?.url });
});
