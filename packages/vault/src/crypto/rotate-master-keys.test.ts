import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeWithPostgres } from '@patchbay/testkit';
import { oauthSessionAad } from './aad.ts';
import { open } from './envelope.ts';
import { WrongMasterKeyError } from './errors.ts';
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
  openPostgresStore,
  openSqliteStore,
  readConnectionSecrets,
} from './test-fixtures.ts';

const [keyA, keyB, keyC] = newKeys(3) as [string, string, string];
const ringA = newRing(keyA);
const ringB = newRing(keyB);
const ringBA = newRing(keyB, keyA);
const kidA = ringA.primary.kid;
const kidB = ringB.primary.kid;

type Blob = { kid: string; wk: string; iv: string; tag: string; ct: string };

function suite(openStore: () => Promise<OpenedStore>): void {
  let opened: OpenedStore;
  let ws: string;
  beforeEach(async () => {
    opened = await openStore();
    ws = await insertWorkspace(opened.store);
    await verifyMasterKeys(opened.store, ringA);
  });
  afterEach(() => opened.cleanup());

  const seedUnderA = async (n: number): Promise<string[]> => {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) ids.push(await insertConnection(opened.store, ringA, ws, { fields: { apiKey: `key-${i}` }, counter: 0 }));
    return ids;
  };
  const connections = () => opened.store.db.selectFrom('connections').select(['id', 'secrets', 'key_id', 'version']).orderBy('id').execute();
  const states = async () =>
    Object.fromEntries((await opened.store.db.selectFrom('master_keys').select(['kid', 'state']).execute()).map((r) => [r.kid, r.state]));

  it('re-wraps every record under the new primary without re-encrypting, then retires the old key', async () => {
    const ids = await seedUnderA(230); // more than two batches of 100
    const sessionId = await insertOauthSession(opened.store, ringA, ws, 'the-verifier');
    const before = new Map((await connections()).map((r) => [r.id, JSON.parse(r.secrets ?? '{}') as Blob]));

    const progress: Array<[number, number]> = [];
    const result = await rotateMasterKeys(opened.store, ringBA, { onProgress: (done, total) => void progress.push([done, total]) });
    expect(result).toEqual({ rewrapped: 231, retried: 0, remaining: 0 });
    expect(progress.at(-1)).toEqual([231, 231]);

    for (const row of await connections()) {
      const blob = JSON.parse(row.secrets ?? '{}') as Blob;
      const old = before.get(row.id)!;
      expect(row.key_id).toBe(kidB);
      expect(row.version).toBe(1);
      expect(blob.kid).toBe(kidB);
      expect(blob.wk).not.toBe(old.wk);
      expect([blob.ct, blob.iv, blob.tag]).toEqual([old.ct, old.iv, old.tag]);
    }
    // Key A can now be dropped: a ring of only B reads everything.
    for (const [i, id] of ids.entries()) expect(await readConnectionSecrets(opened.store, ringB, id)).toEqual({ fields: { apiKey: `key-${i}` }, counter: 0 });
    const session = await opened.store.db.selectFrom('oauth_sessions').select('secrets').where('id', '=', sessionId).executeTakeFirstOrThrow();
    expect(JSON.parse(open(ringB, session.secrets, oauthSessionAad(ws, sessionId)))).toEqual({ codeVerifier: 'the-verifier' });

    expect(await states()).toEqual({ [kidA]: 'retired', [kidB]: 'primary' });
    await verifyMasterKeys(opened.store, ringB);
    expect(await rotateMasterKeys(opened.store, ringBA)).toEqual({ rewrapped: 0, retried: 0, remaining: 0 });
  });

  it('loses no update made by writers while it runs', async () => {
    const ids = await seedUnderA(150);
    const increments = new Map<string, number>(ids.map((id) => [id, 0]));
    let rotating = true;
    // Servers already restarted with [B, A]: they read, change and re-seal with compare-and-swap.
    const writer = async () => {
      let i = 0;
      while (rotating || i < 20) {
        const id = ids[(i * 37 + Math.floor(Math.random() * ids.length)) % ids.length]!;
        await incrementCounter(opened.store, ringBA, id);
        increments.set(id, (increments.get(id) ?? 0) + 1);
        i++;
      }
    };
    const writers = [writer(), writer(), writer()];
    const result = await rotateMasterKeys(opened.store, ringBA, { batchSize: 25 }).finally(() => {
      rotating = false;
    });
    await Promise.all(writers);
    expect(result.remaining).toBe(0);

    for (const row of await connections()) expect(row.key_id).toBe(kidB);
    for (const id of ids) expect((await readConnectionSecrets(opened.store, ringB, id)).counter).toBe(increments.get(id));
    expect([...increments.values()].reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(60);
    expect(await states()).toEqual({ [kidA]: 'retired', [kidB]: 'primary' });
  });

  it('retries rows changed under it, including by a server still writing with the old primary', async () => {
    const ids = await seedUnderA(120);
    // A server not yet restarted: primary A, but it can read B. It rewrites every row once, right
    // after rotation has read its first batch, so rows behind and ahead of the cursor both change.
    const lagging = newRing(keyA, keyB);
    let interfered = false;
    const result = await rotateMasterKeys(opened.store, ringBA, {
      async onProgress(done) {
        if (done !== 1 || interfered) return;
        interfered = true;
        for (const id of ids) await incrementCounter(opened.store, lagging, id);
      },
    });
    expect(result.retried).toBeGreaterThanOrEqual(99);
    expect(result.remaining).toBe(0);
    const rows = await connections();
    for (const row of rows) expect(row.key_id).toBe(kidB);
    // Writer then rotation: version 2. The first row was rotated before the writer put it back
    // under A, so the next pass, which starts over, re-wrapped it again: version 3.
    expect(rows.filter((r) => r.version === 2)).toHaveLength(ids.length - 1);
    expect(rows.filter((r) => r.version === 3)).toHaveLength(1);
    for (const id of ids) expect((await readConnectionSecrets(opened.store, ringB, id)).counter).toBe(1);
    expect(await states()).toEqual({ [kidA]: 'retired', [kidB]: 'primary' });
  });

  it('refuses before touching anything when a record needs a key the ring lacks', async () => {
    await seedUnderA(3);
    await expect(rotateMasterKeys(opened.store, newRing(keyC, keyB))).rejects.toThrow(WrongMasterKeyError);
    for (const row of await connections()) expect([row.key_id, row.version]).toEqual([kidA, 0]);
  });

  it('stops at a tampered record and names it', async () => {
    const [, bad] = await seedUnderA(3);
    const other = await opened.store.db.selectFrom('connections').select('secrets').where('id', '!=', bad!).executeTakeFirstOrThrow();
    // A blob copied from another row: well-formed, but bound to the other row.
    await opened.store.db.updateTable('connections').set({ secrets: other.secrets }).where('id', '=', bad!).execute();
    await expect(rotateMasterKeys(opened.store, ringBA)).rejects.toThrow(
      new RegExp(`Rotation stopped at connection ${bad}: .*altered, or copied from another record`),
    );
  });
}

describe('rotateMasterKeys on SQLite', () => suite(openSqliteStore));
describeWithPostgres('rotateMasterKeys on PostgreSQL', () => suite(openPostgresStore));
