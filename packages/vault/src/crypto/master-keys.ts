import { isoNow } from '@patchbay/core';
import type { Store } from '@patchbay/store';
import { sealedKeyId } from './envelope.ts';
import { WrongMasterKeyError, missingKeyAdvice } from './errors.ts';
import { type KeyRing, type LoadKeyRingOptions, type LoadedKeyRing, type MasterKey, loadKeyRing } from './keyring.ts';

/**
 * States of `master_keys` rows:
 *   primary  — wraps new data keys (one per deployment; the ring's first key)
 *   previous — an earlier key that rows still use: keep supplying it until a rotation finishes
 *   retired  — nothing that will be read again uses it: it may be dropped from the configuration
 */
export type MasterKeyState = 'primary' | 'previous' | 'retired';

const PAGE = 500;

/**
 * Run at start-up, before serving: refuses to start when stored rows need a master key the ring
 * lacks, or when a supplied key's fingerprint differs from the registered one — a wrong key fails
 * here, loudly, instead of on every later request. Then registers the primary and updates states.
 */
export async function verifyMasterKeys(store: Store, ring: KeyRing): Promise<void> {
  const ringKeys = ring.kids().map((kid) => ring.get(kid)).filter((k): k is MasterKey => k !== undefined);
  const stored = await store.db.selectFrom('master_keys').select(['kid', 'fingerprint']).execute();
  for (const key of ringKeys) {
    const row = stored.find((r) => r.kid === key.kid);
    if (row && row.fingerprint !== key.fingerprint) {
      throw new WrongMasterKeyError(
        `Patchbay refuses to start: the master key supplied as ${key.kid} is not the key registered under that id (its fingerprint differs). ` +
          'Supply the original key from your backup.',
        { keyId: key.kid },
      );
    }
  }

  const used = await keysInUse(store);
  const missing = [...used.keys()].filter((kid) => !ring.get(kid)).sort();
  if (missing.length > 0) {
    const rows = missing.reduce((sum, kid) => sum + (used.get(kid) ?? 0), 0);
    const supplied = ring.kids();
    throw new WrongMasterKeyError(
      `Patchbay refuses to start: ${rows} stored record(s) were encrypted with master key ${missing.join(', ')}, ` +
        `which ${missing.length > 1 ? 'were' : 'was'} not supplied (${supplied.length > 1 ? 'the keys supplied are' : 'the key supplied is'} ${supplied.join(', ')}). To fix it, ${missingKeyAdvice(ring)}, then start again. ` +
        'Starting with another key would leave those credentials unreadable.',
      { missingKeyIds: missing, suppliedKeyIds: supplied, primaryKeyId: ring.primary.kid },
    );
  }
  await syncKeyStates(store, ring.primary, new Set(used.keys()));
}

/**
 * The key ring a server runs with, at start-up: the store is read first, so that a key file is
 * generated only when nothing is encrypted yet, and a missing or malformed one with records present
 * refuses to start naming the key ids to restore, writing nothing (keyring.ts). Then the ring is
 * checked against the store (`verifyMasterKeys`).
 */
export async function loadVerifiedKeyRing(store: Store, options: Omit<LoadKeyRingOptions, 'inUse'>): Promise<LoadedKeyRing> {
  const loaded = loadKeyRing({ ...options, inUse: await keysInUse(store) });
  await verifyMasterKeys(store, loaded.ring);
  return loaded;
}

/**
 * Master key id → number of records that will still be read under it: connections with secrets,
 * payload keys (job data), and OAuth sessions that can still be consumed (a consumed or expired session is never opened again).
 */
export async function keysInUse(store: Store): Promise<Map<string, number>> {
  const used = new Map<string, number>();
  const counts = await store.db
    .selectFrom('connections')
    .select(['key_id', (eb) => eb.fn.countAll().as('n')])
    .where('key_id', 'is not', null)
    .where('secrets', 'is not', null)
    .groupBy('key_id')
    .execute();
  for (const { key_id, n } of counts) if (key_id) used.set(key_id, Number(n));
  // Payload keys: without their master key, every encrypted job payload is unreadable.
  const payloadKeys = await store.db
    .selectFrom('payload_keys')
    .select(['master_key_id', (eb) => eb.fn.countAll().as('n')])
    .groupBy('master_key_id')
    .execute();
  for (const { master_key_id, n } of payloadKeys) used.set(master_key_id, (used.get(master_key_id) ?? 0) + Number(n));

  const now = isoNow();
  let cursor = '';
  for (;;) {
    const page = await store.db
      .selectFrom('oauth_sessions')
      .select(['id', 'secrets'])
      .where('id', '>', cursor)
      .where('consumed_at', 'is', null)
      .where('expires_at', '>', now)
      .orderBy('id')
      .limit(PAGE)
      .execute();
    for (const row of page) {
      const kid = kidOrUndefined(row.secrets);
      if (kid) used.set(kid, (used.get(kid) ?? 0) + 1);
    }
    const last = page.at(-1);
    if (!last || page.length < PAGE) break;
    cursor = last.id;
  }
  return used;
}

/** A malformed session blob is reported when the session is opened, not here: it must not block start-up. */
function kidOrUndefined(sealed: string): string | undefined {
  try {
    return sealedKeyId(sealed);
  } catch {
    return undefined;
  }
}

/** Registers `primary` and sets every other registered key to `previous` (still used) or `retired`. */
export async function syncKeyStates(store: Store, primary: MasterKey, used: ReadonlySet<string>): Promise<void> {
  await store.db
    .insertInto('master_keys')
    .values({ kid: primary.kid, fingerprint: primary.fingerprint, state: 'primary' satisfies MasterKeyState, created_at: isoNow() })
    .onConflict((oc) => oc.column('kid').doUpdateSet({ state: 'primary' satisfies MasterKeyState }))
    .execute();
  const stillUsed = [...used].filter((kid) => kid !== primary.kid);
  let toPrevious = store.db
    .updateTable('master_keys')
    .set({ state: 'previous' satisfies MasterKeyState })
    .where('kid', '!=', primary.kid)
    .where('state', '!=', 'previous');
  let toRetired = store.db
    .updateTable('master_keys')
    .set({ state: 'retired' satisfies MasterKeyState })
    .where('kid', '!=', primary.kid)
    .where('state', '!=', 'retired');
  // An empty `in ()` is invalid SQL: with nothing still used, every other key is retired.
  if (stillUsed.length > 0) {
    toPrevious = toPrevious.where('kid', 'in', stillUsed);
    toRetired = toRetired.where('kid', 'not in', stillUsed);
    await toPrevious.execute();
  }
  await toRetired.execute();
}
