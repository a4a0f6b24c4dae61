import { type IncomingHttpHeaders, request } from 'node:http';
import { connect } from 'node:net';

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  /** Parsed JSON, or null when the body is empty or not JSON. */
  body: unknown;
}

/**
 * One request through node:http, for what fetch refuses to send: TRACE and other methods outside
 * its list, an `Expect` header, a compressed body with its Content-Encoding.
 */
export function rawRequest(baseUrl: string, init: { method: string; path: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<RawResponse> {
  const url = new URL(init.path, baseUrl);
  return new Promise((resolve, reject) => {
    const req = request(url, { method: init.method, headers: init.headers ?? {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = null;
        try {
          body = text ? JSON.parse(text) : null;
        } catch {
          body = null;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body });
      });
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

/** Writes bytes on a fresh connection and returns all the server wrote before closing it. */
export function rawExchange(baseUrl: string, bytes: string): Promise<string> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => socket.write(bytes));
    let data = '';
    socket.on('data', (d: Buffer) => (data += d.toString()));
    socket.on('close', () => resolve(data));
    socket.on('error', reject);
  });
}

/** Starts a request whose body never arrives in full, and hangs up once the server has the start of it. */
export function abortMidBody(baseUrl: string, head: string, partialBody: string): Promise<void> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => {
      socket.write(head + partialBody, () => {
        socket.destroy();
        resolve();
      });
    });
    socket.on('error', reject);
  });
}
