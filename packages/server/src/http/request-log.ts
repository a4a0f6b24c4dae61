import type { App } from '../types.ts';

/**
 * Fastify's built-in request logging is off (see app.ts) because it logs the full URL, and query
 * strings carry secrets: the OAuth callback's `code` and `state`, later webhook keys. This logs one
 * line per request with the path only; headers and bodies are never logged.
 */
export function installRequestLog(app: App): void {
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        method: request.method,
        path: request.url.split('?')[0],
        route: request.routeOptions.url ?? null,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request',
    );
  });
}
