import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing/test-server.ts';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

interface Described {
  key: string;
  fields: { name: string }[];
  auth: { selectedBy: string | null; kinds: { option: string; kind: string; requires: string[]; optional: string[] }[] };
}

const described = async (key: string): Promise<Described> => {
  const res = await server.api(`/api/v1/connectors/${key}`);
  expect(res.status, res.text).toBe(200);
  return res.body as Described;
};

describe('each auth option names the fields it requires and the ones it may use', () => {
  it('HTTP: every option with its own fields; base URL, test path and idempotency keys belong to none, so to all', async () => {
    const http = await described('http');
    expect(http.auth).toEqual({
      selectedBy: 'auth',
      kinds: [
        { option: 'none', kind: 'none', requires: [], optional: [] },
        { option: 'basic', kind: 'basic', requires: ['username', 'password'], optional: [] },
        { option: 'apiKey', kind: 'apiKey', requires: ['apiKey'], optional: ['apiKeyHeader'] },
        { option: 'bearer', kind: 'apiKey', requires: ['token'], optional: [] },
        { option: 'oauth2', kind: 'oauth2', requires: ['authorizationUrl', 'tokenUrl', 'clientId'], optional: ['clientSecret', 'scopes', 'pkce', 'tokenAuthMethod'] },
        { option: 'oauth2ClientCredentials', kind: 'oauth2ClientCredentials', requires: ['tokenUrl', 'clientId', 'clientSecret'], optional: ['scopes', 'tokenAuthMethod'] },
      ],
    });
    const named = new Set(http.auth.kinds.flatMap((k) => [...k.requires, ...k.optional]));
    expect(http.fields.map((f) => f.name).filter((name) => !named.has(name) && name !== 'auth')).toEqual(['baseUrl', 'testPath', 'idempotencyKeys']);
  });

  it('Jira: OAuth may use a site and a server URL; an API token requires the site', async () => {
    const jira = await described('jira');
    expect(jira.auth.kinds).toEqual([
      { option: 'oauth2', kind: 'oauth2', requires: ['clientId', 'clientSecret'], optional: ['site', 'serverUrl'] },
      { option: 'apiToken', kind: 'basic', requires: ['site', 'email', 'apiToken'], optional: [] },
    ]);
  });

  it('every connector names only its own fields, and a single kind is its only option', async () => {
    const list = (await server.api('/api/v1/connectors')).body as { connectors: Described[] };
    for (const c of list.connectors) {
      const names = new Set(c.fields.map((f) => f.name));
      for (const k of c.auth.kinds) expect([...k.requires, ...k.optional].filter((n) => !names.has(n)), `${c.key}.${k.option}`).toEqual([]);
      if (c.auth.selectedBy === null) expect(c.auth.kinds.map((k) => [k.option, k.requires, k.optional]), c.key).toEqual([[c.auth.kinds[0]?.kind, [], []]]);
    }
    expect(list.connectors.find((c) => c.key === 'webhook')?.auth.kinds).toEqual([{ option: 'none', kind: 'none', requires: [], optional: [] }]);
  });

  it('the OpenAPI document says what `optional` means', async () => {
    const doc = (await server.api('/api/openapi.json')).body as { components: { schemas: Record<string, unknown> } };
    const kinds = JSON.stringify(doc.components.schemas.Connector);
    expect(kinds).toContain('Fields this option uses when given, without requiring them.');
  });
});

describe('values for fields of another auth option', () => {
  it('are ignored, not refused, and not stored', async () => {
    const res = await server.api('/api/v1/connections', {
      method: 'POST',
      json: { connector: 'http', name: 'No auth', fields: { auth: 'none', baseUrl: 'http://127.0.0.1:9/', apiKey: 'leftover-canary', pkce: false, scopes: 'read' } },
    });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ fields: { auth: 'none', baseUrl: 'http://127.0.0.1:9/' }, secretFieldsSet: [] });
    expect(Object.keys((res.body as { fields: object }).fields).sort()).toEqual(['auth', 'baseUrl', 'idempotencyKeys']);
  });
});
