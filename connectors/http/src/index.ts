import { defineConnector } from '@patchbay/sdk';
import { auth } from './auth.ts';
import { fields } from './fields.ts';
import { failedRequest } from './failure.ts';
import { RequestInput, RequestOutput } from './request.ts';

/** The methods that are not idempotent: the ones an Idempotency-Key is for (IETF draft-ietf-httpapi-idempotency-key-header). */
const KEYED_METHODS = new Set(['POST', 'PATCH']);

/** A generic connector for any REST app: every auth kind, chosen by the `auth` field. */
export default defineConnector({
  key: 'http',
  title: 'HTTP',
  version: '1.0.0',
  description: 'Call any REST API. Credentials are only ever sent to the base URL’s host.',
  maxSlotsPerRecipe: 2,
  connection: {
    fields,
    auth,
    baseUrl: ({ fields: f }) => f.baseUrl,
    async test(ctx) {
      const path = ctx.connection.testPath;
      if (!path) return { ok: true, message: 'No test path set: nothing was checked.' };
      const res = await ctx.http.request({ method: 'GET', path });
      return res.status >= 200 && res.status < 300 ? { ok: true } : { ok: false, message: `GET ${path} answered ${res.status}; it must answer 2xx.` };
    },
    async identity(ctx) {
      const f = ctx.connection;
      switch (f.auth) {
        case 'basic':
          return { label: f.username ?? 'basic auth user' };
        case 'oauth2ClientCredentials':
          return { label: `OAuth2 client ${f.clientId ?? ''}`.trim(), scopes: [...ctx.grantedScopes] };
        case 'oauth2':
          return { label: 'OAuth2 authorisation', scopes: [...ctx.grantedScopes] };
        default:
          return { label: f.auth === 'none' ? 'anonymous' : f.auth === 'bearer' ? 'bearer token' : 'API key' };
      }
    },
    // The app instance is the API's origin: moving a connection to another host is an instance change.
    instance: async (ctx) => new URL(ctx.connection.baseUrl).origin,
  },
  actions: {
    request: {
      title: 'Send a request',
      description:
        'Sends one HTTP request through the connection and returns the answer ({ status, headers, body }). A 4xx or 5xx answer fails the step unless failOnStatus is false.',
      input: RequestInput,
      output: RequestOutput,
      async run(ctx) {
        const { method, path, query, body, failOnStatus = true } = ctx.input;
        const headers = { ...ctx.input.headers };
        // A key the recipe set itself wins (header names are case-insensitive).
        const keyed = Object.keys(headers).some((name) => name.toLowerCase() === 'idempotency-key');
        if (ctx.connection.idempotencyKeys && KEYED_METHODS.has(method) && !keyed) headers['Idempotency-Key'] = ctx.idempotencyKey;
        const response = await ctx.http.request({ method, path, query, headers, body });
        if (failOnStatus && response.status >= 400) {
          throw failedRequest(new URL(ctx.connection.baseUrl).host, response, { method, path, headers: ctx.input.headers });
        }
        return response;
      },
    },
  },
});
