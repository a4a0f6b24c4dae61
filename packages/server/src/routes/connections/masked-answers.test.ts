import { readFileSync, readdirSync } from 'node:fs';
import { type IncomingMessage, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type Fields, Type, defineAction, defineConnection, defineConnector, definePicklist } from '@patchbay/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiResponse, type TestServer, startTestServer } from '../../testing/test-server.ts';

/*
 * What a connection test, a pick list and a dynamic schema say is masked by the connection's secret
 * values, like an action's answer: an app that echoes the API key or the password into a test's error,
 * a pick-list label or a field's description must not get it shown, stored as the status reason,
 * logged or written to the database file.
 */

// Canaries whose first characters are distinctive: a secret cut in two by a length limit would show them.
const API_KEY = 'c4n4ry-k3y-5d81e7a0b2';
const PASSWORD = 'c4n4ry-pw-93b06f4e1d';
const SECRET_MASK = '[secret]';

type Mode = 'ok' | 'fail' | 'throw';

/** An app on loopback that echoes the credentials it receives, under ordinary keys. */
async function startLeakyApp(): Promise<{ url: string; mode: Mode; close(): Promise<void> }> {
  const state = { mode: 'ok' as Mode };
  const echoOf = (req: IncomingMessage) => {
    const authorization = req.headers.authorization ?? '';
    const basic = authorization.startsWith('Basic ') ? Buffer.from(authorization.slice(6), 'base64').toString('utf8').split(':')[1] : undefined;
    const key = req.headers['x-api-key'];
    return { echo: typeof key === 'string' ? key : (basic ?? ''), header: authorization, link: `https://app.example/x?k=${encodeURIComponent(String(key ?? basic))}` };
  };
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const echo = echoOf(req);
      // 'throw': padded so that the echoed secret straddles the 500-character limit of an error
      // message ("the app answered {"padding":"x…x","echo":" puts it at 490).
      const body = state.mode === 'throw' ? { padding: 'x'.repeat(450), ...echo, throw: true } : echo;
      res.writeHead(state.mode === 'fail' ? 400 : 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get mode() {
      return state.mode;
    },
    set mode(mode: Mode) {
      state.mode = mode;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const echoed = (body: unknown): string => (typeof body === 'object' && body !== null && 'echo' in body && typeof body.echo === 'string' ? body.echo : '');
const thrown = (body: unknown): boolean => typeof body === 'object' && body !== null && 'throw' in body;

/** A connector whose every piece repeats what the app answered: in messages, labels, descriptions and log lines. */
function leakyConnector<F extends Fields>(key: string, fields: F, auth: Parameters<typeof defineConnection<F>>[0]['auth']) {
  const connection = defineConnection({
    fields,
    auth,
    // Both connectors declare baseUrl; the generic field set cannot say so.
    baseUrl: ({ fields: f }) => `${String(Reflect.get(f, 'baseUrl'))}/`,
    async test(ctx) {
      const res = await ctx.http.request({ path: 'me' });
      ctx.log.warn(`testing, the app said ${echoed(res.body)}`, { body: res.body });
      if (thrown(res.body)) throw new Error(`the app answered ${JSON.stringify(res.body)}`);
      if (res.status !== 200) return { ok: false, message: `GET /me answered ${res.status}: ${JSON.stringify(res.body)}` };
    },
    identity: async (ctx) => ({ label: `user ${echoed((await ctx.http.request({ path: 'me' })).body)}` }),
  });
  const things = definePicklist(connection, {
    title: 'Things',
    async run(ctx) {
      const res = await ctx.http.request({ path: 'things' });
      ctx.log.info('listing things', { body: res.body });
      if (res.status !== 200 || thrown(res.body)) throw new Error(`listing failed: ${JSON.stringify(res.body)}`);
      return [
        { value: echoed(res.body), label: `key ${echoed(res.body)}` },
        { value: 'plain', label: 'Plain' },
      ];
    },
  });
  const create = defineAction(connection, {
    title: 'Create',
    input: Type.Object({ object: Type.String() }, { additionalProperties: false }),
    dynamicSchema: {
      dependsOn: ['object'],
      async run(ctx) {
        const res = await ctx.http.request({ path: `describe/${ctx.config.object}` });
        if (res.status !== 200 || thrown(res.body)) throw new Error(`describe failed: ${JSON.stringify(res.body)}`);
        return { input: Type.Object({ object: Type.Literal(ctx.config.object), name: Type.String({ description: `as ${echoed(res.body)} sees it` }) }) };
      },
    },
    run: async () => ({}),
  });
  return defineConnector({ key, title: key, version: '1.0.0', connection, picklists: { things }, actions: { create } });
}

const keyFields = { baseUrl: { type: 'url', label: 'Base URL', required: true }, apiKey: { type: 'secret', label: 'API key', required: true } } as const satisfies Fields;
const basicFields = {
  baseUrl: { type: 'url', label: 'Base URL', required: true },
  username: { type: 'text', label: 'Username', required: true },
  password: { type: 'secret', label: 'Password', required: true },
} as const satisfies Fields;
const leakyKey = leakyConnector('leaky-key', keyFields, { kind: 'apiKey', name: 'X-API-Key', value: (f) => f.apiKey });
const leakyBasic = leakyConnector('leaky-basic', basicFields, { kind: 'basic', username: (f) => f.username, password: (f) => f.password });

const CASES = [
  { connector: 'leaky-key', fields: { apiKey: API_KEY }, secret: API_KEY },
  { connector: 'leaky-basic', fields: { username: 'u', password: PASSWORD }, secret: PASSWORD },
] as const;
const CANARIES = [API_KEY, PASSWORD, Buffer.from(`u:${PASSWORD}`).toString('base64')];

let server: TestServer;
let app: Awaited<ReturnType<typeof startLeakyApp>>;
const answers: ApiResponse[] = [];

async function call(path: string, init?: Parameters<TestServer['api']>[1]): Promise<ApiResponse> {
  const response = await server.api(path, init);
  answers.push(response);
  return response;
}

function errorOf(response: ApiResponse): { code: string; message: string } {
  const body: unknown = response.body;
  if (typeof body !== 'object' || body === null || !('error' in body)) throw new Error(`not an error envelope: ${response.text}`);
  return body.error as { code: string; message: string };
}

beforeAll(async () => {
  app = await startLeakyApp();
  server = await startTestServer({ connectors: [leakyKey, leakyBasic] });
});
afterAll(async () => {
  await server?.stop();
  await app?.close();
});

describe.each(CASES)('answers through a $connector connection are masked by value', ({ connector, fields, secret }) => {
  let id = '';
  const path = () => `/api/v1/connections/${id}`;

  beforeAll(async () => {
    app.mode = 'ok';
    const created = await call('/api/v1/connections', { method: 'POST', json: { connector, name: connector, fields: { baseUrl: app.url, ...fields } } });
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({ status: 'connected', identity: { label: `user ${SECRET_MASK}` } });
    id = (created.body as { id: string }).id;
  });

  it('masks a pick list’s options and its error', async () => {
    const list = await call(`${path()}/picklists/things`);
    expect(list.status, list.text).toBe(200);
    expect(list.body).toEqual({ options: [{ value: SECRET_MASK, label: `key ${SECRET_MASK}` }, { value: 'plain', label: 'Plain' }] });

    app.mode = 'fail';
    const failed = await call(`${path()}/picklists/things?refresh=true`);
    expect(failed.status, failed.text).toBe(502);
    expect(errorOf(failed).code).toBe('action_failed');
    expect(errorOf(failed).message).toContain(`"echo":"${SECRET_MASK}"`);
    app.mode = 'ok';
  });

  it('masks a dynamic schema and its error', async () => {
    const schema = await call(`${path()}/schema`, { method: 'POST', json: { action: 'create', config: { object: 'Thing' } } });
    expect(schema.status, schema.text).toBe(200);
    expect(schema.body).toMatchObject({ input: { properties: { name: { description: `as ${SECRET_MASK} sees it` } } } });

    app.mode = 'fail';
    const failed = await call(`${path()}/schema?refresh=true`, { method: 'POST', json: { action: 'create', config: { object: 'Thing' } } });
    expect(failed.status, failed.text).toBe(502);
    expect(errorOf(failed).message).toContain(`"echo":"${SECRET_MASK}"`);
    app.mode = 'ok';
  });

  it("masks a failed test's message, and the status reason stored from it", async () => {
    app.mode = 'fail';
    const tested = await call(`${path()}/test`, { method: 'POST' });
    expect(tested.status, tested.text).toBe(200);
    const message = String((tested.body as { message?: string }).message);
    expect(tested.body).toMatchObject({ ok: false });
    expect(message).toContain(`GET /me answered 400: {"echo":"${SECRET_MASK}"`);
    expect(message).toContain(`k=${SECRET_MASK}`);

    const stored = await call(path());
    expect(stored.body).toMatchObject({ status: 'error', statusReason: message });
    app.mode = 'ok';
  });

  it('masks an error a test throws before trimming it, so no piece of the secret is left at the cut', async () => {
    app.mode = 'throw';
    const tested = await call(`${path()}/test`, { method: 'POST' });
    const message = String((tested.body as { message?: string }).message);
    expect(message).toMatch(/^The connection test failed: the app answered \{"padding":"x+","echo":"\[secret\]"/);
    expect(message).not.toContain(secret.slice(0, 10));
    app.mode = 'ok';
    // Connected again by a passing test.
    expect((await call(`${path()}/test`, { method: 'POST' })).body).toEqual({ ok: true });
  });

  it('masks the status reason a connection is created with', async () => {
    app.mode = 'fail';
    const created = await call('/api/v1/connections', { method: 'POST', json: { connector, name: `${connector} failing`, fields: { baseUrl: app.url, ...fields } } });
    app.mode = 'ok';
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({ status: 'error', statusReason: expect.stringContaining(`{"echo":"${SECRET_MASK}"`) });
  });
});

describe('no canary anywhere', () => {
  it('in an API answer or a log line (connector log lines included)', () => {
    expect(answers.length).toBeGreaterThan(15);
    for (const answer of answers) for (const canary of CANARIES) expect(answer.text, answer.text).not.toContain(canary);
    const logs = server.logs();
    // The scan sees the connector's log lines, or it proves nothing.
    expect(logs).toContain('listing things');
    expect(logs).toContain(`the app said ${SECRET_MASK}`);
    for (const canary of CANARIES) expect(logs).not.toContain(canary);
  });

  it('in the database files (status reasons, audit records)', () => {
    const files = readdirSync(server.dataDir).filter((f) => f.startsWith('patchbay.db'));
    const bytes = Buffer.concat(files.map((f) => readFileSync(join(server.dataDir, f))));
    expect(bytes.includes(Buffer.from(`GET /me answered 400`))).toBe(true);
    for (const canary of CANARIES) expect(bytes.includes(Buffer.from(canary)), canary).toBe(false);
  });
});
