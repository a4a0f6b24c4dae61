import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { serializeError } from '@patchbay/core';
import { describeWithPostgres } from '@patchbay/testkit';
import { WrongMasterKeyError } from './errors.ts';
import { keysInUse, verifyMasterKeys } from './master-keys.ts';
import {
  type OpenedStore,
  insertConnection,
  insertOauthSession,
  insertWorkspace,
  newKeys,
  newRing,
  openPostgresStore,
  openSqliteStore,
} from './test-fixtures.ts';

const [keyA, keyB, keyC] = newKeys(3) as [string, string, string];
const ringA = newRing(keyA);
const kidA = ringA.primary.kid;
const kidB = newRing(keyB).primary.kid;
const kidC = newRing(keyC).primary.kid;

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

function suite(openStore: () => Promise<OpenedStore>): void {
  let opened: OpenedStore;
  beforeEach(async () => {
    opened = await openStore();
  });
  afterEach(() => opened.cleanup());

  const states = async () =>
    Object.fromEntries((await opened.store.db.selectFrom('master_keys').select(['kid', 'state']).execute()).map((r) => [r.kid, r.state]));

  it('registers the primary on first start, with its fingerprint', async () => {
    await verifyMasterKeys(opened.store, ringA);
    await verifyMasterKeys(opened.store, ringA);
    const rows = await opened.store.db.selectFrom('master_keys').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kid: kidA, fingerprint: ringA.primary.fingerprint, state: 'primary' });
  });

  it('demotes an earlier primary to previous while rows use it, and retires it when none do', async () => {
    const ws = await insertWorkspace(opened.store);
    await verifyMasterKeys(opened.store, ringA);
    const id = await insertConnection(opened.store, ringA, ws, { fields: {} });
    await verifyMasterKeys(opened.store, newRing(keyB, keyA));
    expect(await states()).toEqual({ [kidA]: 'previous', [kidB]: 'primary' });
    await opened.store.db.deleteFrom('connections').where('id', '=', id).execute();
    await verifyMasterKeys(opened.store, newRing(keyB, keyA));
    expect(await states()).toEqual({ [kidA]: 'retired', [kidB]: 'primary' });
  });

  it('refuses to start with a wrong master key, naming the missing and the supplied kid', async () => {
    const ws = await insertWorkspace(opened.store);
    await verifyMasterKeys(opened.store, ringA);
    await insertConnection(opened.store, ringA, ws, { fields: { apiKey: 'k' } });
    await insertConnection(opened.store, ringA, ws, { fields: { apiKey: 'k' } });

    const err = (await caught(verifyMasterKeys(opened.store, newRing(keyB)))) as WrongMasterKeyError;
    expect(err).toBeInstanceOf(WrongMasterKeyError);
    expect(err.code).toBe('wrong_master_key');
    expect(err.message).toContain(`2 stored record(s) were encrypted with master key ${kidA}, which was not supplied`);
    expect(err.message).toContain(`the key supplied is ${kidB}`);
    expect(err.message).toContain('set PATCHBAY_MASTER_KEY to that key (or add it after a comma)');
    expect(err.details).toMatchObject({ missingKeyIds: [kidA], suppliedKeyIds: [kidB] });
    for (const key of [keyA, keyB]) expect(JSON.stringify(serializeError(err))).not.toContain(key);
    // Nothing was registered for the wrong key.
    expect(await states()).toEqual({ [kidA]: 'primary' });

    // Adding the old key after a comma is the fix.
    await verifyMasterKeys(opened.store, newRing(keyB, keyA));
  });

  it('counts live OAuth sessions as users of a key, but not consumed ones', async () => {
    const ws = await insertWorkspace(opened.store);
    const id = await insertOauthSession(opened.store, newRing(keyC), ws, 'verifier');
    expect(await keysInUse(opened.store)).toEqual(new Map([[kidC, 1]]));
    const err = await caught(verifyMasterKeys(opened.store, ringA));
    expect(err).toBeInstanceOf(WrongMasterKeyError);
    expect((err as Error).message).toContain(kidC);

    await opened.store.db.updateTable('oauth_sessions').set({ consumed_at: new Date().toISOString() }).where('id', '=', id).execute();
    await verifyMasterKeys(opened.store, ringA);
  });

  it('refuses a supplied key whose fingerprint differs from the registered one', async () => {
    await opened.store.db
      .insertInto('master_keys')
      .values({ kid: kidA, fingerprint: '00'.repeat(32), state: 'primary', created_at: new Date().toISOString() })
      .execute();
    const err = await caught(verifyMasterKeys(opened.store, ringA));
    expect(err).toBeInstanceOf(WrongMasterKeyError);
    expect((err as Error).message).toMatch(new RegExp(`supplied as ${kidA} is not the key registered under that id`));
  });
}

describe('verifyMasterKeys on SQLite', () => suite(openSqliteStore));
describeWithPostgres('verifyMasterKeys on PostgreSQL', () => suite(openPostgresStore));
