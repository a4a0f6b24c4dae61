import type { App } from '../types.ts';

/**
 * Paths whose segments are credentials (a webhook URL's token): logged as their route pattern. Also
 * when they match no route (wrong method, wrong case, doubled slash): the token in them may be real.
 */
const SECRET_PATHS: readonly { match: RegExp; shown: string }[] = [{ match: /^\/+webhooks(\/|$)/i, shown: '/webhooks/:token' }];

/** The path without its query string, or the pattern of a path that holds a credential. */
export function loggedPath(url: string): string {
  const path = url.split('?')[0] ?? '';
  return SECRET_PATHS.find((p) => p.match.test(path))?.shown ?? path;
}

/**
 * Fastify's built-in request logging is off (see app.ts) because it logs the full URL, and query
 * strings carry secrets: the OAuth callback's `code` and `state`. This logs one line per request with
 * the path only (webhook paths as their pattern: the token is the credential); headers and bodies are
 * never logged.
 */
const LEVELS_SHOWING_INFO = new Set(['trace', 'debug', 'info']);

export function installRequestLog(app: App): void {
  // A callback hook, and nothing built when info is off: it runs for every webhook event.
  app.addHook('onResponse', (request, reply, done) => {
    if (LEVELS_SHOWING_INFO.has(request.log.level)) {
      request.log.info(
        {
          method: request.method,
          path: loggedPath(request.url),
          route: request.routeOptions.url ?? null,
          status: reply.statusCode,
          ms: Math.round(reply.elapsedTime),
        },
        'request',
      );
    }
    done();
  });
  // A client that goes away mid-request gets no answer, so onResponse never runs: say it went, at
  // debug. It is the client's doing (a dropped connection, a cancelled upload), nothing an operator
  // acts on, and the body-stream error it causes is answered 400 `request_aborted`, never logged as
  // a server error (errors.ts).
  app.addHook('onRequestAbort', (request, done) => {
    request.log.debug({ method: request.method, path: loggedPath(request.url), route: request.routeOptions.url ?? null }, 'request aborted');
    done();
  });
}
