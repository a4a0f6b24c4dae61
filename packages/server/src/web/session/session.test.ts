import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../auth/tokens.ts';
import { startTestServer, type TestServer } from '../../testing/test-server.ts';

/*
 * Sign-in for the web UI: an API token becomes an HttpOnly, SameSite=Strict session cookie holding a
 * random session id; cookie-authenticated requests other than GET/HEAD need X-Patchbay-Request: 1.
 * (The browser side of the same is packages/web/src/e2e/connections.test.ts.)
 */

let server: TestServer;
let httpsServer: TestServer;
beforeAll(async () => {
  server = await startTestServer({ workers: false });
  httpsServer = await startTestServer({ workers: false, env: { PATCHBAY_PUBLIC_URL: 'https://patchbay.example.com' } });
});
afterAll(async () => {
  await server?.stop();
  await httpsServer?.stop();
});

const UI = { 'x-patchbay-request': '1' };
const noToken = { authorization: '' };

async function signIn(target = server): Promise<{ cookie: string; setCookie: string }> {
  const res = await target.api('/api/session', { method: 'POST', json: { token: target.token }, headers: { ...noToken, ...UI } });
  expect(res.status, res.text).toBe(201);
  const setCookie = res.headers.get('set-cookie') ?? '';
  return { cookie: setCookie.split(';')[0] ?? '', setCookie };
}

describe('POST /api/session', () => {
  it('turns the API token into an HttpOnly, SameSite=Strict cookie holding a session id, never the token', async () => {
    const { cookie, setCookie } = await signIn();
    expect(setCookie).toMatch(/^patchbay_session=[A-Za-z0-9_-]{40,}; Path=\/; Max-Age=604800; HttpOnly; SameSite=Strict$/);
    expect(setCookie).not.toContain(server.token);
    expect(cookie.split('=')[1]).not.toBe(server.token);
    const me = await server.api('/api/session', { headers: { ...noToken, cookie } });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ user: { id: 'usr_admin', name: 'Admin', role: 'admin' }, workspaceId: 'default' });
    expect(server.logs()).not.toContain(cookie.split('=')[1]);
  });

  it('marks the cookie Secure when Patchbay is served over HTTPS', async () => {
    expect((await signIn(httpsServer)).setCookie).toMatch(/; Secure$/);
  });

  it('refuses a wrong token (401), a malformed body (400) and a request without X-Patchbay-Request (403)', async () => {
    const wrong = await server.api('/api/session', { method: 'POST', json: { token: 'pb_wrong' }, headers: { ...noToken, ...UI } });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('set-cookie')).toBeNull();
    expect((await server.api('/api/session', { method: 'POST', json: { token: '' }, headers: { ...noToken, ...UI } })).status).toBe(400);
    const forged = await server.api('/api/session', { method: 'POST', json: { token: server.token }, headers: noToken });
    expect(forged.status).toBe(403);
    expect(forged.body).toMatchObject({ error: { code: 'request_header_required' } });
    expect(forged.headers.get('set-cookie')).toBeNull();
  });
});

describe('the session cookie on /api/v1', () => {
  it('reads with the cookie alone; writes need X-Patchbay-Request: 1, else 403', async () => {
    const { cookie } = await signIn();
    expect((await server.api('/api/v1/connections', { headers: { ...noToken, cookie } })).status).toBe(200);
    const json = { connector: 'http', name: 'Through the UI', fields: { auth: 'none', baseUrl: 'http://127.0.0.1:9/' } };
    const forged = await server.api('/api/v1/connections', { method: 'POST', json, headers: { ...noToken, cookie } });
    expect(forged.status).toBe(403);
    expect(forged.body).toMatchObject({ error: { code: 'request_header_required' } });
    expect((await server.api('/api/v1/connections', { method: 'POST', json, headers: { ...noToken, cookie, 'x-patchbay-request': 'yes' } })).status).toBe(403);
    expect((await server.api('/api/v1/connections', { method: 'POST', json, headers: { ...noToken, cookie, ...UI } })).status).toBe(201);
  });

  it('is no bearer token: the session id sent as one is refused', async () => {
    const { cookie } = await signIn();
    const id = cookie.split('=')[1] ?? '';
    expect((await server.api('/api/v1/connections', { headers: { authorization: `Bearer ${id}` } })).status).toBe(401);
  });

  it('answers 401 for an unknown or malformed session cookie', async () => {
    for (const cookie of ['patchbay_session=nope', 'patchbay_session=', 'patchbay_session=a;b', 'other=1']) {
      const res = await server.api('/api/v1/connections', { headers: { ...noToken, cookie } });
      expect(res.status, cookie).toBe(401);
    }
  });

  it('ends after 12 idle hours and after 7 days whatever the use', async () => {
    for (const [createdHoursAgo, usedHoursAgo] of [
      [13, 13],
      [24 * 7 + 1, 0],
    ] as const) {
      const { cookie } = await signIn();
      const row = await server.store.db.selectFrom('sessions').select('id').orderBy('created_at', 'desc').executeTakeFirstOrThrow();
      const ago = (h: number) => new Date(Date.now() - h * 3600_000).toISOString();
      await server.store.db.updateTable('sessions').set({ created_at: ago(createdHoursAgo), last_used_at: ago(usedHoursAgo) }).where('id', '=', row.id).execute();
      expect((await server.api('/api/v1/connections', { headers: { ...noToken, cookie } })).status).toBe(401);
      // The ended session's row is gone.
      expect(await server.store.db.selectFrom('sessions').select('id').where('id', '=', row.id).executeTakeFirst()).toBeUndefined();
    }
  });
});

describe('a session and its API token', () => {
  it('ends when the token it was made from is deleted, and its id is never a bearer token', async () => {
    const token = 'pb_second-token-for-sessions-3c9a';
    const ids = { id: 'tok_second', workspace_id: 'default', user_id: 'usr_admin' };
    await server.store.db.insertInto('api_tokens').values({ ...ids, name: 'second', token_hash: hashToken(token), created_at: new Date().toISOString(), last_used_at: null }).execute();
    const res = await server.api('/api/session', { method: 'POST', json: { token }, headers: { ...noToken, ...UI } });
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect((await server.api('/api/v1/connections', { headers: { ...noToken, cookie } })).status).toBe(200);
    expect((await server.api('/api/v1/connections', { headers: { authorization: `Bearer ${cookie.split('=')[1] ?? ''}` } })).status).toBe(401);
    await server.store.db.deleteFrom('api_tokens').where('id', '=', ids.id).execute();
    expect((await server.api('/api/v1/connections', { headers: { ...noToken, cookie } })).status).toBe(401);
  });
});

describe('DELETE /api/session', () => {
  it('signs out: removes the cookie and ends the session on the server', async () => {
    const { cookie } = await signIn();
    expect((await server.api('/api/session', { method: 'DELETE', headers: { ...noToken, cookie } })).status).toBe(403);
    const out = await server.api('/api/session', { method: 'DELETE', headers: { ...noToken, cookie, ...UI } });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/^patchbay_session=; Path=\/; Max-Age=0; HttpOnly; SameSite=Strict$/);
    expect((await server.api('/api/v1/connections', { headers: { ...noToken, cookie } })).status).toBe(401);
    expect((await server.api('/api/session', { headers: { ...noToken, cookie } })).status).toBe(401);
    // Signing out again, or without a session, is not an error.
    expect((await server.api('/api/session', { method: 'DELETE', headers: { ...noToken, cookie, ...UI } })).status).toBe(204);
  });
});
