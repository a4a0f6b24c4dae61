import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '@patchbay/core';
import type { OAuth2Auth } from '@patchbay/sdk';
import type { ResolvedFields } from '../connections/fields.ts';
import { assertOAuthUrlsAllowed } from './config.ts';
import { TokenEndpointError, fetchClientCredentials, isLoopbackHost, oauthUrlAllowed } from './flow.ts';

const config = (tokenUrl: string, allowHttpHosts: string[] = []) => ({
  tokenUrl,
  clientId: 'c',
  clientSecret: 's',
  scopes: [],
  pkce: false,
  tokenAuthMethod: 'client_secret_post' as const,
  authorizeParams: {},
  tokenParams: {},
  keepTokenFields: [],
  allowHttpHosts,
});

describe('plain http:// OAuth endpoints', () => {
  it('are allowed to loopback hosts and named hosts only', () => {
    for (const host of ['127.0.0.1', '127.8.9.10', 'localhost', '[::1]']) expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ['128.0.0.1', 'localhost.example.com', '10.0.0.1', '127.0.0.1.nip.io']) expect(isLoopbackHost(host), host).toBe(false);
    expect(oauthUrlAllowed(new URL('https://auth.example.com/token'), [])).toBe(true);
    expect(oauthUrlAllowed(new URL('http://auth.example.com/token'), [])).toBe(false);
    expect(oauthUrlAllowed(new URL('http://auth.example.com/token'), ['auth.example.com'])).toBe(true);
    expect(oauthUrlAllowed(new URL('ftp://127.0.0.1/token'), [])).toBe(false);
  });

  it('a refused request is a configuration problem, never an outage "Patchbay will retry"', async () => {
    const err = await fetchClientCredentials(config('http://auth.example.com/token')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TokenEndpointError);
    expect(err).toMatchObject({ failure: 'rejected', code: 'token_request_failed', status: 409 });
    expect(String(err)).not.toContain('will retry');
    expect(String(err)).toContain('PATCHBAY_ALLOW_HTTP_HOSTS');
  });

  it('names the field the refused URL came from, so a form shows the problem there', () => {
    const refusal = (authorizationUrl: (f: ResolvedFields) => string, fields: ResolvedFields) => {
      const auth: OAuth2Auth<ResolvedFields> = { kind: 'oauth2', authorizationUrl, tokenUrl: 'https://login.example.com/token', clientId: 'c', scopes: [] };
      try {
        assertOAuthUrlsAllowed(auth, fields, []);
      } catch (err) {
        if (err instanceof InvalidInputError) return err.details;
        throw err;
      }
      return undefined;
    };
    // Built from a field (a login URL + a path): that field.
    expect(refusal((f) => `${String(f.serverUrl)}/services/oauth2/authorize`, { serverUrl: 'http://partner.example', other: 'https://x.example' })).toEqual([
      expect.objectContaining({ path: 'fields.serverUrl' }),
    ]);
    // A URL no field holds: the fields as a whole.
    expect(refusal(() => 'http://fixed.example/authorize', { serverUrl: 'https://partner.example' })).toEqual([expect.objectContaining({ path: 'fields' })]);
  });
});
