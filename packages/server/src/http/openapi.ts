import swagger from '@fastify/swagger';
import type { App } from '../types.ts';
import { useComponents } from './components.ts';
import { eachOperation, isObject } from './document-walk.ts';
import { MAX_JSON_DEPTH } from './json-parser.ts';
import { markOptionalBodies } from './optional-body.ts';

/**
 * The OpenAPI 3.1 document is generated from the route schemas themselves, so it cannot drift from
 * what the server validates and serialises. Must be registered before the routes.
 */
export async function registerOpenApi(app: App, options: { version: string; publicUrl: string; components: Record<string, unknown> }): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Patchbay API',
        version: options.version,
        description:
          'Connections, connectors and their actions; recipes, their jobs and webhooks. ' +
          'Every /api/v1 endpoint needs "Authorization: Bearer <token>"; webhook URLs carry their own token. ' +
          'The web UI signs in at /api/session instead and sends its HttpOnly session cookie; a request authenticated by that cookie ' +
          'other than GET or HEAD must also send "X-Patchbay-Request: 1", else it is answered 403 request_header_required. ' +
          'Errors are { "error": { "code", "message", "details"? } }; each operation lists the statuses it answers. ' +
          `Request bodies are JSON of at most 1 MiB, nesting arrays and objects at most ${MAX_JSON_DEPTH} levels deep: a deeper body is answered 400 too_deep, ` +
          'and one holding a NUL character (\\u0000) in a string or key 400 invalid_input. ' +
          'Any request may also get, before it reaches an operation: 405 with an Allow header (a known path, another method), ' +
          '417 (an Expect header other than 100-continue) and 431 (request headers, the URL included, larger than Node allows, 16 KiB by default).',
      },
      servers: [{ url: options.publicUrl }],
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', description: 'A Patchbay API token.' },
          sessionCookie: {
            type: 'apiKey',
            in: 'cookie',
            name: 'patchbay_session',
            description: 'The web UI\'s session (POST /api/session). With it, requests other than GET and HEAD also need "X-Patchbay-Request: 1".',
          },
        },
      },
      security: [{ bearerAuth: [] }, { sessionCookie: [] }],
      tags: [
        { name: 'connectors', description: 'The apps Patchbay can connect to.' },
        { name: 'connections', description: 'Authenticated links to one app instance each.' },
        { name: 'recipes', description: 'A trigger and steps, each step through one of the connection slots.' },
        { name: 'jobs', description: 'One run of a recipe per trigger event, with each step recorded.' },
        { name: 'webhooks', description: 'Where apps deliver events to running recipes.' },
        { name: 'notifications', description: 'Warnings and errors about recipes and their connections.' },
        { name: 'session', description: 'Signing in to the web UI with an API token: an HttpOnly session cookie.' },
        { name: 'system', description: 'Health, OAuth callback and this document.' },
      ],
    },
    transformObject: (documents) => {
      if (!('openapiObject' in documents)) return documents.swaggerObject;
      markOptionalBodies(documents.openapiObject.paths);
      nameSuccessResponses(documents.openapiObject.paths);
      useComponents(documents.openapiObject, options.components);
      return documents.openapiObject;
    },
  });
}

export function registerOpenApiRoute(app: App): void {
  app.get(
    '/api/openapi.json',
    { schema: { hide: true } },
    async (_request, reply) => reply.type('application/json; charset=utf-8').send(app.swagger()),
  );
}

/** What a status means, for responses whose schema has no description of its own. */
const SUCCESS_MEANINGS: Record<string, string> = { 200: 'OK', 201: 'Created', 202: 'Accepted: queued', 204: 'Done; no body', 503: 'Unavailable: the database cannot be reached' };

/** @fastify/swagger names a response without a description "Default Response", which says nothing. */
function nameSuccessResponses(paths: unknown): void {
  eachOperation(paths, (operation) => {
    if (!isObject(operation.responses)) return;
    for (const [status, response] of Object.entries(operation.responses)) {
      const meaning = SUCCESS_MEANINGS[status];
      if (meaning && isObject(response) && response.description === 'Default Response') response.description = meaning;
    }
  });
}
