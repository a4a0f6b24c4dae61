import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { bodyOperations } from '../testing/body-operations.ts';
import { abortMidBody, rawExchange, rawRequest } from '../testing/raw-http.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';
import { toHttpError } from './errors.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

describe('an Expect header other than 100-continue', () => {
  it('gets 417 in the error envelope, where Node would send an empty body', async () => {
    const res = await rawRequest(server.url, { method: 'GET', path: '/api/v1/connections', headers: { expect: 'bogus', authorization: `Bearer ${server.token}` } });
    expect(res.status).toBe(417);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toEqual({ error: { code: 'expectation_failed', message: expect.stringContaining('100-continue') } });
  });

  it('100-continue still works', async () => {
    const answer = await rawExchange(
      server.url,
      `GET /health HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 /);
  });
});

describe('a client that hangs up mid-body', () => {
  const abortedLines = () => server.logs().split('\n').filter((line) => line.includes('"msg":"request aborted"'));

  it('is logged as gone at debug, never as a server error, on every operation that takes a body', async () => {
    const operations = await bodyOperations(server);
    expect(operations.length).toBeGreaterThan(10);
    const before = abortedLines().length;
    for (const { method, path } of operations) {
      const head = `${method} ${path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${server.token}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n`;
      await abortMidBody(server.url, head, '{"event":"half of it');
    }
    await vi.waitFor(() => expect(abortedLines().length - before).toBe(operations.length));
    const webhook = abortedLines().map((line) => JSON.parse(line) as Record<string, unknown>).find((line) => line.route === '/webhooks/:token');
    expect(webhook).toMatchObject({ level: 20, method: 'POST', path: '/webhooks/:token' });
    for (const line of abortedLines()) expect(JSON.parse(line)).toMatchObject({ level: 20 });
    // Nothing at error level or above, and no answer logged as a 5xx.
    expect(server.logs()).not.toMatch(/"level":(50|60)/);
    expect(server.logs()).not.toMatch(/"status":5\d\d/);
  });

  it('maps the body stream error to a 400, not a 500', () => {
    // What Node's IncomingMessage emits when the socket closes before the body has arrived.
    for (const code of ['ECONNRESET', 'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE']) {
      const err = Object.assign(new Error('aborted'), { code, statusCode: 400 });
      expect(toHttpError(err)).toEqual({ status: 400, body: { error: { code: 'request_aborted', message: expect.stringContaining('send it again') } } });
    }
  });
});
