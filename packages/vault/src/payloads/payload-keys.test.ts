import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeWithPostgres } from '@patchbay/testkit';
import { WrongMasterKeyError } from '../crypto/errors.ts';
import { keysInUse, verifyMasterKeys } from '../crypto/master-keys.ts';
import { rotateMasterKeys } from '../crypto/rotate-master-keys.ts';
import { type OpenedStore, newKeys, newRing, openPostgresStore, openSqliteStore } from '../crypto/test-fixtures.ts';
import { loadPayloadCipher } from './payload-keys.ts';

const [keyA, keyB] = newKeys(2) as [string, string];
const ringA = newRing(keyA);
const ringB = newRing(keyB);
const place = 'jobs.trigger_event:job_x';

function suite(openStore: () => Promise<OpenedStore>): void {
  let opened: OpenedStore;
  beforeEach(async () => {
    opened = await openStore();
    await verifyMasterKeys(opened.store, ringA);
  });
  afterEach(() => opened.cleanup());

  const keyRows = () => opened.store.db.selectFrom('payload_keys').selectAll().execute();

  it('makes one key for a new database, even when processes start at once, and every process gets that key', async () => {
    const ciphers = await Promise.all(Array.from({ length: 4 }, () => loadPayloadCipher(opened.store, ringA)));
    const rows = await keyRows();
    expect(rows.map((r) => [r.key_id, r.master_key_id])).toEqual([['pk1', ringA.primary.kid]]);
    // The key is stored sealed: the row is the vault's envelope, not key bytes.
    expect(JSON.parse(rows[0]?.wrapped ?? '{}')).toMatchObject({ v: 1, kid: ringA.primary.kid });
    const sealed = ciphers[0]?.seal('{"n":1}', place) ?? '';
    for (const cipher of ciphers) expect(cipher.open(sealed, place)).toBe('{"n":1}');
    // A later start reads the stored key.
    expect((await loadPayloadCipher(opened.store, ringA)).open(sealed, place)).toBe('{"n":1}');
  });

  it('counts as a use of its master key: a ring without that key is refused at start', async () => {
    await loadPayloadCipher(opened.store, ringA);
    expect((await keysInUse(opened.store)).get(ringA.primary.kid)).toBe(1);
    await expect(verifyMasterKeys(opened.store, ringB)).rejects.toBeInstanceOf(WrongMasterKeyError);
  });

  it('is re-wrapped by master-key rotation, so values sealed before read with the new key only', async () => {
    const sealed = (await loadPayloadCipher(opened.store, ringA)).seal('{"before":true}', place);
    const before = (await keyRows())[0];
    const result = await rotateMasterKeys(opened.store, newRing(keyB, keyA));
    expect(result).toEqual({ rewrapped: 1, retried: 0, remaining: 0 });
    const after = (await keyRows())[0];
    expect(after?.master_key_id).toBe(ringB.primary.kid);
    expect(after?.wrapped).not.toBe(before?.wrapped);
    await verifyMasterKeys(opened.store, ringB);
    expect((await loadPayloadCipher(opened.store, ringB)).open(sealed, place)).toBe('{"before":true}');
    expect(Object.fromEntries((await opened.store.db.selectFrom('master_keys').select(['kid', 'state']).execute()).map((r) => [r.kid, r.state]))).toEqual({
      [ringA.primary.kid]: 'retired',
      [ringB.primary.kid]: 'primary',
    });
  });

  it('refuses a wrapped key copied under another key id', async () => {
    await loadPayloadCipher(opened.store, ringA);
    const row = (await keyRows())[0];
    await opened.store.db.insertInto('payload_keys').values({ key_id: 'pk2', wrapped: row?.wrapped ?? '', master_key_id: row?.master_key_id ?? '', created_at: row?.created_at ?? '' }).execute();
    await expect(loadPayloadCipher(opened.store, ringA)).rejects.toMatchObject({ code: 'secrets_tampered' });
  });
}

describe('payload keys, SQLite', () => suite(openSqliteStore));
describeWithPostgres('payload keys, PostgreSQL', () => suite(openPostgresStore));
