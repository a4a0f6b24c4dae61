import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface ScriptedAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Answer only after this many ms (a slow or hanging app). Default 0. */
  delayMs?: number;
}

export interface EchoApp {
  url: string;
  requests: RecordedRequest[];
  /** Answer the next requests to `path` with these statuses/headers (consumed in order). */
  script(path: string, ...answers: ScriptedAnswer[]): void;
  close(): Promise<void>;
}

/**
 * A small REST app on 127.0.0.1 for connector tests: it checks the credentials it was started with
 * and echoes every request, so tests can assert what went over the wire.
 */
export async function startEchoApp(options: { basic?: { username: string; password: string }; apiKey?: { header: string; value: string }; bearer?: string } = {}): Promise<EchoApp> {
  const requests: RecordedRequest[] = [];
  const scripted = new Map<string, ScriptedAnswer[]>();
  const delayed = new Set<NodeJS.Timeout>();

  function authorised(req: IncomingMessage): boolean {
    const header = req.headers.authorization ?? '';
    if (options.basic) {
      const expected = `Basic ${Buffer.from(`${options.basic.username}:${options.basic.password}`).toString('base64')}`;
      if (header !== expected) return false;
    }
    if (options.apiKey && req.headers[options.apiKey.header.toLowerCase()] !== options.apiKey.value) return false;
    if (options.bearer && header !== `Bearer ${options.bearer}`) return false;
    return true;
  }

  function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(body === undefined ? '' : JSON.stringify(body));
  }

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const recorded = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(recorded);
      const next = scripted.get(url.pathname)?.shift();
      if (next?.delayMs) {
        const timer = setTimeout(() => {
          delayed.delete(timer);
          // The client may have given up (or died) meanwhile.
          if (!res.destroyed) send(res, next.status, next.body ?? {}, next.headers);
        }, next.delayMs);
        delayed.add(timer);
        return;
      }
      if (next) return send(res, next.status, next.body ?? {}, next.headers);
      if (!authorised(req)) return send(res, 401, { error: 'unauthorized' }, { 'www-authenticate': 'Basic realm="echo"' });
      send(res, 200, { method: recorded.method, path: url.pathname, query: Object.fromEntries(url.searchParams), body: recorded.body ? JSON.parse(recorded.body) : null });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    script: (path, ...answers) => scripted.set(path, [...(scripted.get(path) ?? []), ...answers]),
    close: () => {
      // Requests still waiting for a delayed answer would otherwise hold close() open.
      if (delayed.size > 0) server.closeAllConnections();
      for (const timer of delayed) clearTimeout(timer);
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
