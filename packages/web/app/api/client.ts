import createClient, { type Middleware } from 'openapi-fetch';
import { unwrap, type paths, type UncheckedBodyPaths } from '@patchbay/client';

export { PatchbayApiError, unwrap } from '@patchbay/client';
export type { Connection, Connector, ConnectionTestResult, ResponseBody } from '@patchbay/client';

/**
 * The API as the browser calls it: the generated types of @patchbay/client over openapi-fetch, on
 * this origin, authenticated by the HttpOnly session cookie (sent by the browser; no token in
 * JavaScript at all). Every request carries `X-Patchbay-Request: 1`, which the server requires of
 * cookie-authenticated requests other than GET/HEAD: a cross-site form cannot send it.
 */
// An object query parameter (a pick list's own parameters) is sent as the document says: one query parameter per property.
const clientOptions = {
  baseUrl: window.location.origin,
  credentials: 'same-origin',
  headers: { 'x-patchbay-request': '1' },
  querySerializer: { object: { style: 'form', explode: true } },
} as const;
export const api = createClient<paths>(clientOptions);

/**
 * The same API for bodies a person wrote or a form built at run time (a connection's fields for a
 * connector chosen on the page): the server checks them and names each problem at its field. See
 * UncheckedBodyPaths in @patchbay/client.
 */
export const unchecked = createClient<UncheckedBodyPaths>(clientOptions);

type Listener = () => void;
const signedOutListeners = new Set<Listener>();

/** Called when any answer is 401: the session ended (sign-out elsewhere, expiry): show the sign-in page. */
export function onSignedOut(listener: Listener): () => void {
  signedOutListeners.add(listener);
  return () => signedOutListeners.delete(listener);
}

const sessionWatch: Middleware = {
  onResponse({ response, request }) {
    // The session probe itself answers 401 when nobody is signed in: that is not a session ending.
    if (response.status === 401 && !new URL(request.url).pathname.startsWith('/api/session')) {
      for (const listener of signedOutListeners) listener();
    }
    return response;
  },
};
api.use(sessionWatch);
unchecked.use(sessionWatch);

/** Every page of a list, in order (lists answer `{ <items>: [...], next }`). */
export async function allPages<Item>(fetchPage: (cursor: string | undefined) => Promise<{ items: Item[]; next: string | null }>): Promise<Item[]> {
  const items: Item[] = [];
  let cursor: string | undefined;
  do {
    const page = await fetchPage(cursor);
    items.push(...page.items);
    cursor = page.next ?? undefined;
  } while (cursor);
  return items;
}

