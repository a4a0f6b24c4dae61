import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectClientError } from '../testing/expect-error.ts';
import { rawRequest } from '../testing/raw-http.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

describe('a known path with another method', () => {
  it('answers 405 with Allow naming the methods, for TRACE, OPTIONS, PUT and methods Fastify does not know', async () => {
    for (const method of ['TRACE', 'OPTIONS', 'PUT', 'DELETE', 'PROPFIND']) {
      const res = await rawRequest(server.url, { method, path: '/api/v1/connections', headers: { authorization: `Bearer ${server.token}` } });
      expect(res.status, `${method} ${res.text}`).toBe(405);
      expect(res.headers.allow).toBe('GET, HEAD, POST');
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toEqual({
        error: { code: 'method_not_allowed', message: `${method} is not allowed on /api/v1/connections: use GET, HEAD or POST.` },
      });
    }
  });

  it('answers 405 before the bearer check, as unknown paths answer 404 before it', async () => {
    for (const authorization of ['', 'Bearer pb_not-a-real-token-0123456789']) {
      const res = await server.api('/api/v1/connections', { method: 'PUT', headers: { authorization }, json: {} });
      expectClientError(res, 405, 'method_not_allowed');
      expect(res.headers.get('allow')).toBe('GET, HEAD, POST');
    }
    expectClientError(await server.api('/api/v1/nothing-here', { headers: { authorization: '' } }), 404, 'not_found');
  });

  it('lists, for every path of the OpenAPI document, the methods the document gives the paths it matches (and HEAD with GET)', async () => {
    const document = (await server.api('/api/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    const templates = Object.entries(document.paths).map(([template, operations]) => ({
      template,
      pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
      methods: Object.keys(operations).map((m) => m.toUpperCase()),
    }));
    expect(templates.length).toBeGreaterThan(20);
    let checked = 0;
    for (const { template } of templates) {
      const path = template.replace(/\{[^}]+\}/g, 'x1');
      // `/recipes/import` (POST) is also `/recipes/{id}` (GET, PATCH, DELETE): the router routes both.
      const documented = new Set(templates.filter((t) => t.pattern.test(path)).flatMap((t) => t.methods));
      if (documented.has('GET')) documented.add('HEAD');
      const other = METHODS.find((m) => !documented.has(m));
      if (!other) continue;
      const res = await server.api(path, { method: other });
      expect(res.status, `${other} ${path}: ${res.text}`).toBe(405);
      expect((res.headers.get('allow') ?? '').split(', ').sort(), `${other} ${path}`).toEqual([...documented].sort());
      checked += 1;
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('never shows a webhook token, whatever the method', async () => {
    const token = 'wh_canaryToken0123456789abcdefghijklmnopqrstuv';
    const res = await server.api(`/webhooks/${token}`, { method: 'GET', headers: { authorization: '' } });
    expect(expectClientError(res, 405, 'method_not_allowed')).toBe('GET is not allowed on /webhooks/:token: use POST, PUT or PATCH.');
    expect(res.headers.get('allow')).toBe('POST, PUT, PATCH');
    expect(res.text).not.toContain(token);
    // HEAD: the status and Allow, no body.
    const head = await server.api(`/webhooks/${token}`, { method: 'HEAD', headers: { authorization: '' } });
    expect([head.status, head.headers.get('allow'), head.text]).toEqual([405, 'POST, PUT, PATCH', '']);
  });
});

describe('unknown paths', () => {
  it('stay 404: another case, a trailing slash, extra segments, an id longer than any Patchbay issues', async () => {
    for (const [method, path] of [
      ['PUT', '/api/v1/nothing'],
      ['PUT', '/API/v1/connections'],
      ['PUT', '/api/v1/connections/'],
      ['POST', '/api/v1/connections/x/y/z'],
      ['PUT', `/api/v1/connections/${'x'.repeat(300)}`],
      ['GET', `/api/v1/connections/${'x'.repeat(300)}`],
    ] as const) {
      const res = await server.api(path, { method, json: method === 'GET' ? undefined : {} });
      expectClientError(res, 404, 'not_found');
      expect(res.headers.get('allow'), `${method} ${path}`).toBeNull();
    }
  });

  it('match their route when percent-encoded, as the router matches them', async () => {
    const res = await server.api('/api/v1/conn%65ctions', { method: 'PUT', json: {} });
    expectClientError(res, 405, 'method_not_allowed');
    expect((await server.api('/api/v1/conn%65ctions')).status).toBe(200);
  });
});
