import { rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

/*
 * A request that arrives while the server closes. `server.close()` refuses new connections and
 * closes idle ones at once, so the only requests that still reach Patchbay then are on connections
 * that were busy when closing began: here, one whose request head is half sent. Its request is what
 * keeps close() waiting; it is completed once closing is under way.
 */

let server: TestServer | undefined;
afterEach(async () => {
  // Each test closes its server itself; this only cleans up after a failure.
  if (server?.server.server.listening) await server.stop();
  if (server) rmSync(server.dataDir, { recursive: true, force: true });
  server = undefined;
});

function open(url: string): Promise<{ socket: Socket; received: Promise<string> }> {
  const { port, hostname } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      let data = '';
      socket.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')));
      const received = new Promise<string>((done) => socket.on('close', () => done(data)));
      resolve({ socket, received });
    });
    socket.once('error', reject);
  });
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(condition()).toBe(true);
}

function parse(raw: string): { status: number; headers: Map<string, string>; body: unknown } {
  const [head = '', body = ''] = raw.split('\r\n\r\n');
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers = new Map(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
  return { status: Number(statusLine.split(' ')[1]), headers, body: JSON.parse(body) };
}

describe('a request that arrives while the server closes', () => {
  for (const [what, head] of [
    ['on a route', `GET /api/v1/connections HTTP/1.1\r\nHost: x\r\n`],
    ['on a path no route has', `GET /api/v1/nothing-here HTTP/1.1\r\nHost: x\r\n`],
  ] as const) {
    it(`is answered 503 in the error envelope, with Connection: close (${what})`, async () => {
      server = await startTestServer({ workers: false });
      const token = `Authorization: Bearer ${server.token}\r\n`;
      const { socket, received } = await open(server.url);
      // Half a request head: the connection is busy, so close() waits for it rather than dropping it.
      await new Promise<void>((done) => socket.write(head, () => done()));
      const closed = server.close();
      // The listener stops once Fastify has marked itself closing (and our preClose hook has run).
      await until(() => !server?.server.server.listening);
      socket.write(`${token}Connection: keep-alive\r\n\r\n`);

      const answer = parse(await received);
      expect(answer.status).toBe(503);
      expect(answer.headers.get('connection')).toBe('close');
      expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
      expect(answer.body).toEqual({ error: { code: 'unavailable', message: expect.stringMatching(/again in a few seconds/) } });
      // The server still finishes closing: the answered connection was its last.
      await closed;
    });
  }

  it('does not change answers before closing begins', async () => {
    server = await startTestServer({ workers: false });
    const answer = await server.api('/health');
    expect(answer.status).toBe(200);
    await server.stop();
  });
});
