import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionView } from '@patchbay/vault';
import { startTestServer, type TestServer } from '../../testing/test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

const noToken = { headers: { authorization: '' } };

describe('GET /oauth/callback', () => {
  it('refuses an unknown state with a 400 HTML page carrying the security headers', async () => {
    const res = await server.api('/oauth/callback?state=not-a-real-state&code=canary-code-123', noToken);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.text).toContain('<!doctype html>');
    expect(res.text).not.toContain('canary-code-123');
    expect(res.text).not.toContain('<script');
  });

  it('escapes provider error text and posts a failure to the exact opener origin recorded at /authorize', async () => {
    const created = await server.api('/api/v1/connections', {
      method: 'POST',
      json: {
        connector: 'http',
        name: 'OAuth app',
        fields: {
          auth: 'oauth2',
          baseUrl: 'http://127.0.0.1:9/api/',
          authorizationUrl: 'http://127.0.0.1:9/authorize',
          tokenUrl: 'http://127.0.0.1:9/token',
          clientId: 'client',
          clientSecret: 'canary-client-secret-42',
        },
      },
    });
    expect(created.status, created.text).toBe(201);
    const { id } = created.body as ConnectionView;
    const authorize = await server.api(`/api/v1/connections/${id}/authorize`, {
      method: 'POST',
      json: { openerOrigin: 'https://ui.example.com' },
    });
    expect(authorize.status, authorize.text).toBe(200);
    const state = new URL((authorize.body as { url: string }).url).searchParams.get('state') ?? '';
    expect(state).not.toBe('');

    const hostile = '<script>alert(1)</script>';
    const res = await server.api(
      `/oauth/callback?state=${encodeURIComponent(state)}&error=access_denied&error_description=${encodeURIComponent(hostile)}`,
      noToken,
    );
    expect(res.status).toBe(400);
    expect(res.text).not.toContain(hostile);
    expect(res.text).toContain('"origin":"https://ui.example.com"');
    expect(res.text).not.toMatch(/postMessage\([^)]*['"]\*['"]/);

    // The state is single use.
    const replay = await server.api(`/oauth/callback?state=${encodeURIComponent(state)}&code=x`, noToken);
    expect(replay.status).toBe(400);
    expect(server.logs()).not.toContain('canary-client-secret-42');
    expect(server.logs()).not.toContain(state);
  });
});
