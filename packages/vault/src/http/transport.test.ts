import { createServer, type Server } from 'node:http';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from './client.ts';

// A plain node:http app: the answers fetch used to shape for us (compression, repeated headers,
// redirects) now come through undici's request API, so each is checked on the wire.
let server: Server;
let base: string;
const seen: { url: string; encoding: string | undefined; authorization: string | undefined }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', encoding: req.headers['accept-encoding'], authorization: req.headers.authorization });
    if (req.url === '/gzip') {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(gzipSync(JSON.stringify({ items: ['a', 'b'], pad: 'x'.repeat(2000) })));
    } else if (req.url === '/bomb') {
      // 3 MiB of zeros in a few KB: the cap applies to what it inflates to.
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(gzipSync(Buffer.alloc(3 * 1024 * 1024, 0x30)));
    } else if (req.url === '/corrupt') {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(Buffer.from('this is not gzip at all'));
    } else if (req.url === '/brotli') {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'br' });
      res.end(brotliCompressSync(JSON.stringify({ br: true })));
    } else if (req.url === '/cookies') {
      res.setHeader('set-cookie', ['a=1', 'b=2']);
      res.setHeader('x-many', ['one', 'two']);
      res.end('plain text');
    } else if (req.url === '/moved') {
      res.writeHead(302, { location: '/gzip' }).end('see /gzip');
    } else if (req.url === '/away') {
      res.writeHead(302, { location: 'http://198.51.100.1/steal' }).end();
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const client = (maxBodyBytes?: number) =>
  createHttpClient(
    {
      baseUrl: base,
      allowedOrigins: new Set([base]),
      credentials: async () => null,
      renew: async () => null,
      apply: ({ headers }) => headers.set('authorization', 'Bearer t'),
      refreshOn: [],
    },
    maxBodyBytes === undefined ? {} : { maxBodyBytes },
  );

describe('the HTTP transport (undici request)', () => {
  it('asks for compression and inflates the answer', async () => {
    const answer = await client().request({ path: '/gzip' });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ items: ['a', 'b'] });
    expect(answer.headers['content-encoding']).toBeUndefined();
    expect(seen.at(-1)?.encoding).toMatch(/gzip/);
  });

  it('inflates brotli too, and says so when a compressed body is corrupt', async () => {
    expect((await client().request({ path: '/brotli' })).body).toEqual({ br: true });
    await expect(client().request({ path: '/corrupt' })).rejects.toMatchObject({ code: 'upstream_bad_body', status: 502 });
  });

  it('caps the inflated size, not the compressed one', async () => {
    await expect(client(1024 * 1024).request({ path: '/bomb' })).rejects.toMatchObject({ code: 'response_too_large' });
  });

  it('joins repeated headers into one string, and keeps a text body as text', async () => {
    const answer = await client().request({ path: '/cookies' });
    expect(answer.headers['set-cookie']).toBe('a=1, b=2');
    expect(answer.headers['x-many']).toBe('one, two');
    expect(answer.body).toBe('plain text');
  });

  it('follows a redirect on its own hosts with credentials, and refuses one to another host', async () => {
    const before = seen.length;
    expect((await client().request({ path: '/moved' })).body).toMatchObject({ items: ['a', 'b'] });
    expect(seen.slice(before).map((r) => [r.url, r.authorization])).toEqual([['/moved', 'Bearer t'], ['/gzip', 'Bearer t']]);
    await expect(client().request({ path: '/away' })).rejects.toMatchObject({ code: 'host_not_allowed' });
  });
});
