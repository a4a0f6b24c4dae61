import { PatchbayError, UpstreamError } from '@patchbay/core';
import type { Credentials, HttpClient, HttpRequest, HttpResponse, RefreshOn } from '@patchbay/sdk';
import { ACCEPTED_ENCODINGS, readAnswer } from './body.ts';
import { failedBeforeSending, retryAfterMs, retryableAnswer, safeToRepeat, uncertainOutcome } from './retry.ts';
import { type Hop, sendHop } from './transport.ts';

/** Where credentials may go and how to get them: supplied by the vault per connection. */
export interface ClientTarget {
  baseUrl: string;
  /** Origins (scheme://host:port) allowed to receive this connection's requests. */
  allowedOrigins: ReadonlySet<string>;
  credentials(): Promise<Credentials | null>;
  /** After a stale-credentials signal: fresh credentials, or null when there is nothing to refresh. */
  renew(stale: Credentials | null): Promise<Credentials | null>;
  apply(request: { url: URL; headers: Headers }, credentials: Credentials | null): void;
  refreshOn: RefreshOn;
  onUsed?(): void;
}

export interface ClientOptions {
  /**
   * Attempts of one request (retry.ts says which failures are retried: 429 always; 502/503/504,
   * timeouts and dropped connections only when the request is safe to repeat). Default 3.
   */
  maxAttempts?: number;
  /** Longest wait between attempts, also the cap on Retry-After. Default 30 s. */
  maxDelayMs?: number;
  /** Upper bound on a response body. Default 10 MiB. */
  maxBodyBytes?: number;
}

const MAX_REDIRECTS = 5;

/**
 * Clients that sent a request which is not safe to repeat and whose outcome is unknown (answered
 * 5xx, or failed after it may have been sent). The vault marks an action's error unsafe to repeat
 * when its client is here, so that no step retry sends the write again.
 */
const uncertainWrites = new WeakSet<HttpClient>();

/** Whether `client` sent a write that may have taken effect although it failed. */
export function sentUncertainWrite(client: HttpClient): boolean {
  return uncertainWrites.has(client);
}

export class HostNotAllowedError extends PatchbayError {
  constructor(url: URL) {
    super('host_not_allowed', `Requests of this connection may only go to its own hosts; ${url.origin} is not one of them. Use a path relative to the connection's base URL.`, {
      details: { origin: url.origin },
    });
  }
}

function resolveUrl(target: ClientTarget, request: HttpRequest): URL {
  const base = target.baseUrl.endsWith('/') ? target.baseUrl : `${target.baseUrl}/`;
  // A leading slash would drop the base URL's own path (e.g. /api/v2/): treat paths as relative to it.
  const url = /^[a-z][a-z0-9+.-]*:/i.test(request.path) ? new URL(request.path) : new URL(request.path.replace(/^\/+/, ''), base);
  if (!target.allowedOrigins.has(url.origin)) throw new HostNotAllowedError(url);
  const query = Object.entries(request.query ?? {}).filter((entry): entry is [string, string | number | boolean] => entry[1] !== undefined);
  if (query.length === 0) return url;
  // One serialisation when the path has no query of its own (each searchParams.set rewrites the URL).
  if (url.search === '') url.search = new URLSearchParams(query.map(([name, value]): [string, string] => [name, String(value)])).toString();
  else for (const [name, value] of query) url.searchParams.set(name, String(value));
  return url;
}

function isStale(refreshOn: RefreshOn, response: HttpResponse): boolean {
  return typeof refreshOn === 'function' ? refreshOn(response) : refreshOn.includes(response.status);
}

