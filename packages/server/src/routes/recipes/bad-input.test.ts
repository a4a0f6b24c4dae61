import type { RecipeView } from '@patchbay/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleRecipe } from '../../testing/example-recipe.ts';
import { detailsOf, expectClientError } from '../../testing/expect-error.ts';
import { startTestServer, type ApiResponse, type TestServer } from '../../testing/test-server.ts';

let server: TestServer;
let id: string;

beforeAll(async () => {
  server = await startTestServer();
  const created = await server.api('/api/v1/recipes', { method: 'POST', json: exampleRecipe() });
  expect(created.status, created.text).toBe(201);
  id = (created.body as RecipeView).id;
});

afterAll(() => server?.stop());

const UNKNOWN_RECIPE = 'rcp_doesNotExist0000000000';
const UNKNOWN_JOB = 'job_doesNotExist0000000000';
const problemPaths = (res: ApiResponse) => ((detailsOf(res) ?? []) as { path: string }[]).map((p) => p.path);

describe('recipe definitions with bad input', () => {
  const send = (method: string, path: string, json: unknown) => server.api(path, { method, json });
  const targets = (): [string, string][] => [
    ['POST', '/api/v1/recipes'],
    ['POST', '/api/v1/recipes/import'],
    ['PATCH', `/api/v1/recipes/${id}`],
  ];

  it('names a missing required field', async () => {
    const { name: _, ...nameless } = exampleRecipe();
    for (const [method, path] of targets()) {
      const res = await send(method, path, nameless);
      expectClientError(res, 400, 'invalid_input');
      expect(problemPaths(res), `${method} ${path}`).toContain('name');
    }
  });

  it('refuses an extra property instead of dropping it', async () => {
    for (const [method, path] of targets()) {
      const res = await send(method, path, { ...exampleRecipe(), isAdmin: true });
      expect(expectClientError(res, 400, 'invalid_input'), `${method} ${path}`).toContain('isAdmin');
    }
  });

  it('refuses wrong types without coercing them', async () => {
    for (const [method, path] of targets()) {
      const res = await send(method, path, { ...exampleRecipe(), name: 42, steps: 'copy everything' });
      expectClientError(res, 400, 'invalid_input');
      expect(problemPaths(res), `${method} ${path}`).toEqual(expect.arrayContaining(['name', 'steps']));
    }
  });

  it('refuses a body that is not an object, or none', async () => {
    for (const [method, path] of targets()) {
      for (const body of [[], 'text', 42, null]) expectClientError(await send(method, path, body), 400, 'invalid_input');
      expectClientError(await server.api(path, { method }), 400, 'invalid_input');
    }
  });

  it('answers 413 for a body over 1 MiB and 415 for one that is not JSON', async () => {
    const huge = { ...exampleRecipe(), description: 'x'.repeat(1024 * 1024 + 10) };
    const bodies: [string, string][] = [...targets(), ['PUT', `/api/v1/recipes/${id}/connections`], ['POST', `/api/v1/recipes/${id}/start`]];
    for (const [method, path] of bodies) {
      expectClientError(await send(method, path, huge), 413, 'payload_too_large');
      expectClientError(await server.api(path, { method, headers: { 'content-type': 'text/plain' }, body: 'name=x' }), 415, 'unsupported_media_type');
    }
  });

  it('keeps the stored version when an update is refused', async () => {
    await send('PATCH', `/api/v1/recipes/${id}`, { name: 'broken' });
    expect((await server.api(`/api/v1/recipes/${id}`)).body).toMatchObject({ version: 1, name: 'Mirror new accounts into the sandbox' });
  });
});

