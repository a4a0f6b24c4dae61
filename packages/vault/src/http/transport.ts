import type { IncomingHttpHeaders } from 'node:http';
import { Agent, type Dispatcher, request } from 'undici';

/** One hop's answer: status, headers (lower-case names, repeated ones joined), and the unread body. */
export interface Hop {
  status: number;
  headers: Record<string, string>;
  body: Dispatcher.ResponseData['body'];
}

/**
 * Sends one hop of a connection's request with undici's `request` rather than `fetch`: no WHATWG
 * Request, Response, Headers and stream objects per call, which on a local app costs a third of
 * fetch's CPU (bench/connection-request.ts shows both). Redirects are not followed: the client
 * checks each hop's host before it puts credentials on it. Bodies are inflated by body.ts.
 */
export async function sendHop(url: URL, method: string, headers: Headers, body: string | undefined, signal: AbortSignal): Promise<Hop> {
  const answer = await request(url, { method, headers, body, signal, dispatcher });
  return { status: answer.statusCode, headers: flatHeaders(answer.headers), body: answer.body };
}

/**
 * The client's own pool, not the global dispatcher that `fetch` uses: Node's fetch brings its own
 * copy of undici, and the two versions' agents and handlers are not meant to be mixed.
 */
let dispatcher: Dispatcher = new Agent();

/**
 * For tests: sends the client's requests through `base` (e.g. an agent that refuses hosts other than
 * loopback ones) until the returned function puts the previous pool back.
 */
export function routeRequestsThrough(base: Dispatcher): () => void {
  const previous = dispatcher;
  dispatcher = base;
  return () => {
    dispatcher = previous;
  };
}

/** Headers as fetch's `Headers` showed them: one string per name, repeated values joined with ", ". */
function flatHeaders(raw: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}
