import { defineConnector, multiAuth, type Fields } from '@patchbay/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type VaultHarness, startVault } from '../testing/harness.ts';
import { readSecrets } from './record.ts';

/** What the vault keeps of fields that only another auth option uses (ignored, not stored). */

const fields = {
  auth: { type: 'select', label: 'Auth', default: 'none', options: [{ value: 'none', label: 'None' }, { value: 'key', label: 'API key' }, { value: 'basic', label: 'Basic' }, { value: 'oauth', label: 'OAuth' }] },
  baseUrl: { type: 'url', label: 'Base URL', required: true },
  apiKey: { type: 'secret', label: 'API key' },
  apiKeyHeader: { type: 'text', label: 'API key header', default: 'X-API-Key' },
  username: { type: 'text', label: 'Username' },
  password: { type: 'secret', label: 'Password' },
  clientId: { type: 'text', label: 'Client ID' },
} as const satisfies Fields;

const connector = defineConnector({
  key: 'options-app',
  title: 'Options app',
  version: '1.0.0',
  connection: {
    fields,
    auth: multiAuth(fields, 'auth', {
      none: { auth: { kind: 'none' } },
      key: { requires: ['apiKey'], optional: ['apiKeyHeader'], auth: { kind: 'apiKey', name: (f) => f.apiKeyHeader, value: (f) => f.apiKey } },
      basic: { requires: ['username', 'password'], auth: { kind: 'basic', username: (f) => f.username, password: (f) => f.password } },
      oauth: {
        requires: ['clientId'],
        auth: { kind: 'oauth2', authorizationUrl: 'https://auth.test/authorize', tokenUrl: 'https://auth.test/token', clientId: (f) => f.clientId, clientSecret: 'secret', scopes: [] },
      },
    }),
    baseUrl: ({ fields: f }) => f.baseUrl,
    test: async () => ({ ok: true }),
  },
});

let vault: VaultHarness;
beforeAll(async () => {
  vault = await startVault({ connectors: [connector] });
});
afterAll(async () => {
  await vault.close();
});

async function storedSecrets(id: string): Promise<Record<string, string>> {
  const row = await vault.store.db.selectFrom('connections').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  return readSecrets(vault.keys, row).fields;
}

describe('fields of other auth options', () => {
  it('are accepted but not stored on create: neither the public ones nor the secrets', async () => {
    const created = await vault.service.create(vault.actor, {
      connector: 'options-app',
      name: 'none with leftovers',
      fields: { auth: 'none', baseUrl: 'https://app.test/', apiKey: 'leftover-key', username: 'someone', password: 'leftover-pw' },
    });
    expect(created.status).toBe('connected');
    expect(created.fields).toEqual({ auth: 'none', baseUrl: 'https://app.test/' });
    expect(created.secretFieldsSet).toEqual([]);
    expect(await storedSecrets(created.id)).toEqual({});
  });

  it('keeps the chosen option’s fields, its defaults included', async () => {
    const created = await vault.service.create(vault.actor, {
      connector: 'options-app',
      name: 'key',
      fields: { auth: 'key', baseUrl: 'https://app.test/', apiKey: 'k-1', password: 'leftover-pw' },
    });
    expect(created.fields).toEqual({ auth: 'key', baseUrl: 'https://app.test/', apiKeyHeader: 'X-API-Key' });
    expect(created.secretFieldsSet).toEqual(['apiKey']);
  });

  it('switching the option on PATCH drops the old option’s fields and fills the new one’s defaults', async () => {
    const created = await vault.service.create(vault.actor, { connector: 'options-app', name: 'switching', fields: { auth: 'basic', baseUrl: 'https://app.test/', username: 'u', password: 'pw-1' } });
    expect(created.secretFieldsSet).toEqual(['password']);

    const toKey = await vault.service.update(vault.actor, created.id, { fields: { auth: 'key', apiKey: 'k-2' } });
    expect(toKey.fields).toEqual({ auth: 'key', baseUrl: 'https://app.test/', apiKeyHeader: 'X-API-Key' });
    expect(toKey.secretFieldsSet).toEqual(['apiKey']);
    expect(await storedSecrets(created.id)).toEqual({ apiKey: 'k-2' });

    // Back to basic: the password is gone, so it is required again rather than revived.
    await expect(vault.service.update(vault.actor, created.id, { fields: { auth: 'basic', username: 'u' } })).rejects.toMatchObject({
      code: 'invalid_input',
      details: [{ path: 'fields.password', message: 'is required' }],
    });
    const toNone = await vault.service.update(vault.actor, created.id, { fields: { auth: 'none' } });
    expect(toNone.fields).toEqual({ auth: 'none', baseUrl: 'https://app.test/' });
    expect(await storedSecrets(created.id)).toEqual({});
  });

  it('a PATCH that keeps the option keeps its stored secrets', async () => {
    const created = await vault.service.create(vault.actor, { connector: 'options-app', name: 'rename header', fields: { auth: 'key', baseUrl: 'https://app.test/', apiKey: 'k-3' } });
    const updated = await vault.service.update(vault.actor, created.id, { fields: { apiKeyHeader: 'X-Key' } });
    expect(updated.fields).toMatchObject({ apiKeyHeader: 'X-Key' });
    expect(await storedSecrets(created.id)).toEqual({ apiKey: 'k-3' });
  });

  it('a PATCH to an OAuth option leaves the connection waiting to be connected, with nothing of the old sign-in', async () => {
    const created = await vault.service.create(vault.actor, { connector: 'options-app', name: 'key then oauth', fields: { auth: 'key', baseUrl: 'https://app.test/', apiKey: 'old-key' } });
    expect(created.status).toBe('connected');
    const updated = await vault.service.update(vault.actor, created.id, { fields: { auth: 'oauth', clientId: 'the-client' } });
    expect(updated).toMatchObject({ status: 'disconnected', authOption: 'oauth', authorizedAt: null, identity: null, grantedScopes: [] });
    expect(updated.statusReason).toMatch(/connect it/);
    const row = await vault.store.db.selectFrom('connections').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
    expect(readSecrets(vault.keys, row)).toEqual({ fields: {} });
  });
});
