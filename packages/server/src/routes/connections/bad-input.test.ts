import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionView } from '@patchbay/vault';
import { detailsOf, expectClientError } from '../../testing/expect-error.ts';
import { startTestServer, type TestServer } from '../../testing/test-server.ts';

let server: TestServer;
let connection: ConnectionView;

beforeAll(async () => {
  server = await startTestServer();
  const created = await server.api('/api/v1/connections', {
    method: 'POST',
    json: { connector: 'http', name: 'Example', fields: { auth: 'none', baseUrl: 'http://127.0.0.1:9/' } },
  });
  expect(created.status, created.text).toBe(201);
  connection = created.body as ConnectionView;
});
afterAll(() => server?.stop());

const post = (path: string, json: unknown) => server.api(path, { method: 'POST', json });

describe('POST /api/v1/connections with bad input', () => {
  it('refuses NUL characters, which PostgreSQL text cannot hold', async () => {
    const res = await post('/api/v1/connections', { connector: 'http', name: 'a\u0000b', fields: { baseUrl: 'http://127.0.0.1:9/' } });
    expect(expectClientError(res, 400, 'invalid_input')).toContain('NUL');
  });

  it('names a missing required field', async () => {
    const res = await post('/api/v1/connections', { name: 'x' });
    expect(expectClientError(res, 400, 'invalid_input')).toContain('connector is required');
    expect(detailsOf(res)).toEqual([{ path: 'connector', message: 'is required' }]);
  });

  it('folds a wrong select value into one message listing the choices', async () => {
    const res = await post('/api/v1/connections', { connector: 'http', name: 'x', fields: { auth: 'kerberos', baseUrl: 'http://127.0.0.1:9/' } });
    expect(detailsOf(res)).toEqual([{ path: 'fields.auth', message: expect.stringContaining('must be one of "none", "basic"') }]);
  });

  it('names a field that is too short', async () => {
    const res = await post('/api/v1/connections', { connector: 'http', name: '' });
    expect(expectClientError(res, 400, 'invalid_input')).toContain('name must NOT have fewer than 1 characters');
  });

  it('refuses an extra property instead of dropping it', async () => {
    const res = await post('/api/v1/connections', { connector: 'http', name: 'x', fields: {}, isAdmin: true });
    expect(expectClientError(res, 400, 'invalid_input')).toContain('isAdmin');
  });

  it('refuses wrong types without coercing them, listing every problem', async () => {
    const res = await post('/api/v1/connections', { connector: 7, name: ['a'], environment: false, fields: 'x' });
    const message = expectClientError(res, 400, 'invalid_input');
    expect(message).toContain('connector must be string');
    const paths = (detailsOf(res) as { path: string }[]).map((d) => d.path).sort();
    expect(paths).toEqual(['connector', 'environment', 'fields', 'name']);
  });

  it('refuses a body that is not an object', async () => {
    for (const body of [[], 'text', 42, null]) {
      const res = await post('/api/v1/connections', body);
      expectClientError(res, 400, 'invalid_input');
    }
  });

  it('answers invalid_json for malformed JSON without quoting it', async () => {
    const res = await server.api('/api/v1/connections', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"name": "canary-json-secret", ',
    });
    expectClientError(res, 400, 'invalid_json');
    expect(res.text).not.toContain('canary-json-secret');
  });

  it('reads a __proto__ key as data: an unknown property, polluting nothing (http/json-parser.ts)', async () => {
    const res = await server.api('/api/v1/connections', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"connector":"http","name":"x","__proto__":{"isAdmin":true}}',
    });
    expect(expectClientError(res, 400, 'invalid_input')).toContain('__proto__');
    expect(Reflect.get({}, 'isAdmin')).toBeUndefined();
  });

  it('answers 413 for a body over 1 MiB', async () => {
    const res = await post('/api/v1/connections', { connector: 'http', name: 'x', fields: { baseUrl: 'x'.repeat(1024 * 1024 + 10) } });
    expectClientError(res, 413, 'payload_too_large');
  });

  it('answers 415 for a body that is not JSON', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
      const res = await server.api('/api/v1/connections', { method: 'POST', headers: { 'content-type': type }, body: 'name=x' });
      expectClientError(res, 415, 'unsupported_media_type');
    }
  });

  it('rejects unknown connectors and bad connection fields with 4xx naming them', async () => {
    const unknown = await post('/api/v1/connections', { connector: 'nope', name: 'x' });
    expect(expectClientError(unknown, 400, 'invalid_input')).toContain('"nope"');
    const badField = await post('/api/v1/connections', { connector: 'http', name: 'x', fields: { auth: 'none', baseUrl: 12 } });
    expect(expectClientError(badField, 400, 'invalid_input')).toContain('baseUrl');
  });
});

