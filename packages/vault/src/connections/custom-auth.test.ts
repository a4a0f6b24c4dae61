import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Secret, Type, defineConnector } from '@patchbay/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type VaultHarness, startVault } from '../testing/harness.ts';

const PASSWORD = 'canary-custom-pw-0e91';

/**
 * An app with a login step: POST /login gives a session token; the API wants it in X-Session and,
 * like several real apps, answers 200 with an error body once the session has expired.
 */
async function startSessionApp() {
  const sessions = new Set<string>();
  let logins = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      if (req.url === '/login' && req.method === 'POST') {
        const body: unknown = JSON.parse(Buffer.concat(chunks).toString() || '{}');
        const ok = typeof body === 'object' && body !== null && 'password' in body && body.password === PASSWORD;
        if (!ok) return res.writeHead(403).end(JSON.stringify({ error: 'bad credentials' }));
        const session = `sess-${++logins}`;
        sessions.add(session);
        return res.end(JSON.stringify({ session }));
      }
      const session = req.headers['x-session'];
      if (typeof session !== 'string' || !sessions.has(session)) return res.end(JSON.stringify({ error: 'session_expired' }));
      res.end(JSON.stringify({ user: 'robot', session }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    expireAll: () => sessions.clear(),
    logins: () => logins,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const sessionConnector = defineConnector({
  key: 'session-app',
  title: 'Session app',
  version: '1.0.0',
  connection: {
    fields: {
      url: { type: 'url', label: 'URL', required: true },
      user: { type: 'text', label: 'User', required: true },
      password: { type: 'secret', label: 'Password', required: true },
    },
    auth: {
      kind: 'custom',
      async acquire({ fields, http }) {
        const res = await http.request({ method: 'POST', path: 'login', body: { user: fields.user, password: fields.password.reveal() } });
        const session = typeof res.body === 'object' && res.body !== null && 'session' in res.body ? res.body.session : undefined;
        if (typeof session !== 'string') throw new Error(`login failed with status ${res.status}`);
        return { state: { session: new Secret(session) } };
      },
      apply: (request, credentials) => {
        const session = credentials.state.session;
        if (session) request.headers.set('x-session', session.reveal());
      },
      refreshOn: (res) => typeof res.body === 'object' && res.body !== null && 'error' in res.body && res.body.error === 'session_expired',
    },
    baseUrl: ({ fields }) => fields.url,
    async test(ctx) {
      const res = await ctx.http.request({ path: 'me' });
      return { ok: res.status === 200 && typeof res.body === 'object' && res.body !== null && 'user' in res.body };
    },
  },
  actions: {
    me: { title: 'Who am I', input: Type.Object({}), run: async (ctx) => (await ctx.http.request({ path: 'me' })).body },
  },
});

let vault: VaultHarness;
let app: Awaited<ReturnType<typeof startSessionApp>>;
beforeAll(async () => {
  vault = await startVault({ connectors: [sessionConnector] });
  app = await startSessionApp();
});
afterAll(async () => {
  await app.close();
  await vault.close();
});

describe('custom auth with a login step', () => {
  it('logs in, keeps the session, and logs in again when the app answers 200 with an expiry body', async () => {
    const conn = await vault.service.create(vault.actor, {
      connector: 'session-app',
      name: 's',
      fields: { url: app.url, user: 'robot', password: PASSWORD },
    });
    expect(conn.status).toBe('connected');
    expect(app.logins()).toBe(1);
    // The app echoes the session it received: a secret of the connection, so it comes back masked
    // (mask.ts); the login count says which session was used.
    expect(await vault.service.runAction(vault.actor, conn.id, 'me', {})).toEqual({ user: 'robot', session: '[secret]' });
    expect(app.logins()).toBe(1);

    app.expireAll();
    const results = await Promise.all(Array.from({ length: 20 }, () => vault.service.runAction(vault.actor, conn.id, 'me', {})));
    expect(results.every((r) => JSON.stringify(r) === JSON.stringify({ user: 'robot', session: '[secret]' }))).toBe(true);
    expect(app.logins()).toBe(2);
  });

  it('reports a failed login as a failed test with the reason', async () => {
    const conn = await vault.service.create(vault.actor, {
      connector: 'session-app',
      name: 'bad',
      fields: { url: app.url, user: 'robot', password: 'wrong-password' },
    });
    expect(conn.status).toBe('error');
    expect(conn.statusReason).toContain('login failed with status 403');
  });

  it('keeps session tokens out of the database and the logs', async () => {
    const rows = await vault.store.db.selectFrom('connections').select(['secrets', 'fields']).execute();
    expect(JSON.stringify(rows)).not.toContain('sess-');
    expect(JSON.stringify(rows)).not.toContain(PASSWORD);
    expect(vault.logs()).not.toContain(PASSWORD);
  });
});
