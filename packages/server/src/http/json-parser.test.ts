import { gzipSync } from 'node:zlib';
import { startEchoApp, type EchoApp } from '@patchbay/vault/testing';
import type { ConnectionView } from '@patchbay/vault';
import { createTestDatabase, describeWithPostgres, type TestDatabase } from '@patchbay/testkit';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpConnection } from '../testing/example-recipe.ts';
import { expectClientError } from '../testing/expect-error.ts';
import { rawRequest } from '../testing/raw-http.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';
import { MAX_JSON_DEPTH, jsonDeeperThan } from './json-parser.ts';
import { bodyHoldsNul, holdsNul } from './nul-guard.ts';

let server: TestServer;
let app: EchoApp;
beforeAll(async () => {
  server = await startTestServer();
  app = await startEchoApp();
});
afterAll(async () => {
  await server?.stop();
  await app?.close();
});

const connection = (name: string) => JSON.stringify({ connector: 'http', name, fields: { auth: 'none', baseUrl: 'http://127.0.0.1:9/' } });
const post = (path: string, headers: Record<string, string>, body: string | Buffer) =>
  rawRequest(server.url, { method: 'POST', path, headers: { authorization: `Bearer ${server.token}`, ...headers }, body });

describe('media types', () => {
  it('reads application/*+json as JSON, with or without parameters', async () => {
    for (const type of ['application/vnd.api+json', 'application/merge-patch+json; charset=utf-8', 'Application/JSON', 'application/json;charset=UTF-8']) {
      const res = await post('/api/v1/connections', { 'content-type': type }, connection(`as ${type}`));
      expect(res.status, `${type}: ${res.text}`).toBe(201);
      expect((res.body as ConnectionView).name).toBe(`as ${type}`);
    }
  });

  it('answers 415 naming the accepted types, in the message and the Accept header', async () => {
    for (const type of ['text/plain', 'text/json', 'application/xml', 'application/x-www-form-urlencoded', 'application/json-seq', 'multipart/form-data; boundary=x']) {
      const res = await server.api('/api/v1/connections', { method: 'POST', headers: { 'content-type': type }, body: connection('x') });
      const message = expectClientError(res, 415, 'unsupported_media_type');
      expect(message, type).toContain('application/json');
      expect(message, type).toContain('application/*+json');
      expect(res.headers.get('accept'), type).toBe('application/json, application/*+json');
    }
    // A body with no Content-Type at all is not guessed at.
    const untyped = await rawRequest(server.url, { method: 'POST', path: '/api/v1/connections', headers: { authorization: `Bearer ${server.token}` }, body: connection('x') });
    expect([untyped.status, untyped.headers.accept]).toEqual([415, 'application/json, application/*+json']);
  });

  it('answers 415 for a compressed body instead of reading it as text, naming identity in Accept-Encoding', async () => {
    for (const encoding of ['gzip', 'deflate', 'br', 'identity, gzip', 'x-unknown']) {
      const res = await post('/api/v1/connections', { 'content-type': 'application/json', 'content-encoding': encoding }, gzipSync(connection('zipped')));
      expect(res.status, `${encoding}: ${res.text}`).toBe(415);
      expect(res.body).toMatchObject({ error: { code: 'unsupported_content_encoding', message: expect.stringContaining('identity') } });
      expect(res.headers['accept-encoding']).toBe('identity');
    }
    const identity = await post('/api/v1/connections', { 'content-type': 'application/json', 'content-encoding': 'Identity' }, connection('plain'));
    expect(identity.status, identity.text).toBe(201);
    // A bodyless request is not refused for a header describing no body.
    const bodyless = await rawRequest(server.url, { method: 'GET', path: '/api/v1/connections', headers: { authorization: `Bearer ${server.token}`, 'content-encoding': 'gzip' } });
    expect(bodyless.status).toBe(200);
  });
});

