import { PatchbayError } from '@patchbay/core';
import type { ConnectionsTable, Store } from '@patchbay/store';
import { connectionAad, oauthSessionAad, payloadKeyAad } from './aad.ts';
import { rewrap, sealedKeyId } from './envelope.ts';
import type { KeyRing } from './keyring.ts';
import { keysInUse, syncKeyStates, verifyMasterKeys } from './master-keys.ts';

export interface RotateOptions {
  /**
   * Called after each record, awaited if it returns a promise. `total` is the count found at the
   * start, raised if writers add more meanwhile. Default: none.
   */
  onProgress?(done: number, total: number): void | Promise<void>;
  /** Records read per query. Default 100. */
  batchSize?: number;
}

export interface RotateResult {
  /** Records whose data key was re-wrapped under the primary. */
  rewrapped: number;
  /** Compare-and-swap writes lost to a concurrent writer and retried on the fresh row. */
  retried: number;
  /** Records still under another key (a server still running with an old primary kept writing). */
  remaining: number;
}

// A record changed by writers this often is retried on the next pass rather than spun on here.
const MAX_ATTEMPTS = 20;
// Each pass starts over, catching rows written under an old key behind the cursor (a server that
// has not yet restarted with the new primary); a few passes settle it, more would chase a live writer.
const MAX_PASSES = 3;

type ConnectionCandidate = Pick<ConnectionsTable, 'id' | 'workspace_id' | 'secrets' | 'key_id' | 'version'>;

/**
 * Re-wraps every record's data key under the ring's primary, leaving ciphertext untouched; safe
 * while servers run. A connection is written with compare-and-swap on `version` (as every writer
 * does), so a concurrent update is never overwritten: the fresh row is re-read and re-wrapped.
 * Afterwards keys nothing uses are marked `retired`.
 */
export async function rotateMasterKeys(store: Store, ring: KeyRing, options: RotateOptions = {}): Promise<RotateResult> {
  // Refuses before touching anything when a record needs a key this ring lacks; registers the primary.
  await verifyMasterKeys(store, ring);
  const run: Run = { ring, store, batch: options.batchSize ?? 100, done: 0, total: 0, rewrapped: 0, retried: 0, onProgress: options.onProgress };
  run.total = await countCandidates(store, ring);
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const seen = (await rotateConnections(run)) + (await rotateSessions(run)) + (await rotatePayloadKeys(run));
    if (seen === 0) break;
  }
  await syncKeyStates(store, ring.primary, new Set((await keysInUse(store)).keys()));
  return { rewrapped: run.rewrapped, retried: run.retried, remaining: await countCandidates(store, ring) };
}

interface Run {
  ring: KeyRing;
  store: Store;
  batch: number;
  done: number;
  total: number;
  rewrapped: number;
  retried: number;
  onProgress: RotateOptions['onProgress'];
}

async function progress(run: Run): Promise<void> {
  run.done += 1;
  run.total = Math.max(run.total, run.done);
  await run.onProgress?.(run.done, run.total);
}

function connectionsToRotate(run: Run, cursor: string) {
  return run.store.db
    .selectFrom('connections')
    .select(['id', 'workspace_id', 'secrets', 'key_id', 'version'])
    .where('secrets', 'is not', null)
    .where((eb) => eb.or([eb('key_id', 'is', null), eb('key_id', '!=', run.ring.primary.kid)]))
    .where('id', '>', cursor)
    .orderBy('id');
}

async function rotateConnections(run: Run): Promise<number> {
  let cursor = '';
  let seen = 0;
  for (;;) {
    const rows = await connectionsToRotate(run, cursor).limit(run.batch).execute();
    for (const row of rows) {
      await rotateConnection(run, row);
      await progress(run);
    }
    seen += rows.length;
    const last = rows.at(-1);
    if (!last || rows.length < run.batch) return seen;
    cursor = last.id;
  }
}

async function rotateConnection(run: Run, first: ConnectionCandidate): Promise<void> {
  const primary = run.ring.primary.kid;
  let row: ConnectionCandidate | undefined = first;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    // Deleted, or cleared of secrets, since we read it: nothing to protect.
    if (!row || row.secrets === null) return;
    const { id, workspace_id, secrets: sealed } = row;
    const secrets = withContext('connection', id, () => rewrap(run.ring, sealed, connectionAad(workspace_id, id)));
    // Already re-sealed under the primary by a writer: nothing to do.
    if (secrets === row.secrets && row.key_id === primary) return;
    const result = await run.store.db
      .updateTable('connections')
      .set({ secrets, key_id: primary, version: row.version + 1 })
      .where('id', '=', row.id)
      .where('version', '=', row.version)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 1) {
      if (secrets !== row.secrets) run.rewrapped += 1;
      return;
    }
    run.retried += 1;
    row = await run.store.db
      .selectFrom('connections')
      .select(['id', 'workspace_id', 'secrets', 'key_id', 'version'])
      .where('id', '=', row.id)
      .executeTakeFirst();
  }
  // Left for the next pass, which starts over; `remaining` reports it if it never settles.
}

