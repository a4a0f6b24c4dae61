import { existsSync, readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyMasterKeys } from './master-keys.ts';
import { rotateMasterKeys } from './rotate-master-keys.ts';
import {
  type OpenedStore,
  incrementCounter,
  insertConnection,
  insertOauthSession,
  insertWorkspace,
  newKeys,
  newRing,
  openSqliteStore,
  readConnectionSecrets,
} from './test-fixtures.ts';

// Reads the SQLite file and its write-ahead log as an attacker with a copy of the disk would.
describe('secrets at rest in the SQLite file', () => {
  let opened: OpenedStore;
  beforeEach(async () => {
    opened = await openSqliteStore();
  });
  afterEach(() => opened.cleanup());

  const diskBytes = (): Buffer => {
    const file = opened.file!;
    return Buffer.concat([file, `${file}-wal`].filter((f) => existsSync(f)).map((f) => readFileSync(f)));
  };

  it('holds no plaintext and no master key, in the database or its WAL', async () => {
    const [keyA, keyB] = newKeys(2) as [string, string];
    const ringA = newRing(keyA);
    const ringBA = newRing(keyB, keyA);
    const canary = `canary-${Math.random().toString(36).slice(2)}-secret`;
    await verifyMasterKeys(opened.store, ringA);
    const ws = await insertWorkspace(opened.store);
    const id = await insertConnection(opened.store, ringA, ws, { fields: { apiKey: canary }, counter: 0 });
    await insertOauthSession(opened.store, ringA, ws, canary);
    await incrementCounter(opened.store, ringA, id);
    await rotateMasterKeys(opened.store, ringBA);
    expect((await readConnectionSecrets(opened.store, ringBA, id)).fields).toEqual({ apiKey: canary });

    const bytes = diskBytes();
    expect(existsSync(`${opened.file}-wal`)).toBe(true);
    // The scan itself works: ids written next to the secrets are found.
    expect(bytes.includes(id)).toBe(true);
    expect(bytes.includes(ringBA.primary.kid)).toBe(true);
    for (const needle of [canary, Buffer.from(canary).toString('base64'), Buffer.from(canary).toString('hex')]) {
      expect(bytes.includes(needle)).toBe(false);
    }
    for (const key of [keyA, keyB]) {
      expect(bytes.includes(key)).toBe(false);
      expect(bytes.includes(Buffer.from(key, 'base64'))).toBe(false);
    }
  });
});
