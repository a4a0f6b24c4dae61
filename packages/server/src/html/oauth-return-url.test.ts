import { describe, expect, it } from 'vitest';
import { oauthReturnUrl } from './oauth-return-url.ts';

const connected = { ok: true, connectionId: 'conn_1', message: 'Connected as someone.' };
const failed = { ok: false, connectionId: 'conn_1', message: 'You refused access: connect again & allow it.' };

const queryOf = (url: string | null) => Object.fromEntries(new URL(url ?? 'about:blank', 'http://x.invalid').searchParams);

describe('where a full-page authorisation returns to', () => {
  it('the path with oauth=connected and the connection on success', () => {
    expect(oauthReturnUrl({ ...connected, returnTo: '/connections/new' })).toBe('/connections/new?oauth=connected&oauth_connection=conn_1');
  });

  it('oauth=failed with the message on failure, keeping the parameters and the fragment already there', () => {
    const url = oauthReturnUrl({ ...failed, returnTo: '/connections?status=error&app=http#row' });
    expect(url?.startsWith('/connections?')).toBe(true);
    expect(url?.endsWith('#row')).toBe(true);
    expect(queryOf(url)).toEqual({ status: 'error', app: 'http', oauth: 'failed', oauth_connection: 'conn_1', oauth_message: failed.message });
  });

  it("replaces an earlier attempt's result instead of adding a second one", () => {
    const url = oauthReturnUrl({ ...connected, returnTo: '/connections?oauth=failed&oauth_connection=conn_old&oauth_message=nope&q=crm' });
    expect(queryOf(url)).toEqual({ q: 'crm', oauth: 'connected', oauth_connection: 'conn_1' });
    expect(url?.match(/oauth=/g)).toHaveLength(1);
  });

  it('nothing without a returnTo, and nothing for one that would leave the site', () => {
    expect(oauthReturnUrl({ ...connected, returnTo: null })).toBeNull();
    for (const returnTo of ['//evil.example/x', '/\\evil.example', 'https://evil.example/', 'evil.example', '\\\\evil.example']) {
      expect(oauthReturnUrl({ ...connected, returnTo }), returnTo).toBeNull();
    }
  });

  it('never carries the code or state of the callback, only the three result parameters', () => {
    const url = oauthReturnUrl({ ...failed, returnTo: '/x' });
    expect(Object.keys(queryOf(url)).sort()).toEqual(['oauth', 'oauth_connection', 'oauth_message']);
  });
});
