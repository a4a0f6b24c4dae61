import type { CallbackResult } from '@patchbay/vault';

// Resolving against a base of our own shows whether a path would leave the site: only a path keeps it.
const BASE = 'http://patchbay.invalid';

/**
 * Where a full-page authorisation returns to: the `returnTo` path recorded at /authorize, with the
 * result in its query — `oauth=connected|failed`, `oauth_connection=<id>` and, on failure,
 * `oauth_message=<the result message>` (written for people, never a token or code). Other parameters
 * stay; ours replace any left from an earlier attempt. Null when there is nowhere to return to.
 */
export function oauthReturnUrl(result: Pick<CallbackResult, 'ok' | 'connectionId' | 'message' | 'returnTo'>): string | null {
  if (result.returnTo === null || !result.returnTo.startsWith('/')) return null;
  let url: URL;
  try {
    url = new URL(result.returnTo, BASE);
  } catch {
    return null;
  }
  // /authorize refuses anything else already; checked again because a wrong answer here is an open redirect.
  if (url.origin !== BASE) return null;
  url.searchParams.set('oauth', result.ok ? 'connected' : 'failed');
  if (result.connectionId === null) url.searchParams.delete('oauth_connection');
  else url.searchParams.set('oauth_connection', result.connectionId);
  if (result.ok) url.searchParams.delete('oauth_message');
  else url.searchParams.set('oauth_message', result.message);
  return `${url.pathname}${url.search}${url.hash}`;
}
