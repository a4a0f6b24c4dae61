import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '@patchbay/core';
import { InvalidMasterKeyError, WrongMasterKeyError } from './errors.ts';
import { KEY_FILE_NAME, generateMasterKey, loadKeyRing, parseMasterKey } from './keyring.ts';
import { loadVerifiedKeyRing } from './master-keys.ts';
import { type OpenedStore, insertConnection, insertWorkspace, newRing, openSqliteStore } from './test-fixtures.ts';

const logger = createLogger({ level: 'silent' });

let opened: OpenedStore;
let dataDir: string;
let file: string;
beforeEach(async () => {
  opened = await openSqliteStore();
  dataDir = mkdtempSync(join(tmpdir(), 'patchbay-key-loss-'));
  file = join(dataDir, KEY_FILE_NAME);
});
afterEach(async () => {
  await opened.cleanup();
  rmSync(dataDir, { recursive: true, force: true });
});

async function caught(attempt: () => Promise<unknown>): Promise<Error> {
  try {
    await attempt();
  } catch (err) {
    if (err instanceof Error) return err;
  }
  throw new Error('expected start-up to be refused');
}

/** A first start that generates the key file, then one encrypted record stored under that key. */
async function storeUnderFileKey(): Promise<{ key: string; kid: string }> {
  const { ring, generated } = await loadVerifiedKeyRing(opened.store, { dataDir, logger });
  expect(generated).toBe(true);
  const key = readFileSync(file, 'utf8').trim();
  await insertConnection(opened.store, newRing(key), await insertWorkspace(opened.store), { fields: { token: 'canary-key-loss' } });
  return { key, kid: ring.primary.kid };
}

describe('a lost or damaged key file with encrypted records present', () => {
  it('deleted: refuses to start, names the key id to restore, and writes no new key', async () => {
    const { key, kid } = await storeUnderFileKey();
    unlinkSync(file);
    const err = await caught(() => loadVerifiedKeyRing(opened.store, { dataDir, logger }));
    expect(err).toBeInstanceOf(WrongMasterKeyError);
    expect(err.message).toContain(`The master key file ${file} is missing`);
    expect(err.message).toContain(`restore ${file} from your backup (master key ${kid})`);
    expect(err.message).toContain('1 stored record(s) were encrypted with');
    expect(err.message).toContain('wrote no new key');
    expect(err.message).not.toContain(key);
    expect((err as WrongMasterKeyError).details).toEqual({ file, missingKeyIds: [kid] });
    // Nothing written: no key file, no temporary file left behind.
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(dataDir)).toEqual([]);
    // No key was registered either: the store still knows only the real one.
    expect((await opened.store.db.selectFrom('master_keys').select('kid').execute()).map((r) => r.kid)).toEqual([kid]);

    // Restored from the backup: starts, and the record opens.
    writeFileSync(file, `${key}\n`, { mode: 0o600 });
    const { ring } = await loadVerifiedKeyRing(opened.store, { dataDir, logger });
    expect(ring.primary.kid).toBe(kid);
  });

  it('corrupted, truncated or emptied: refuses the same way, and leaves the file as it was', async () => {
    const { key, kid } = await storeUnderFileKey();
    const damaged = [`${key.slice(0, 20)}\n`, 'not a key at all\n', '\n', '# only a comment\n', `${generateMasterKey()}\n${key.slice(1)}\n`];
    for (const content of damaged) {
      writeFileSync(file, content, { mode: 0o600 });
      const err = await caught(() => loadVerifiedKeyRing(opened.store, { dataDir, logger }));
      expect(err, content).toBeInstanceOf(InvalidMasterKeyError);
      expect(err.message, content).toContain(`restore ${file} from your backup (master key ${kid})`);
      expect(err.message, content).toContain('"patchbay keys generate" would not restore access');
      expect(err.message, content).not.toMatch(/run "npx patchbay keys generate"/);
      expect(err.message, content).not.toContain(key);
      expect(readFileSync(file, 'utf8'), content).toBe(content);
      expect(readdirSync(dataDir), content).toEqual([KEY_FILE_NAME]);
    }
  });

  it('replaced by another valid key: refused by the fingerprint check, naming the key id needed', async () => {
    const { kid } = await storeUnderFileKey();
    const other = generateMasterKey();
    writeFileSync(file, `${other}\n`, { mode: 0o600 });
    const err = await caught(() => loadVerifiedKeyRing(opened.store, { dataDir, logger }));
    expect(err).toBeInstanceOf(WrongMasterKeyError);
    expect(err.message).toContain(`encrypted with master key ${kid}, which was not supplied`);
    expect(readFileSync(file, 'utf8')).toBe(`${other}\n`);
  });
});

describe('with nothing encrypted yet', () => {
  it('a missing key file is generated (a first start)', async () => {
    const { generated, ring } = await loadVerifiedKeyRing(opened.store, { dataDir, logger });
    expect(generated).toBe(true);
    expect(parseMasterKey(readFileSync(file, 'utf8')).kid).toBe(ring.primary.kid);
  });

  it('a malformed key file is refused, saying it may be deleted', async () => {
    writeFileSync(file, 'junk\n', { mode: 0o600 });
    const err = await caught(() => loadVerifiedKeyRing(opened.store, { dataDir, logger }));
    expect(err.message).toMatch(/Line 1 of .*master\.key is not 32 bytes in base64: restore .* from your backup; or, as nothing is encrypted yet, delete it/);
    expect(readFileSync(file, 'utf8')).toBe('junk\n');
  });
});

describe('loadKeyRing without a look at the store (a CLI command)', () => {
  it('never generates a key file: it cannot know that nothing is encrypted', () => {
    expect(() => loadKeyRing({ dataDir, logger })).toThrow(/master key file .* is missing: restore .* from your backup, or set PATCHBAY_MASTER_KEY/);
    expect(readdirSync(dataDir)).toEqual([]);
  });
});
