import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, loadConfig } from '@patchbay/core';
import { KEY_FILE_NAME, parseMasterKey } from '@patchbay/vault';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN } from './testing/test-server.ts';
import { startPatchbay } from './start.ts';

/*
 * The key file as an operator meets it: `npm start` with no PATCHBAY_MASTER_KEY generates
 * <data dir>/master.key on the first start; a credential is stored; then the file is lost or damaged.
 */
const dataDir = mkdtempSync(join(tmpdir(), 'patchbay-key-file-'));
const keyFile = join(dataDir, KEY_FILE_NAME);
const config = loadConfig({ PATCHBAY_DATA_DIR: dataDir, PORT: '0', PATCHBAY_ADMIN_TOKEN: ADMIN_TOKEN }, dataDir);
const start = () => startPatchbay(config, { logger: createLogger({ level: 'silent' }), workers: false });
const SECRET = 'canary-key-file-token-93b1';

let key = '';
let kid = '';
let connectionId = '';
beforeAll(async () => {
  const running = await start();
  try {
    const created = await fetch(`${running.url}/api/v1/connections`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ connector: 'http', name: 'Kept', fields: { auth: 'bearer', baseUrl: 'https://api.example.com/', token: SECRET } }),
    });
    expect(created.status).toBe(201);
    connectionId = ((await created.json()) as { id: string }).id;
  } finally {
    await running.close();
  }
  key = readFileSync(keyFile, 'utf8').trim();
  kid = parseMasterKey(key).kid;
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function refusal(): Promise<Error> {
  try {
    const running = await start();
    await running.close();
  } catch (err) {
    if (err instanceof Error) return err;
  }
  throw new Error('expected the start to be refused');
}

/** The data dir's files other than the key file: a refused start must leave no new key anywhere. */
const others = () => readdirSync(dataDir).filter((name) => name !== KEY_FILE_NAME && !name.startsWith('patchbay.db'));

describe('a server whose key file is lost or damaged while credentials are stored', () => {
  it('deleted: refuses to start without writing a new key, and says to restore the file, naming the key id', async () => {
    const before = others();
    unlinkSync(keyFile);
    const err = await refusal();
    expect(err.message).toContain(`${keyFile} is missing`);
    expect(err.message).toContain(`restore ${keyFile} from your backup (master key ${kid})`);
    expect(err.message).not.toContain(key);
    expect(existsSync(keyFile)).toBe(false);
    expect(others()).toEqual(before);
  });

  it('corrupted: refuses the same way and leaves the file untouched', async () => {
    for (const damaged of [`${key.slice(0, -4)}\n`, 'garbage\n', '']) {
      writeFileSync(keyFile, damaged, { mode: 0o600 });
      const err = await refusal();
      expect(err.message, damaged).toContain(`restore ${keyFile} from your backup (master key ${kid})`);
      expect(err.message, damaged).not.toMatch(/run "npx patchbay keys generate"/);
      expect(readFileSync(keyFile, 'utf8'), damaged).toBe(damaged);
    }
  });

  it('restored from the backup: starts, and the stored credential opens again', async () => {
    writeFileSync(keyFile, `${key}\n`, { mode: 0o600 });
    const running = await start();
    try {
      const tested = await fetch(`${running.url}/api/v1/connections/${connectionId}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
      expect(tested.status).toBe(200);
      expect(await tested.json()).toMatchObject({ id: connectionId, secretFieldsSet: ['token'] });
    } finally {
      await running.close();
    }
  });
});