describe('other recipe and job endpoints with bad input', () => {
  it('bind refuses wrong-typed connection ids and non-object bodies', async () => {
    const path = `/api/v1/recipes/${id}/connections`;
    const wrong = await server.api(path, { method: 'PUT', json: { source: 5 } });
    expect(expectClientError(wrong, 400, 'invalid_input')).toContain('source');
    expectClientError(await server.api(path, { method: 'PUT', json: ['source'] }), 400, 'invalid_input');
    expectClientError(await server.api(path, { method: 'PUT' }), 400, 'invalid_input');
  });

  it('start, stop and rerun refuse unknown or wrong-typed properties', async () => {
    const since = await server.api(`/api/v1/recipes/${id}/start`, { method: 'POST', json: { since: 5 } });
    expect(expectClientError(since, 400, 'invalid_input')).toContain('since must be string');
    const extra = await server.api(`/api/v1/recipes/${id}/start`, { method: 'POST', json: { force: true } });
    expect(expectClientError(extra, 400, 'invalid_input')).toContain('force');
    const stop = await server.api(`/api/v1/recipes/${id}/stop`, { method: 'POST', json: { now: true } });
    expect(expectClientError(stop, 400, 'invalid_input')).toContain('now');
    const rerun = await server.api(`/api/v1/jobs/${UNKNOWN_JOB}/rerun`, { method: 'POST', json: { wait: true } });
    expect(expectClientError(rerun, 400, 'invalid_input')).toContain('wait');
  });

  it('job and notification lists check status and limit', async () => {
    const jobs = `/api/v1/recipes/${id}/jobs`;
    for (const query of ['limit=0', 'limit=501', 'limit=abc', 'limit=-1', 'limit=1.5', 'status=done', 'extra=1']) {
      const res = await server.api(`${jobs}?${query}`);
      expect(expectClientError(res, 400, 'invalid_input'), query).toMatch(/limit|status|extra/);
    }
    expect((await server.api(`${jobs}?limit=500&status=succeeded`)).status).toBe(200);
    for (const query of ['limit=0', 'limit=9999', 'status=new']) expectClientError(await server.api(`/api/v1/notifications?${query}`), 400, 'invalid_input');
  });

  it('answers 404 for unknown ids on every endpoint', async () => {
    const calls: [string, string, unknown?][] = [
      ['GET', `/api/v1/recipes/${UNKNOWN_RECIPE}`],
      ['PATCH', `/api/v1/recipes/${UNKNOWN_RECIPE}`, exampleRecipe()],
      ['DELETE', `/api/v1/recipes/${UNKNOWN_RECIPE}`],
      ['PUT', `/api/v1/recipes/${UNKNOWN_RECIPE}/connections`, {}],
      ['POST', `/api/v1/recipes/${UNKNOWN_RECIPE}/start`],
      ['POST', `/api/v1/recipes/${UNKNOWN_RECIPE}/stop`],
      ['GET', `/api/v1/recipes/${UNKNOWN_RECIPE}/versions`],
      ['GET', `/api/v1/recipes/${UNKNOWN_RECIPE}/export`],
      ['GET', `/api/v1/recipes/${UNKNOWN_RECIPE}/jobs`],
      ['GET', `/api/v1/jobs/${UNKNOWN_JOB}`],
      ['POST', `/api/v1/jobs/${UNKNOWN_JOB}/rerun`],
      ['GET', `/api/v1/recipes/${'x'.repeat(500)}`],
    ];
    for (const [method, path, json] of calls) expectClientError(await server.api(path, { method, json }), 404, 'not_found');
  });

  it('answers 401 without a token on every endpoint', async () => {
    const calls: [string, string][] = [
      ['GET', '/api/v1/recipes'],
      ['POST', '/api/v1/recipes'],
      ['POST', '/api/v1/recipes/import'],
      ['GET', `/api/v1/recipes/${id}`],
      ['PATCH', `/api/v1/recipes/${id}`],
      ['DELETE', `/api/v1/recipes/${id}`],
      ['PUT', `/api/v1/recipes/${id}/connections`],
      ['POST', `/api/v1/recipes/${id}/start`],
      ['POST', `/api/v1/recipes/${id}/stop`],
      ['GET', `/api/v1/recipes/${id}/versions`],
      ['GET', `/api/v1/recipes/${id}/export`],
      ['GET', `/api/v1/recipes/${id}/jobs`],
      ['GET', `/api/v1/jobs/${UNKNOWN_JOB}`],
      ['POST', `/api/v1/jobs/${UNKNOWN_JOB}/rerun`],
      ['GET', '/api/v1/notifications'],
    ];
    for (const [method, path] of calls) {
      expectClientError(await server.api(path, { method, headers: { authorization: '' } }), 401, 'unauthorized');
      expectClientError(await server.api(path, { method, headers: { authorization: 'Bearer pb_not-a-token' } }), 401, 'unauthorized');
    }
    // The recipe is untouched.
    expect((await server.api(`/api/v1/recipes/${id}`)).status).toBe(200);
  });
});

describe('a client never causes a 500', () => {
  const NASTY = ['', ' ', 'null', 'true', '"s"', '[]', '[{}]', '{}', '{"name":null}', '{"connections":[]}', '{"steps":[{"id":"1"}]}',
    '{"trigger":{"connector":"webhook"}}', '{"__proto__":{}}', '{"constructor":{"prototype":{"x":1}}}', '{"name":"\\u0000"}',
    `{"name":${'9'.repeat(400)}}`, `${'['.repeat(5000)}${']'.repeat(5000)}`, `{"steps":${'[{"then":'.repeat(1000)}1${'}]'.repeat(1000)}}`,
    '{"source":"conn_x","target":null}', '{"since":"yesterday"}'];

  it('for malformed and hostile bodies on every endpoint that takes one', async () => {
    const endpoints: [string, string][] = [
      ['POST', '/api/v1/recipes'],
      ['POST', '/api/v1/recipes/import'],
      ['PATCH', `/api/v1/recipes/${id}`],
      ['PUT', `/api/v1/recipes/${id}/connections`],
      ['POST', `/api/v1/recipes/${id}/start`],
      ['POST', `/api/v1/recipes/${id}/stop`],
      ['POST', `/api/v1/jobs/${UNKNOWN_JOB}/rerun`],
    ];
    for (const [method, path] of endpoints) {
      for (const body of NASTY) {
        const res = await server.api(path, { method, headers: { 'content-type': 'application/json' }, body });
        expect(res.status, `${method} ${path} ${body.slice(0, 60)} → ${res.text.slice(0, 200)}`).toBeLessThan(500);
        expect(res.headers.get('content-type') ?? '', `${method} ${path}`).toMatch(/json/);
      }
    }
    expect(server.logs()).not.toMatch(/"level":50/);
  });
});
