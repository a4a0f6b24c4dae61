import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { paths } from './api.ts';
import type { UncheckedBodyPaths } from './unchecked.ts';

/** How the client gets its API token: a fixed one, or one asked for before every request. */
export type TokenSource =
  | {
      /** A Patchbay API token (`Authorization: Bearer …`). */
      token: string;
    }
  | {
      /**
       * Called before every request, so a token that changes (a sign-in in the web UI, a rotation) is
       * used from the next request on.
       */
      getToken: () => string | Promise<string>;
    };

export type PatchbayClientOptions = TokenSource & {
  /**
   * Where Patchbay listens, e.g. `http://127.0.0.1:8080`; paths in calls carry `/api/v1/…`.
   * @example 'https://patchbay.example.com'
   */
  baseUrl: string;
  /** Default: the global `fetch`. */
  fetch?: (request: Request) => Promise<Response>;
};

export interface PatchbayClient extends Client<paths> {
  /**
   * The same API for JSON a person wrote: the operations in `UncheckedBodyPaths` (recipe create,
   * import and update; connection create and update; running an action) with the request body typed
   * `unknown` and sent unchanged, for the server to validate; responses keep their types.
   *
   * @example
   * await unwrap(client.unchecked.POST('/api/v1/recipes/import', { body: JSON.parse(fileText) }));
   */
  unchecked: Client<UncheckedBodyPaths>;
}

/**
 * A typed client of the Patchbay API (openapi-fetch over the types generated from the document),
 * sending the token on every request. Browser-safe: nothing here needs Node.js.
 *
 * @example
 * const client = createPatchbayClient({ baseUrl: 'http://127.0.0.1:8080', token });
 * const connection = await unwrap(client.GET('/api/v1/connections/{id}', { params: { path: { id } } }));
 */
export function createPatchbayClient(options: PatchbayClientOptions): PatchbayClient {
  const { baseUrl, fetch } = options;
  const getToken = 'token' in options ? () => options.token : options.getToken;
  const bearer: Middleware = {
    async onRequest({ request }) {
      request.headers.set('authorization', `Bearer ${await getToken()}`);
      return request;
    },
  };
  // An object query parameter (a pick list's own parameters) goes as the document says: one query parameter per property.
  const clientOptions = { baseUrl, querySerializer: { object: { style: 'form', explode: true } } as const, ...(fetch ? { fetch } : {}) };
  const typed = createClient<paths>(clientOptions);
  // Two views of one API; each gets the middleware, as openapi-fetch keeps it per client.
  const unchecked = createClient<UncheckedBodyPaths>(clientOptions);
  typed.use(bearer);
  unchecked.use(bearer);
  return Object.assign(typed, { unchecked });
}
