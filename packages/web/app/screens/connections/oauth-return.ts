import { useRouter } from '@tanstack/react-router';
import { useEffect, useState } from 'react';

/** What the callback page appends to `returnTo` after a full-page authorisation. */
const PARAMS = ['oauth', 'oauth_connection', 'oauth_message'] as const;

export interface OAuthReturn {
  ok: boolean;
  connectionId: string | null;
  message: string | null;
}

/** `?oauth=connected|failed&oauth_connection=…&oauth_message=…`, or null when the page was not opened by the callback. */
export function readOAuthReturn(search: string): OAuthReturn | null {
  const params = new URLSearchParams(search);
  const outcome = params.get('oauth');
  if (outcome !== 'connected' && outcome !== 'failed') return null;
  return { ok: outcome === 'connected', connectionId: params.get('oauth_connection'), message: params.get('oauth_message') };
}

/** This page's path and query without a previous result: where a full-page authorisation comes back to. */
export function currentPathWithoutOAuthResult(): string {
  const params = new URLSearchParams(window.location.search);
  for (const name of PARAMS) params.delete(name);
  const query = params.toString();
  return `${window.location.pathname}${query ? `?${query}` : ''}`;
}

/**
 * The result a full-page authorisation came back with, read once when the page opens; the
 * parameters are then removed from the URL (a reload or a shared link must not show it again).
 */
export function useOAuthReturn(): [OAuthReturn | null, () => void] {
  const router = useRouter();
  const [result, setResult] = useState(() => readOAuthReturn(window.location.search));
  useEffect(() => {
    if (!readOAuthReturn(window.location.search)) return;
    void router.navigate({ href: currentPathWithoutOAuthResult(), replace: true });
  }, [router]);
  return [result, () => setResult(null)];
}
