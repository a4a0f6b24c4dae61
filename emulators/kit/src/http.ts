import { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The small HTTP layer every emulator shares: a request parsed once (query, JSON or form body),
 * routes matched by path pattern, and answers as plain data. node:http and nothing else, so what the
 * vendor clients see on the wire (status, headers, body bytes) is exactly what an emulator wrote.
 */
export interface EmuRequest {
  method: string;
  /** Path without the query string, percent-decoding left to the route. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Parsed JSON, an object of form fields, the text, or undefined when empty. */
  body: unknown;
  rawBody: string;
  /** Path parameters of the matched route (`:name` segments, decoded). */
  params: Record<string, string>;
  /** `http://127.0.0.1:<port>`: the origin the client used, for absolute URLs in answers. */
  origin: string;
}

export interface EmuResponse {
  status: number;
  headers?: Record<string, string>;
  /** An object is sent as JSON; a string as it is (set `content-type` for HTML). */
  body?: unknown;
}

export type Handler = (req: EmuRequest) => EmuResponse | Promise<EmuResponse>;

interface Route {
  method: string;
  segments: string[];
  handler: Handler;
}

const MAX_BODY_BYTES = 5 * 1024 * 1024;

export function json(status: number, body: unknown, headers: Record<string, string> = {}): EmuResponse {
  return { status, body, headers: { 'content-type': 'application/json;charset=UTF-8', ...headers } };
}

export function html(status: number, body: string, headers: Record<string, string> = {}): EmuResponse {
  return { status, body, headers: { 'content-type': 'text/html; charset=utf-8', ...headers } };
}

export function redirect(location: string): EmuResponse {
  return { status: 302, headers: { location } };
}

/** Routes by method and path pattern: `/services/data/:version/sobjects/:object`. */
export class Router {
  readonly #routes: Route[] = [];

  add(method: string, pattern: string, handler: Handler): this {
    this.#routes.push({ method: method.toUpperCase(), segments: pattern.split('/').filter(Boolean), handler });
    return this;
  }

  /** The handler for a request, with its params; `405` when the path exists under another method. */
  match(method: string, path: string): { handler: Handler; params: Record<string, string> } | { allowed: string[] } | undefined {
    const parts = path.split('/').filter(Boolean);
    const allowed: string[] = [];
    for (const route of this.#routes) {
      const params = matchSegments(route.segments, parts);
      if (!params) continue;
      if (route.method === method.toUpperCase()) return { handler: route.handler, params };
      allowed.push(route.method);
    }
    return allowed.length > 0 ? { allowed } : undefined;
  }
}

function matchSegments(pattern: string[], parts: string[]): Record<string, string> | undefined {
  if (pattern.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const want = pattern[i] ?? '';
    const got = parts[i] ?? '';
    if (want.startsWith(':')) {
      try {
        params[want.slice(1)] = decodeURIComponent(got);
      } catch {
        return undefined;
      }
    } else if (want !== got) {
      return undefined;
    }
  }
  return params;
}

function parseBody(contentType: string | undefined, raw: string): unknown {
  if (raw === '') return undefined;
  if (contentType?.includes('application/json')) {
    try {
      return JSON.parse(raw);
    } catch {
      return raw;
    }
  }
  if (contentType?.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(raw));
  return raw;
}

async function readRequest(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new Error('request body too large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, answer: EmuResponse): void {
  const headers = { ...(answer.headers ?? {}) };
  let payload: string | undefined;
  if (answer.body !== undefined && answer.body !== null && typeof answer.body !== 'string') {
    payload = JSON.stringify(answer.body);
    headers['content-type'] ??= 'application/json;charset=UTF-8';
  } else if (typeof answer.body === 'string') {
    payload = answer.body;
  }
  res.writeHead(answer.status, headers);
  res.end(payload);
}

export interface Listening {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Serves `handle` on 127.0.0.1 only (never another interface: the control endpoints have no auth).
 * `handle` returns undefined for "no such route"; `fallback` answers those.
 */
export async function listen(
  port: number,
  handle: (req: EmuRequest) => Promise<EmuResponse>,
): Promise<Listening> {
  const server = createServer((req, res) => {
    void (async () => {
      try {
        const rawBody = await readRequest(req);
        const host = req.headers.host ?? `127.0.0.1:${(server.address() as AddressInfo).port}`;
        const url = new URL(req.url ?? '/', `http://${host}`);
        const request: EmuRequest = {
          method: (req.method ?? 'GET').toUpperCase(),
          path: url.pathname,
          query: url.searchParams,
          headers: req.headers,
          body: parseBody(req.headers['content-type'], rawBody),
          rawBody,
          params: {},
          origin: `http://${host}`,
        };
        send(res, await handle(request));
      } catch (err) {
        send(res, json(500, { error: 'emulator_error', message: err instanceof Error ? err.message : String(err) }));
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actual}`,
    port: actual,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The bearer token of a request, if any. */
export function bearerToken(req: EmuRequest): string | undefined {
  const header = req.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer\s+(.+)$/i.exec(header) : null;
  return match?.[1]?.trim();
}

/** `Authorization: Basic` as user and password, if any. */
export function basicCredentials(req: EmuRequest): { user: string; password: string } | undefined {
  const header = req.headers.authorization;
  const match = typeof header === 'string' ? /^Basic\s+(.+)$/i.exec(header) : null;
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** A string field of a parsed JSON or form body. */
export function field(body: unknown, name: string): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const value: unknown = Reflect.get(body, name);
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}
