import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Stands in front of a real token endpoint and can be told to fail (503) or to hang, as token
 * endpoints do during outages. Counts the requests it receives.
 */
export async function startFlakyProxy(target: string) {
  let mode: 'pass' | 'fail' | 'hang' = 'pass';
  let hits = 0;
  const server = createServer((req, res) => {
    hits++;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (mode === 'fail') return res.writeHead(503, { 'content-type': 'text/plain' }).end('upstream down');
      if (mode === 'hang') return;
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string' && name !== 'host') headers.set(name, value);
      fetch(target, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined })
        .then(async (upstream) => {
          res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
          res.end(Buffer.from(await upstream.arrayBuffer()));
        })
        .catch(() => res.writeHead(502).end());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/token`,
    setMode: (next: 'pass' | 'fail' | 'hang') => {
      mode = next;
    },
    hits: () => hits,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