export function createHttpClient(target: ClientTarget, options: ClientOptions = {}): HttpClient {
  const maxAttempts = options.maxAttempts ?? 3;
  const maxDelayMs = options.maxDelayMs ?? 30_000;
  const maxBodyBytes = options.maxBodyBytes ?? 10 * 1024 * 1024;

  async function send(request: HttpRequest, credentials: Credentials | null, onUncertain: () => void): Promise<HttpResponse> {
    const method = (request.method ?? 'GET').toUpperCase();
    const url = resolveUrl(target, request);
    const jsonBody = request.body !== undefined && typeof request.body !== 'string';
    const body = request.body === undefined ? undefined : jsonBody ? JSON.stringify(request.body) : String(request.body);
    // Built once: each hop of each attempt puts credentials on its own copy (fetchFollowingOwnRedirects).
    const headers = new Headers(request.headers ?? {});
    if (jsonBody && !headers.has('content-type')) headers.set('content-type', 'application/json');
    if (!headers.has('accept')) headers.set('accept', 'application/json, */*;q=0.5');
    // As fetch asked for: readAnswer inflates the body.
    if (!headers.has('accept-encoding')) headers.set('accept-encoding', ACCEPTED_ENCODINGS);
    const repeatable = safeToRepeat(method, headers);
    for (let attempt = 1; ; attempt++) {
      let response: Hop;
      const deadline = startDeadline(request.timeoutMs ?? 30_000);
      try {
        response = await fetchFollowingOwnRedirects(url, method, headers, body, credentials, deadline.signal);
      } catch (err) {
        deadline.clear();
        if (err instanceof PatchbayError) throw err;
        const unsent = failedBeforeSending(err);
        if (attempt < maxAttempts && (repeatable || unsent)) {
          await sleep(Math.min(maxDelayMs, 250 * 2 ** attempt));
          continue;
        }
        const uncertain = !repeatable && !unsent;
        if (uncertain) onUncertain();
        const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
        const again = uncertain ? ` It may have reached the app: check there before sending it again (an idempotency key would make that safe).` : ' Try again later.';
        throw new UpstreamError(timedOut ? 'upstream_timeout' : 'upstream_unreachable', timedOut
          ? `The app did not answer ${method} ${url.pathname} in time.${again}`
          : `The app could not be reached for ${method} ${url.pathname}. Check the connection's URL.${again}`, { cause: err, unsafeToRepeat: uncertain });
      }
      if (attempt < maxAttempts && retryableAnswer(response.status, repeatable)) {
        const wait = retryAfterMs(response.headers['retry-after'] ?? null) ?? Math.min(maxDelayMs, 500 * 2 ** attempt);
        if (wait <= maxDelayMs) {
          await response.body.dump();
          deadline.clear();
          await sleep(wait);
          continue;
        }
      }
      if (!repeatable && uncertainOutcome(response.status)) onUncertain();
      try {
        return await readAnswer(response, maxBodyBytes);
      } finally {
        deadline.clear();
      }
    }
  }

  async function fetchFollowingOwnRedirects(
    start: URL,
    method: string,
    headers: Headers,
    body: string | undefined,
    credentials: Credentials | null,
    signal: AbortSignal,
  ): Promise<Hop> {
    let url = start;
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      // Credentials are applied per hop, and only after the hop's host was checked.
      if (!target.allowedOrigins.has(url.origin)) throw new HostNotAllowedError(url);
      const outgoing = { url: new URL(url), headers: new Headers(headers) };
      target.apply(outgoing, credentials);
      const response = await sendHop(outgoing.url, method, outgoing.headers, method === 'GET' || method === 'HEAD' ? undefined : body, signal);
      const location = response.headers['location'];
      if (response.status < 300 || response.status >= 400 || !location) return response;
      await response.body.dump();
      url = new URL(location, url);
    }
    throw new UpstreamError('too_many_redirects', `The app redirected more than ${MAX_REDIRECTS} times.`);
  }

  const client: HttpClient = {
    async request(request) {
      const onUncertain = () => uncertainWrites.add(client);
      const credentials = await target.credentials();
      let response = await send(request, credentials, onUncertain);
      if (isStale(target.refreshOn, response)) {
        const renewed = await target.renew(credentials);
        // Exactly one retry: a second refusal is the app's answer, not a reason to refresh again.
        // A refusal of stale credentials did not process the request, so a POST may be sent again.
        if (renewed) response = await send(request, renewed, onUncertain);
      }
      target.onUsed?.();
      return response;
    },
  };
  return client;
}

/**
 * The time an attempt may take, its body included: aborts with a TimeoutError when it runs out.
 * `AbortSignal.timeout` did the same at ~9 µs a request (a tenth of what a connection adds to a
 * bare fetch); a controller and a timer cleared when the body is read cost well under 1 µs.
 */
function startDeadline(timeoutMs: number): { signal: AbortSignal; clear(): void } {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException(`no answer within ${timeoutMs} ms`, 'TimeoutError')), timeoutMs);
  // A pending deadline alone never keeps the process alive.
  timer.unref();
  return { signal: controller.signal, clear: () => clearTimeout(timer) };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
