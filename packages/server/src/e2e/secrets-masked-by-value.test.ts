import { readFileSync, readdirSync, statSync } from 'node:fs';
import { type IncomingMessage, type Server, createServer } from 'node:http';
import { type AddressInfo, createServer as createNetServer } from 'node:net';
import { join } from 'node:path';
import type { JobView, RecipeView } from '@patchbay/engine';
import { type OAuthServer, completeAuthorization, startOAuthServer } from '@patchbay/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiResponse, type TestServer, startTestServer } from '../testing/test-server.ts';

// Canaries: credentials of four kinds of connection, echoed back by the app under ordinary keys.
const PASSWORD = 'canary-pw-6c1e9a2f';
const API_KEY = 'canary-key-b47d03e5';
const BEARER = 'canary-bearer-91fa7c2d';
const SECRET_MASK = '[secret]';

async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * An app that echoes whatever credentials it receives under keys nobody would call secret — the
 * finding's `{"echo": "<token>"}` — in its answers, in a 400's body and in a redirect-style URL.
 */
async function startCredentialEcho(): Promise<{ url: string; seenBearer: Set<string>; close(): Promise<void> }> {
  const seenBearer = new Set<string>();
  const echoOf = (req: IncomingMessage) => {
    const authorization = req.headers.authorization ?? '';
    const [scheme = '', value = ''] = authorization.split(' ');
    if (/^bearer$/i.test(scheme)) seenBearer.add(value);
    const decoded = scheme === 'Basic' ? Buffer.from(value, 'base64').toString('utf8').split(':')[1] : undefined;
    return {
      echo: value,
      header: authorization,
      key: req.headers['x-api-key'] ?? null,
      decoded: decoded ?? null,
      link: `https://app.example/next?t=${encodeURIComponent(value)}`,
      note: 'ordinary data stays',
    };
  };
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const failing = req.url?.startsWith('/fail');
      res.writeHead(failing ? 400 : 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(failing ? { error: `bad token ${echoOf(req).echo}`, ...echoOf(req) } : echoOf(req)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seenBearer,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function body(response: ApiResponse): Record<string, unknown> {
  expect(typeof response.body, response.text).toBe('object');
  return { ...(response.body as Record<string, unknown>) };
}

describe('secrets masked by value: echoed credentials never reach history, answers, logs or disk', () => {
  let server: TestServer;
  let oauth: OAuthServer;
  let app: Awaited<ReturnType<typeof startCredentialEcho>>;
  const canaries = [PASSWORD, API_KEY, BEARER, Buffer.from(`u:${PASSWORD}`).toString('base64')];
  const answers: ApiResponse[] = [];
  const connections: Record<string, string> = {};

  async function call(path: string, init?: Parameters<TestServer['api']>[1]): Promise<ApiResponse> {
    const response = await server.api(path, init);
    answers.push(response);
    return response;
  }

  beforeAll(async () => {
    const port = await freePort();
    oauth = await startOAuthServer({ redirectUris: [`http://127.0.0.1:${port}/oauth/callback`], rotateRefreshToken: false });
    app = await startCredentialEcho();
    server = await startTestServer({ env: { PORT: String(port), PATCHBAY_PUBLIC_URL: `http://127.0.0.1:${port}` } });
    canaries.push(oauth.clientSecret);
    const create = async (name: string, fields: Record<string, unknown>) => {
      const created = body(await call('/api/v1/connections', { method: 'POST', json: { connector: 'http', name, fields: { baseUrl: app.url, ...fields } } }));
      connections[name] = String(created.id);
    };
    await create('basic', { auth: 'basic', username: 'u', password: PASSWORD });
    await create('key', { auth: 'apiKey', apiKey: API_KEY });
    await create('bearer', { auth: 'bearer', token: BEARER });
    // OAuth2 tokens from a real authorization server; the API calls go to the echoing app.
    await create('oauth', { auth: 'oauth2', authorizationUrl: oauth.authorizationUrl, tokenUrl: oauth.tokenUrl, clientId: oauth.clientId, clientSecret: oauth.clientSecret, scopes: 'read', testPath: '/me' });
    const { url } = body(await call(`/api/v1/connections/${connections.oauth}/authorize`, { method: 'POST', json: {} }));
    expect((await fetch(await completeAuthorization(String(url)))).status).toBe(200);
  }, 30_000);

  afterAll(async () => {
    await server?.stop();
    await oauth?.close();
    await app?.close();
  });

  it('masks the run-action answer', async () => {
    for (const name of ['basic', 'key', 'bearer', 'oauth']) {
      const run = await call(`/api/v1/connections/${connections[name]}/actions/request`, { method: 'POST', json: { input: { method: 'GET', path: '/x' } } });
      expect(run.status, run.text).toBe(200);
      const output = body(run).output as { body: Record<string, unknown> };
      expect(output.body.note).toBe('ordinary data stays');
      expect(JSON.stringify(output.body)).toContain(SECRET_MASK);
    }
    // The OAuth access token the app saw is a canary too: it really went over the wire.
    expect(app.seenBearer.size).toBeGreaterThan(0);
    for (const token of app.seenBearer) if (token !== BEARER) canaries.push(token);
    expect(canaries.length).toBeGreaterThan(5);
  });

  /** A recipe whose two slots (the http connector allows two) are bound to the named connections. */
  async function echoRecipe(one: string, two: string): Promise<string> {
    const step = (id: string, slot: string, path = '/x') => ({ id, slot, action: 'request', input: { method: 'GET', path } });
    const definition = {
      name: `echo the credentials of ${one} and ${two}`,
      connections: { one: { connector: 'http' }, two: { connector: 'http' } },
      trigger: { connector: 'webhook', trigger: 'webhook', input: { response: 'last_step' } },
      steps: [
        step('a', 'one'),
        step('b', 'two'),
        { id: 'guard', type: 'try', steps: [step('bad', 'two', '/fail')], catch: [] },
        { id: 'all', type: 'set', values: { [one]: '{{ steps.a.output.body }}', [two]: '{{ steps.b.output.body }}' } },
      ],
    };
    const created = await call('/api/v1/recipes', { method: 'POST', json: definition });
    expect(created.status, created.text).toBe(201);
    const id = (created.body as RecipeView).id;
    expect((await call(`/api/v1/recipes/${id}/connections`, { method: 'PUT', json: { one: connections[one], two: connections[two] } })).status).toBe(200);
    const started = await call(`/api/v1/recipes/${id}/start`, { method: 'POST' });
    expect(started.status, started.text).toBe(200);
    return new URL((started.body as RecipeView).webhookUrl ?? '').pathname;
  }

  it.each([
    ['basic', 'key'],
    ['bearer', 'oauth'],
  ])('masks step output, errors, the synchronous answer and job history, queued re-runs included (%s, %s)', async (one, two) => {
    const hook = await echoRecipe(one, two);
    const answer = await call(hook, { method: 'POST', headers: { authorization: '' }, json: { hello: 'world' } });
    expect(answer.status, answer.text).toBe(200);
    const result = body(answer) as Record<string, Record<string, unknown>>;
    for (const key of [one, two]) {
      expect(result[key]?.note).toBe('ordinary data stays');
      expect(JSON.stringify(result[key]), key).toContain(SECRET_MASK);
    }
    if (one === 'basic') expect(result.basic?.decoded).toBe(SECRET_MASK);
    if (two === 'key') expect(result.key?.key).toBe(SECRET_MASK);
    if (one === 'bearer') expect(result.bearer?.link).toBe(`https://app.example/next?t=${SECRET_MASK}`);

    const jobs = body(await call(`/api/v1/jobs?limit=1`)).jobs as { id: string }[];
    const job = (await call(`/api/v1/jobs/${jobs[0]?.id ?? ''}`)).body as JobView;
    expect(job.status).toBe('succeeded');
    const failed = job.steps.find((s) => s.id === 'bad');
    expect(failed?.status).toBe('failed');
    expect(JSON.stringify(failed?.error)).toContain(SECRET_MASK);

    // A re-run goes through the queue and the worker: the asynchronous path.
    const rerun = await call(`/api/v1/jobs/${job.id}/rerun`, { method: 'POST' });
    expect(rerun.status, rerun.text).toBe(202);
    const rerunId = (rerun.body as { id: string }).id;
    let finished: JobView | undefined;
    for (let i = 0; i < 100 && !finished; i++) {
      const view = (await call(`/api/v1/jobs/${rerunId}`)).body as JobView;
      if (view.status === 'succeeded' || view.status === 'failed') finished = view;
      else await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(finished?.status).toBe('succeeded');
    expect(JSON.stringify(finished?.result)).toContain(SECRET_MASK);
  }, 30_000);

  it('no canary appears in any API answer or log line', () => {
    expect(answers.length).toBeGreaterThan(10);
    for (const answer of answers) for (const canary of canaries) expect(answer.text).not.toContain(canary);
    const logs = server.logs();
    for (const canary of canaries) expect(logs).not.toContain(canary);
  });

  it('no canary appears in the database files, and they are private to their owner', async () => {
    const scan = () => {
      const files = readdirSync(server.dataDir).filter((f) => f.startsWith('patchbay.db'));
      const bytes = Buffer.concat(files.map((f) => readFileSync(join(server.dataDir, f))));
      // The scan finds what is there: a connection's public field (its base URL) is stored as it is...
      expect(bytes.includes(Buffer.from(app.url))).toBe(true);
      // ...while job history, even the ordinary data the app echoed, is encrypted at rest.
      expect(bytes.includes(Buffer.from('ordinary data stays'))).toBe(false);
      for (const canary of canaries) expect(bytes.includes(Buffer.from(canary)), canary).toBe(false);
      for (const file of files) expect(statSync(join(server.dataDir, file)).mode & 0o777, file).toBe(0o600);
      return files;
    };
    // While running, the write-ahead log holds the latest pages; a clean close folds it into the file.
    expect(scan()).toEqual(expect.arrayContaining(['patchbay.db', 'patchbay.db-wal', 'patchbay.db-shm']));
    expect(statSync(server.dataDir).mode & 0o777).toBe(0o700);
    await server.close();
    expect(scan()).toContain('patchbay.db');
  });
});