describe('__proto__ and constructor keys', () => {
  const HOSTILE = '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"id":"p1"}';

  it('reach an action as plain data, and no prototype is touched', async () => {
    const conn = await createHttpConnection(server, 'Echo', app.url);
    const res = await server.api(`/api/v1/connections/${conn.id}/actions/request`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `{"input":{"method":"POST","path":"/things","body":${HOSTILE}}}`,
    });
    expect(res.status, res.text).toBe(200);
    const sent: unknown = JSON.parse(app.requests.at(-1)?.body ?? 'null');
    expect(sent).toEqual(JSON.parse(HOSTILE));
    expect(typeof sent === 'object' && sent !== null && Object.hasOwn(sent, '__proto__')).toBe(true);
    expect(Reflect.get({}, 'polluted')).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('polluted');
  });

  it('are named like any unknown property where the schema has none', async () => {
    const res = await server.api('/api/v1/connections', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"connector":"http","name":"x","fields":{"auth":"none","baseUrl":"http://127.0.0.1:9/"},"__proto__":{"isAdmin":true}}',
    });
    expect(expectClientError(res, 400, 'invalid_input')).toContain('__proto__ is not an allowed property');
    expect(Reflect.get({}, 'isAdmin')).toBeUndefined();
  });
});

/** The nesting depth of a parsed value (the reference the text scan is checked against). */
function depthOf(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  const children = Array.isArray(value) ? value : Object.values(value);
  return 1 + children.reduce<number>((deepest, child) => Math.max(deepest, depthOf(child)), 0);
}

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const nestedObjects = (depth: number) => `${'{"a":'.repeat(depth - 1)}{}${'}'.repeat(depth - 1)}`;

describe('depth', () => {
  it('counts brackets outside strings only', () => {
    expect(jsonDeeperThan(nested(MAX_JSON_DEPTH), MAX_JSON_DEPTH)).toBe(false);
    expect(jsonDeeperThan(nested(MAX_JSON_DEPTH + 1), MAX_JSON_DEPTH)).toBe(true);
    expect(jsonDeeperThan(nestedObjects(MAX_JSON_DEPTH), MAX_JSON_DEPTH)).toBe(false);
    expect(jsonDeeperThan(nestedObjects(MAX_JSON_DEPTH + 1), MAX_JSON_DEPTH)).toBe(true);
    // Brackets inside strings, escaped quotes and backslashes before a closing quote.
    const brackets = JSON.stringify({ text: '['.repeat(500), quoted: 'say \\"[[[" and \\\\', more: '{'.repeat(500), list: [[['x\\']]] });
    expect(depthOf(JSON.parse(brackets))).toBe(4);
    expect(jsonDeeperThan(brackets, 4)).toBe(false);
    expect(jsonDeeperThan(brackets, 3)).toBe(true);
    // Many brackets side by side are not depth.
    expect(jsonDeeperThan(JSON.stringify(Array.from({ length: 1000 }, () => [[1], { a: [] }])), 4)).toBe(false);
  });

  it('agrees with the depth of the parsed value on any JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 12 }), fc.integer({ min: 0, max: 12 }), (value, max) => {
        const text = JSON.stringify(value);
        expect(jsonDeeperThan(text, max), text).toBe(depthOf(value) > max);
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses a body deeper than the limit with 400 too_deep, and takes one at the limit', async () => {
    const deep = await post('/api/v1/connections', { 'content-type': 'application/json' }, `{"connector":"http","name":"x","fields":${nestedObjects(MAX_JSON_DEPTH)}}`);
    expect(deep.status, deep.text).toBe(400);
    expect(deep.body).toEqual({ error: { code: 'too_deep', message: expect.stringContaining(`more than ${MAX_JSON_DEPTH} levels`), details: { maxDepth: MAX_JSON_DEPTH } } });
    const atLimit = await post('/api/v1/connections', { 'content-type': 'application/json' }, `{"connector":"http","name":"x","fields":${nestedObjects(MAX_JSON_DEPTH - 1)}}`);
    expect(atLimit.status, atLimit.text).toBe(400);
    expect(atLimit.body).toMatchObject({ error: { code: 'invalid_input' } });
  });
});

