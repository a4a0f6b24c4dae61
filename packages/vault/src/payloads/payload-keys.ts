import { randomBytes } from 'node:crypto';
import { isoNow } from '@patchbay/core';
import type { Store } from '@patchbay/store';
import { payloadKeyAad } from '../crypto/aad.ts';
import { open, seal, sealedKeyId } from '../crypto/envelope.ts';
import type { KeyRing } from '../crypto/keyring.ts';
import { type PayloadCipher, createPayloadCipher } from './payload-cipher.ts';

/** The id of the first payload key: fixed, so that processes starting at once on a new database agree on one. */
const FIRST_KEY_ID = 'pk1';

const keyNumber = (id: string): number => Number(id.slice(2));

/**
 * The payload cipher of a server process (runtime.ts), after the master key ring has been verified:
 * every payload key of the database, unwrapped once and held in memory; the newest encrypts. A new
 * database gets its first key here: an insert that does nothing when another process made it first,
 * then a read of what is stored, so every process uses the same key.
 */
export async function loadPayloadCipher(store: Store, ring: KeyRing): Promise<PayloadCipher> {
  let rows = await store.db.selectFrom('payload_keys').select(['key_id', 'wrapped']).execute();
  if (rows.length === 0) {
    await store.db
      .insertInto('payload_keys')
      .values(newPayloadKeyRow(ring, FIRST_KEY_ID))
      .onConflict((oc) => oc.column('key_id').doNothing())
      .execute();
    rows = await store.db.selectFrom('payload_keys').select(['key_id', 'wrapped']).execute();
  }
  const keys = new Map<string, Buffer>();
  for (const row of rows) keys.set(row.key_id, Buffer.from(open(ring, row.wrapped, payloadKeyAad(row.key_id)), 'base64'));
  const current = [...keys.keys()].sort((a, b) => keyNumber(b) - keyNumber(a))[0] ?? FIRST_KEY_ID;
  const cipher = createPayloadCipher(keys, current);
  for (const key of keys.values()) key.fill(0);
  return cipher;
}

function newPayloadKeyRow(ring: KeyRing, keyId: string) {
  const key = randomBytes(32);
  try {
    const wrapped = seal(ring, key.toString('base64'), payloadKeyAad(keyId));
    return { key_id: keyId, wrapped, master_key_id: sealedKeyId(wrapped), created_at: isoNow() };
  } finally {
    key.fill(0);
  }
}
