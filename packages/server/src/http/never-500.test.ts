import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionView } from '@patchbay/vault';
import { rawRequest } from '../testing/raw-http.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

let server: TestServer;
let id: string;
beforeAll(async () => {
  server = await startTestServer();
  const created = await server.api('/api/v1/connections', {
    method: 'POST',
    json: { connector: 'http', name: 'Fuzz target', fields: { auth: 'none', baseUrl: 'http://127.0.0.1:9/' } },
  });
  id = (created.body as ConnectionView).id;
});
afterAll(() => server?.stop());

/** Bodies a careless or hostile client might send; none may cause a 5xx. */
const NASTY_BODIES: string[] = [
  '',
  ' ',
  'null',
  'true',
  '"string"',
  '[]',
  '[{}]',
  '{}',
  '{"input":null}',
  '{"input":[]}',
  '{"name":null,"connector":null}',
  '{"fields":{"auth":"oauth2","baseUrl":"http://x"},"connector":"http","name":"n"}',
  '{"fields":{"auth":"basic","baseUrl":"not a url"},"connector":"http","name":"n"}',
  '{"fields":{"__proto__":{}},"connector":"http","name":"n"}',
  '{"constructor":{"prototype":{"x":1}}}',
  '{"name":"\\u0000\\ud800"}',
  `{"name":${'9'.repeat(400)}}`,
  `${'['.repeat(5000)}${']'.repeat(5000)}`,
  `{"input":${'{"a":'.repeat(2000)}1${'}'.repeat(2000)}}`,
  '{"openerOrigin":"https://example.com/path"}',
  '{"confirmInstanceChange":null}',
  '{"input":{"method":"GET","path":"http://169.254.169.254/latest"}}',
  '{"input":{"method":"GET","path":"/","headers":{"x":1}}}',
];

const ENDPOINTS = (connectionId: string): [string, string][] => [
  ['POST', '/api/v1/connections'],
  ['PATCH', `/api/v1/connections/${connectionId}`],
  ['POST', `/api/v1/connections/${connectionId}/test`],
  ['POST', `/api/v1/connections/${connectionId}/disconnect`],
  ['POST', `/api/v1/connections/${connectionId}/authorize`],
  ['POST', `/api/v1/connections/${connectionId}/actions/request`],
  ['DELETE', '/api/v1/connections/conn_unknown'],
];

describe('a client never causes a 500', () => {
  it('for any of a set of malformed and hostile bodies on every endpoint', async () => {
    for (const [method, path] of ENDPOINTS(id)) {
      for (const body of NASTY_BODIES) {
        const res = await server.api(path, { method, headers: { 'content-type': 'application/json' }, body });
        // 502 is the app behind the connection failing, not Patchbay; 500 would be a bug.
        const acceptable = res.status < 500 || res.status === 502;
        expect(acceptable, `${method} ${path} ${body.slice(0, 60)} → ${res.status} ${res.text.slice(0, 200)}`).toBe(true);
        expect(res.headers.get('content-type') ?? '', `${method} ${path}`).toMatch(/json/);
      }
    }
    expect(server.logs()).not.toMatch(/"level":50/);
  });

  it('for odd paths, methods and query strings', async () => {
    const paths = [
      '/api/v1/connections/%00',
      '/api/v1/connections?limit=%00',
      '/webhooks/wh_%00?a=%00',
      '/api/v1/connections/..%2F..%2Fetc',
      '/api/v1/connectors/%F0%9F%92%A9',
      '/oauth/callback?state=a&state=b',
      '/oauth/callback?error=<script>',
      '/api/v1/connections',
      `/api/v1/connections/${id}/actions/request`,
    ];
    for (const path of paths) {
      for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE', 'PROPFIND']) {
        const res = await rawRequest(server.url, { method, path, headers: { authorization: `Bearer ${server.token}` } });
        expect(res.status, `${method} ${path} → ${res.text.slice(0, 200)}`).toBeLessThan(500);
        // The OAuth callback may answer the browser with a page; everything else answers in JSON.
        const page = path.startsWith('/oauth/callback') && method === 'GET';
        expect(res.headers['content-type'] ?? '', `${method} ${path}`).toMatch(page ? /^(text\/html|application\/json)/ : /json/);
      }
    }
    expect(server.logs()).not.toMatch(/"level":50/);
  });

  it('for bodies in other types and encodings', async () => {
    for (const [type, encoding] of [['application/vnd.api+json', undefined], ['text/plain', undefined], ['application/json', 'gzip'], ['application/json', 'br, identity'], ['', undefined]] as const) {
      for (const body of NASTY_BODIES) {
        const headers: Record<string, string> = { authorization: `Bearer ${server.token}`, 'content-type': type };
        if (encoding) headers['content-encoding'] = encoding;
        const res = await rawRequest(server.url, { method: 'POST', path: '/api/v1/connections', headers, body });
        expect(res.status, `${type} ${encoding} ${body.slice(0, 60)} → ${res.text.slice(0, 200)}`).toBeLessThan(500);
      }
    }
    expect(server.logs()).not.toMatch(/"level":50/);
  });
});

describe('requests the HTTP parser rejects', () => {
  it('get the error envelope too', async () => {
    const { connect } = await import('node:net');
    const url = new URL(server.url);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(url.port), url.hostname, () => socket.write('GET /health HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n'));
      let data = '';
      socket.on('data', (d: Buffer) => (data += d.toString()));
      socket.on('close', () => resolve(data));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toContain('{"error":{"code":"invalid_request"');
  });
});
