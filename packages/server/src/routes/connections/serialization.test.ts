import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, loadConfig } from '@patchbay/core';
import type { ConnectionService, ConnectionView } from '@patchbay/vault';
import { buildServer } from '../../app.ts';
import { startTestServer, type TestServer } from '../../testing/test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

describe('responses are serialised through their schema', () => {
  it('drops a property the schema does not declare, even if the service returned it', async () => {
    const created = await server.api('/api/v1/connections', {
      method: 'POST',
      json: { connector: 'http', name: 'Leak check', fields: { auth: 'none', baseUrl: 'http://127.0.0.1:9/' } },
    });
    const { id } = created.body as ConnectionView;
    // The real service wrapped so that it returns too much: the only way to make it misbehave.
    const real = server.service;
    const leaky: ConnectionService = {
      ...real,
      get: async (actor, connectionId) => ({ ...(await real.get(actor, connectionId)), secrets: 'canary-leaked-secret' }),
      list: async (actor, page) => {
        const listed = await real.list(actor, page);
        return { ...listed, items: listed.items.map((c) => ({ ...c, password: 'canary-leaked-secret' })) };
      },
    };
    const app = await buildServer({ config: loadConfig({}, server.dataDir), store: server.store, service: leaky, engine: server.engine, logger: createLogger({ level: 'silent' }) });
    const authorization = `Bearer ${server.token}`;
    const one = await app.inject({ method: 'GET', url: `/api/v1/connections/${id}`, headers: { authorization } });
    const all = await app.inject({ method: 'GET', url: '/api/v1/connections', headers: { authorization } });
    await app.close();
    expect(one.statusCode).toBe(200);
    expect(one.json()).toMatchObject({ id, name: 'Leak check' });
    expect(one.body).not.toContain('canary-leaked-secret');
    expect(all.statusCode).toBe(200);
    expect(all.body).not.toContain('canary-leaked-secret');
  });
});
