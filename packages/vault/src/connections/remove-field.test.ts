import { defineConnector, multiAuth, type Fields } from '@patchbay/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type VaultHarness, startVault } from '../testing/harness.ts';
import { readSecrets } from './record.ts';

/** A PATCH that sets a field to `null` removes its stored value; what a connection needs cannot be removed. */

const fields = {
  auth: { type: 'select', label: 'Auth', required: true, default: 'none', options: [{ value: 'none', label: 'None' }, { value: 'basic', label: 'Basic' }] },
  baseUrl: { type: 'url', label: 'Base URL', required: true },
  testPath: { type: 'text', label: 'Test path' },
  header: { type: 'text', label: 'Header', default: 'X-Default' },
  username: { type: 'text', label: 'Username' },
  password: { type: 'secret', label: 'Password' },
  signingKey: { type: 'secret', label: 'Signing key' },
  clientId: { type: 'text', label: 'Client ID', required: true, operatorDefault: true },
} as const satisfies Fields;

const connector = defineConnector({
  key: 'removal-app',
  title: 'Removal app',
  version: '1.0.0',
  connection: {
    fields,
    auth: multiAuth(fields, 'auth', {
      none: { auth: { kind: 'none' } },
      basic: { requires: ['username', 'password'], auth: { kind: 'basic', username: (f) => f.username, password: (f) => f.password } },
    }),
    baseUrl: ({ fields: f }) => f.baseUrl,
    test: async () => ({ ok: true }),
  },
});

let vault: VaultHarness;
beforeAll(async () => {
  vault = await startVault({ connectors: [connector], operatorEnv: { PATCHBAY_REMOVAL_APP_CLIENT_ID: 'operator-client' } });
});
afterAll(async () => {
  await vault.close();
});

async function storedSecrets(id: string): Promise<Record<string, string>> {
  const row = await vault.store.db.selectFrom('connections').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  return readSecrets(vault.keys, row).fields;
}

const create = (extra: Record<string, unknown>) =>
  vault.service.create(vault.actor, { connector: 'removal-app', name: 'removal', fields: { baseUrl: 'https://app.test/', ...extra } });

describe('a field set to null on update', () => {
  it('loses its stored value; the fields left out keep theirs', async () => {
    const created = await create({ testPath: '/ping', header: 'X-Mine', clientId: 'own-client' });
    const updated = await vault.service.update(vault.actor, created.id, { fields: { testPath: null } });
    expect(updated.fields).toEqual({ auth: 'none', baseUrl: 'https://app.test/', header: 'X-Mine', clientId: 'own-client' });
  });

  it('gets its default back when it has one', async () => {
    const created = await create({ header: 'X-Mine' });
    const updated = await vault.service.update(vault.actor, created.id, { fields: { header: null } });
    expect(updated.fields).toMatchObject({ header: 'X-Default' });
  });

  it('removes an optional secret too', async () => {
    const created = await create({ signingKey: 'key-to-forget' });
    expect(created.secretFieldsSet).toEqual(['signingKey']);
    const updated = await vault.service.update(vault.actor, created.id, { fields: { signingKey: null } });
    expect(updated.secretFieldsSet).toEqual([]);
    expect(await storedSecrets(created.id)).toEqual({});
  });

  it('falls back to the operator default for a required field that has one', async () => {
    const created = await create({ clientId: 'own-client' });
    const updated = await vault.service.update(vault.actor, created.id, { fields: { clientId: null } });
    expect(updated.fields).not.toHaveProperty('clientId');
  });

  it('is refused, changing nothing, for a required field, a field the chosen auth option requires, or a name the connector lacks', async () => {
    const created = await create({ auth: 'basic', username: 'someone', password: 'pw', testPath: '/ping' });
    const refusal = (patch: Record<string, unknown>) => vault.service.update(vault.actor, created.id, { fields: patch }).then(() => null, (err: unknown) => err);

    expect(await refusal({ baseUrl: null, testPath: null })).toMatchObject({
      code: 'invalid_input',
      details: [{ path: 'fields.baseUrl', message: 'is required: it cannot be removed' }],
    });
    expect(await refusal({ auth: null })).toMatchObject({ code: 'invalid_input', details: [{ path: 'fields.auth', message: 'is required: it cannot be removed' }] });
    expect(await refusal({ username: null })).toMatchObject({ code: 'invalid_input', details: [{ path: 'fields.username', message: 'is required: it cannot be removed' }] });
    expect(await refusal({ password: null })).toMatchObject({ code: 'invalid_input', details: [{ path: 'fields.password', message: 'is required: it cannot be removed' }] });
    expect(await refusal({ nothing: null })).toMatchObject({ code: 'invalid_input', details: [{ path: 'fields.nothing', message: expect.stringMatching(/not an allowed property/) }] });

    const unchanged = await vault.service.get(vault.actor, created.id);
    expect(unchanged.fields).toMatchObject({ baseUrl: 'https://app.test/', testPath: '/ping', username: 'someone' });
    expect(await storedSecrets(created.id)).toEqual({ password: 'pw' });
  });

  it('is still a wrong value when creating', async () => {
    await expect(create({ testPath: null })).rejects.toMatchObject({ code: 'invalid_input', details: [{ path: 'fields.testPath' }] });
  });
});

describe('a PATCH that removes a field and sends `__proto__`', () => {
  it('refuses the key as any unknown one, and takes no value from it', async () => {
    const created = await create({ testPath: '/ping' });
    const body = JSON.parse('{"testPath": null, "__proto__": {"baseUrl": "https://evil.test/"}}') as Record<string, unknown>;
    await expect(vault.service.update(vault.actor, created.id, { fields: body })).rejects.toMatchObject({ code: 'invalid_input' });
    expect((await vault.service.get(vault.actor, created.id)).fields).toMatchObject({ baseUrl: 'https://app.test/', testPath: '/ping' });
  });
});