describe('NUL characters', () => {
  it('are found in the decoded strings and keys, not in text that only looks like the escape', () => {
    const cases: [string, boolean][] = [
      ['{"a":"\\u0000"}', true],
      ['{"a\\u0000":1}', true],
      ['{"a":"x\\\\\\u0000"}', true], // an escaped backslash, then NUL
      ['{"a":"\\\\u0000"}', false], // the text \u0000: an escaped backslash, then "u0000"
      ['{"a":"\\\\\\\\u0000"}', false],
      ['{"a":"u0000"}', false],
      ['{"a":"\\u00000"}', true],
      ['["ok",{"deep":[{"x":"\\u0000"}]}]', true],
      ['{"\\u0000":{"__proto__":"x"}}', true],
      ['{"__proto__":{"a":"\\u0000"}}', true],
      ['"\\u0000"', true],
      ['[1,true,null,"a\\\\u0000b"]', false],
    ];
    for (const [text, expected] of cases) expect(bodyHoldsNul(text, JSON.parse(text)), text).toBe(expected);
    // A decoded value that holds NUL however it was written (\u0000 is the only way JSON can).
    expect(holdsNul(JSON.parse('{"a":["\\u0000"]}'))).toBe(true);
    expect(holdsNul({ nested: [{ ['k\0']: 1 }] })).toBe(true);
    expect(holdsNul({ nested: [{ k: 'text \\u0000' }] })).toBe(false);
  });

  it('are refused in a body, but the text \\u0000 (an escaped backslash) is not', async () => {
    const refused = await server.api('/api/v1/connections', { method: 'POST', headers: { 'content-type': 'application/json' }, body: connection('a\u0000b') });
    expect(expectClientError(refused, 400, 'invalid_input')).toContain('NUL');
    // In a key, deep down: the parsed value is walked, not matched as text.
    const inKey = await post('/api/v1/connections', { 'content-type': 'application/json' }, '{"connector":"http","name":"k","fields":{"a":[{"b\\u0000":1}]}}');
    expect(inKey.body).toMatchObject({ error: { code: 'invalid_input', message: expect.stringContaining('NUL') } });
    const text = 'a\\u0000b';
    const accepted = await server.api('/api/v1/connections', { method: 'POST', headers: { 'content-type': 'application/json' }, body: connection(text) });
    expect(accepted.status, accepted.text).toBe(201);
    expect((accepted.body as ConnectionView).name).toBe(text);
  });

  it('are refused in the query string and the path, but %2500 (the text %00) is not', async () => {
    for (const path of ['/api/v1/connections?filter=%00', '/api/v1/connections?a%00=1', '/api/v1/connections/conn_%00', '/webhooks/wh_%00']) {
      const res = await server.api(path, { method: path.startsWith('/webhooks') ? 'POST' : 'GET', json: path.startsWith('/webhooks') ? {} : undefined });
      expect(expectClientError(res, 400, 'invalid_url'), path).toContain('NUL');
    }
    // Reaches the webhook handler, which finds no recipe listening there.
    const text = await server.api('/webhooks/wh_unknown?note=%2500', { method: 'POST', json: {} });
    expect(expectClientError(text, 404, 'not_found')).toContain('No running recipe');
  });
});

describeWithPostgres('NUL characters on PostgreSQL, whose text cannot hold them', () => {
  let db: TestDatabase;
  let pg: TestServer;
  beforeAll(async () => {
    db = await createTestDatabase();
    pg = await startTestServer({ env: { PATCHBAY_DATABASE_URL: db.url } });
  });
  afterAll(async () => {
    await pg?.stop();
    await db?.drop();
  });

  it('answer 400 wherever they come, never a 500; the text \\u0000 is stored and read back', async () => {
    for (const [method, path] of [['GET', '/api/v1/connections/conn_%00'], ['POST', '/webhooks/wh_%00'], ['POST', '/webhooks/wh_x?a=%00']] as const) {
      expectClientError(await pg.api(path, { method, json: method === 'POST' ? {} : undefined }), 400, 'invalid_url');
    }
    expectClientError(await pg.api('/api/v1/connections', { method: 'POST', headers: { 'content-type': 'application/json' }, body: connection('a\u0000b') }), 400, 'invalid_input');
    const created = await pg.api('/api/v1/connections', { method: 'POST', headers: { 'content-type': 'application/json' }, body: connection('a\\u0000b') });
    expect(created.status, created.text).toBe(201);
    const read = await pg.api(`/api/v1/connections/${(created.body as ConnectionView).id}`);
    expect((read.body as ConnectionView).name).toBe('a\\u0000b');
    expect(pg.logs()).not.toMatch(/"level":50/);
  });
});