/** OAuth sessions are written once and then only marked consumed, so their `secrets` value itself is the compare-and-swap guard. */
async function rotateSessions(run: Run): Promise<number> {
  let cursor = '';
  let seen = 0;
  for (;;) {
    const rows = await run.store.db
      .selectFrom('oauth_sessions')
      .select(['id', 'workspace_id', 'secrets'])
      .where('id', '>', cursor)
      .orderBy('id')
      .limit(run.batch)
      .execute();
    for (const row of rows) {
      if (withContext('OAuth session', row.id, () => sealedKeyId(row.secrets)) === run.ring.primary.kid) continue;
      seen += 1;
      const secrets = withContext('OAuth session', row.id, () => rewrap(run.ring, row.secrets, oauthSessionAad(row.workspace_id, row.id)));
      const result = await run.store.db
        .updateTable('oauth_sessions')
        .set({ secrets })
        .where('id', '=', row.id)
        .where('secrets', '=', row.secrets)
        .executeTakeFirst();
      // Zero rows: the session expired and was deleted meanwhile.
      if (Number(result.numUpdatedRows) === 1) run.rewrapped += 1;
      await progress(run);
    }
    const last = rows.at(-1);
    if (!last || rows.length < run.batch) return seen;
    cursor = last.id;
  }
}

/**
 * Payload keys (job data, vault/src/payloads) are written once and then only re-wrapped, so their
 * `wrapped` value itself is the compare-and-swap guard. The key inside does not change: job rows,
 * and processes holding it in memory, stay valid.
 */
async function rotatePayloadKeys(run: Run): Promise<number> {
  const rows = await run.store.db
    .selectFrom('payload_keys')
    .select(['key_id', 'wrapped'])
    .where('master_key_id', '!=', run.ring.primary.kid)
    .orderBy('key_id')
    .execute();
  for (const row of rows) {
    const wrapped = withContext('payload key', row.key_id, () => rewrap(run.ring, row.wrapped, payloadKeyAad(row.key_id)));
    const result = await run.store.db
      .updateTable('payload_keys')
      .set({ wrapped, master_key_id: run.ring.primary.kid })
      .where('key_id', '=', row.key_id)
      .where('wrapped', '=', row.wrapped)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 1) run.rewrapped += 1;
    else run.retried += 1;
    await progress(run);
  }
  return rows.length;
}

async function countCandidates(store: Store, ring: KeyRing): Promise<number> {
  const primary = ring.primary.kid;
  const { n } = await store.db
    .selectFrom('connections')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('secrets', 'is not', null)
    .where((eb) => eb.or([eb('key_id', 'is', null), eb('key_id', '!=', primary)]))
    .executeTakeFirstOrThrow();
  const payloadKeys = await store.db
    .selectFrom('payload_keys')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('master_key_id', '!=', primary)
    .executeTakeFirstOrThrow();
  let sessions = Number(payloadKeys.n);
  let cursor = '';
  for (;;) {
    const rows = await store.db.selectFrom('oauth_sessions').select(['id', 'secrets']).where('id', '>', cursor).orderBy('id').limit(500).execute();
    for (const row of rows) if (safeKid(row.secrets) !== primary) sessions += 1;
    const last = rows.at(-1);
    if (!last || rows.length < 500) return Number(n) + sessions;
    cursor = last.id;
  }
}

function safeKid(sealed: string): string | undefined {
  try {
    return sealedKeyId(sealed);
  } catch {
    return undefined;
  }
}

/** Rotation stops at a record it cannot re-wrap (missing key, tampered): say which one, keep the code. */
function withContext<T>(what: string, id: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (!(err instanceof PatchbayError)) throw err;
    throw new PatchbayError(err.code, err.status, `Rotation stopped at ${what} ${id}: ${err.message}`, {
      details: { ...(err.details && !Array.isArray(err.details) ? err.details : {}), record: what, id },
      cause: err,
    });
  }
}
