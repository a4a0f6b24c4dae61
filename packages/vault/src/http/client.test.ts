import { createServer } from 'node:net';
import { type PatchbayError, isRetryable } from '@patchbay/core';
import type { HttpClient } from '@patchbay/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EchoApp, startEchoApp } from '../testing/echo-app.ts';
import { type ClientOptions, createHttpClient, sentUncertainWrite } from './client.ts';
import { failedBeforeSending } from './retry.ts';

let app: EchoApp;
beforeAll(async () => {
  app = await startEchoApp();
});
afterAll(() => app.close());

function clientFor(baseUrl: string, options: ClientOptions = {}): HttpClient {
  return createHttpClient(
    {
      baseUrl,
      allowedOrigins: new Set([new URL(baseUrl).origin]),
      credentials: async () => null,
      renew: async () => null,
      apply: () => {},
      refreshOn: [],
    },
    { maxDelayMs: 50, ...options },
  );
}

const requestsTo = (path: string) => app.requests.filter((r) => new URL(r.url, app.url).pathname === path);

async function failure(promise: Promise<unknown>): Promise<PatchbayError> {
  try {
    await promise;
  } catch (err) {
    return err as PatchbayError;
  }
  throw new Error('expected the request to fail');
}

/** A port nothing listens on: taken, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 0;
}

describe('retries of the authenticated client', () => {
  it('never sends a POST answered 502 again without an idempotency key, and remembers the uncertain write', async () => {
    const client = clientFor(app.url);
    app.script('/post-502', { status: 502 }, { status: 200 });
    const res = await client.request({ method: 'POST', path: '/post-502', body: { name: 'Acme' } });
    expect(res.status).toBe(502);
    expect(requestsTo('/post-502')).toHaveLength(1);
    expect(sentUncertainWrite(client)).toBe(true);
  });

  it('retries a POST answered 502 once it carries an Idempotency-Key, with the same key', async () => {
    const client = clientFor(app.url);
    app.script('/keyed-502', { status: 502 }, { status: 201, body: { id: 'acc_1' } });
    const res = await client.request({ method: 'POST', path: '/keyed-502', headers: { 'Idempotency-Key': 'job_1:steps[0]' }, body: { name: 'Acme' } });
    expect(res).toMatchObject({ status: 201, body: { id: 'acc_1' } });
    const sent = requestsTo('/keyed-502');
    expect(sent).toHaveLength(2);
    expect(sent.map((r) => r.headers['idempotency-key'])).toEqual(['job_1:steps[0]', 'job_1:steps[0]']);
    expect(sentUncertainWrite(client)).toBe(false);
  });

  it('retries idempotent methods on 502/503/504, and any method on 429', async () => {
    const client = clientFor(app.url);
    app.script('/put-504', { status: 504 }, { status: 503, headers: { 'retry-after': '0' } });
    expect((await client.request({ method: 'PUT', path: '/put-504', body: {} })).status).toBe(200);
    expect(requestsTo('/put-504')).toHaveLength(3);
    // A 429 is a refusal: the app did not process the POST, so sending it again is safe.
    app.script('/post-429', { status: 429, headers: { 'retry-after': '0' } });
    expect((await client.request({ method: 'POST', path: '/post-429', body: {} })).status).toBe(200);
    expect(requestsTo('/post-429')).toHaveLength(2);
    expect(sentUncertainWrite(client)).toBe(false);
  });

  it('does not repeat a POST that timed out after it was sent, and marks the error unsafe to repeat', async () => {
    const client = clientFor(app.url);
    app.script('/slow-post', { status: 200, delayMs: 1000 });
    const err = await failure(client.request({ method: 'POST', path: '/slow-post', body: {}, timeoutMs: 150 }));
    expect(err).toMatchObject({ code: 'upstream_timeout', status: 504, unsafeToRepeat: true });
    expect(err.message).toMatch(/may have reached the app/);
    expect(isRetryable(err)).toBe(false);
    expect(requestsTo('/slow-post')).toHaveLength(1);
    expect(sentUncertainWrite(client)).toBe(true);
  });

  it('repeats a GET that timed out, and its final error stays retryable', async () => {
    const client = clientFor(app.url, { maxAttempts: 2 });
    app.script('/slow-get', { status: 200, delayMs: 1000 }, { status: 200, delayMs: 1000 });
    const err = await failure(client.request({ method: 'GET', path: '/slow-get', timeoutMs: 150 }));
    expect(err).toMatchObject({ code: 'upstream_timeout', status: 504, unsafeToRepeat: false });
    expect(isRetryable(err)).toBe(true);
    expect(requestsTo('/slow-get')).toHaveLength(2);
  });

  it('knows that a refused connection sent nothing, so even a POST is retried and stays retryable', async () => {
    const port = await closedPort();
    const refused = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST' }).catch((err: unknown) => err);
    expect(failedBeforeSending(refused)).toBe(true);
    const client = clientFor(`http://127.0.0.1:${port}`, { maxAttempts: 2 });
    const err = await failure(client.request({ method: 'POST', path: '/x', body: {} }));
    expect(err).toMatchObject({ code: 'upstream_unreachable', unsafeToRepeat: false });
    expect(sentUncertainWrite(client)).toBe(false);
  });

  it('never retries an answer too large, whatever the method', async () => {
    const client = clientFor(app.url, { maxBodyBytes: 1024 });
    app.script('/huge', { status: 200, body: { data: 'x'.repeat(4096) } });
    const err = await failure(client.request({ method: 'GET', path: '/huge' }));
    expect(err).toMatchObject({ code: 'response_too_large', status: 502 });
    expect(isRetryable(err)).toBe(false);
    expect(requestsTo('/huge')).toHaveLength(1);
  });
});