describe('connection endpoints with bad input', () => {
  const unknownId = 'conn_doesNotExist0000000000';

  it('answers 404 for unknown ids on every endpoint', async () => {
    const calls: [string, string, unknown?][] = [
      ['GET', `/api/v1/connections/${unknownId}`],
      ['PATCH', `/api/v1/connections/${unknownId}`, { name: 'x' }],
      ['DELETE', `/api/v1/connections/${unknownId}`],
      ['POST', `/api/v1/connections/${unknownId}/test`],
      ['POST', `/api/v1/connections/${unknownId}/disconnect`],
      ['POST', `/api/v1/connections/${unknownId}/authorize`, {}],
      ['GET', `/api/v1/connections/${unknownId}/picklists/objects`],
      ['POST', `/api/v1/connections/${unknownId}/actions/request`, { input: { method: 'GET', path: '/' } }],
      ['GET', `/api/v1/connections/${'x'.repeat(500)}`],
      ['GET', '/api/v1/connectors/nope'],
    ];
    for (const [method, path, json] of calls) {
      const res = await server.api(path, { method, json });
      expectClientError(res, 404, 'not_found');
    }
  });

  it('PATCH refuses extra, empty and wrong-typed fields', async () => {
    const path = `/api/v1/connections/${connection.id}`;
    const extra = await server.api(path, { method: 'PATCH', json: { status: 'connected' } });
    expect(expectClientError(extra, 400, 'invalid_input')).toContain('status');
    const empty = await server.api(path, { method: 'PATCH', json: { name: '' } });
    expect(expectClientError(empty, 400, 'invalid_input')).toContain('name must NOT have fewer than 1 characters');
    const wrong = await server.api(path, { method: 'PATCH', json: { environment: 5 } });
    expect(expectClientError(wrong, 400, 'invalid_input')).toContain('environment must be string or null');
  });

  it('test and disconnect refuse a body with properties', async () => {
    for (const verb of ['test', 'disconnect']) {
      const res = await post(`/api/v1/connections/${connection.id}/${verb}`, { force: true });
      expect(expectClientError(res, 400, 'invalid_input')).toContain('force');
    }
  });

  it('authorize validates its optional body and refuses non-OAuth2 connections', async () => {
    const path = `/api/v1/connections/${connection.id}/authorize`;
    const origin = await post(path, { openerOrigin: 'javascript:alert(1)' });
    expect(expectClientError(origin, 400, 'invalid_input')).toContain('openerOrigin');
    const flag = await post(path, { confirmInstanceChange: 'yes' });
    expect(expectClientError(flag, 400, 'invalid_input')).toContain('confirmInstanceChange must be boolean');
    const notOAuth = await server.api(path, { method: 'POST' });
    expect(notOAuth.status).toBe(409);
    expectClientError(notOAuth, 409, (notOAuth.body as { error: { code: string } }).error.code);
  });

  it('run-action requires { input: object } and checks the input against the action', async () => {
    const path = `/api/v1/connections/${connection.id}/actions/request`;
    const missing = await post(path, {});
    expect(expectClientError(missing, 400, 'invalid_input')).toContain('input is required');
    const wrongType = await post(path, { input: 'GET /' });
    expect(expectClientError(wrongType, 400, 'invalid_input')).toContain('input must be object');
    const badInput = await post(path, { input: { method: 'FETCH', path: '/' } });
    expect(expectClientError(badInput, 400, 'invalid_input')).toContain('method');
    const unknownAction = await post(`/api/v1/connections/${connection.id}/actions/nope`, { input: {} });
    expect(unknownAction.status).toBeGreaterThanOrEqual(400);
    expect(unknownAction.status).toBeLessThan(500);
  });

  it('picklist: an unknown list is a 4xx', async () => {
    const res = await server.api(`/api/v1/connections/${connection.id}/picklists/nope`);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.body).toMatchObject({ error: { code: expect.any(String) } });
  });
});
