import { PatchbayError, isoNow } from '@patchbay/core';
import * as oauth from 'oauth4webapi';
import type { OAuthTokens } from '../connections/record.ts';

/** An OAuth2 client configuration, resolved from a connector's auth declaration and the connection's fields. */
export interface OAuthClientConfig {
  authorizationUrl?: string;
  tokenUrl: string;
  clientId: string;
  clientSecret?: string;
  scopes: readonly string[];
  pkce: boolean;
  tokenAuthMethod: 'client_secret_basic' | 'client_secret_post';
  authorizeParams: Record<string, string>;
  tokenParams: Record<string, string>;
  keepTokenFields: readonly string[];
  /** Hosts besides loopback ones whose endpoints may be plain http:// (`PATCHBAY_ALLOW_HTTP_HOSTS`). */
  allowHttpHosts: readonly string[];
}

/**
 * Why a token request failed: `revoked` (invalid_grant: the user must reconnect), `rejected` (the
 * app refused our client or request: a configuration problem), `unavailable` (5xx, timeout, network:
 * retry later).
 */
export type TokenFailure = 'revoked' | 'rejected' | 'unavailable';

/** Each failure has its own code, so the registry says whether it is retryable or needs a person. */
const FAILURE_CODES = { revoked: 'needs_reauth', rejected: 'token_request_failed', unavailable: 'token_endpoint_unavailable' } as const;

export class TokenEndpointError extends PatchbayError {
  constructor(readonly failure: TokenFailure, message: string, readonly oauthError?: string, cause?: unknown) {
    super(FAILURE_CODES[failure], message, {
      cause,
      ...(oauthError ? { details: { oauthError } } : {}),
    });
  }
}

const TOKEN_TIMEOUT_MS = 10_000;
/** Loopback hosts never leave the machine, so plain http:// to them exposes nothing (emulators, the demo). */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || hostname === '::1' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/** Whether an OAuth endpoint URL may be used: https, or http to loopback or an operator-allowed host. */
export function oauthUrlAllowed(url: URL, allowHttpHosts: readonly string[]): boolean {
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && (isLoopbackHost(url.hostname) || allowHttpHosts.includes(url.hostname));
}

function server(cfg: OAuthClientConfig, issuer?: string): oauth.AuthorizationServer {
  return {
    // Most OAuth2 apps publish no issuer; the token URL's origin stands in. When the app sends an
    // RFC 9207 `iss` on the redirect we use that value, since the `state` already binds the
    // response to the one authorization server this connection was sent to.
    issuer: issuer ?? new URL(cfg.tokenUrl).origin,
    token_endpoint: cfg.tokenUrl,
    ...(cfg.authorizationUrl ? { authorization_endpoint: cfg.authorizationUrl } : {}),
  };
}

function clientAuth(cfg: OAuthClientConfig): oauth.ClientAuth {
  if (cfg.clientSecret === undefined) return oauth.None();
  return cfg.tokenAuthMethod === 'client_secret_post' ? oauth.ClientSecretPost(cfg.clientSecret) : oauth.ClientSecretBasic(cfg.clientSecret);
}

function requestOptions(cfg: OAuthClientConfig) {
  const url = new URL(cfg.tokenUrl);
  const insecure = url.protocol === 'http:' && oauthUrlAllowed(url, cfg.allowHttpHosts);
  return { signal: AbortSignal.timeout(TOKEN_TIMEOUT_MS), [oauth.allowInsecureRequests]: insecure };
}

export async function buildAuthorizationUrl(
  cfg: OAuthClientConfig,
  params: { state: string; redirectUri: string },
): Promise<{ url: string; codeVerifier: string | undefined }> {
  if (!cfg.authorizationUrl) throw new Error('authorizationUrl is required for the authorization-code flow');
  const url = new URL(cfg.authorizationUrl);
  for (const [key, value] of Object.entries(cfg.authorizeParams)) url.searchParams.set(key, value);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', cfg.clientId);
  url.searchParams.set('redirect_uri', params.redirectUri);
  url.searchParams.set('state', params.state);
  if (cfg.scopes.length > 0) url.searchParams.set('scope', cfg.scopes.join(' '));
  let codeVerifier: string | undefined;
  if (cfg.pkce) {
    codeVerifier = oauth.generateRandomCodeVerifier();
    url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(codeVerifier));
    url.searchParams.set('code_challenge_method', 'S256');
  }
  return { url: url.toString(), codeVerifier };
}

/** Runs one token request and turns every failure into a TokenEndpointError. */
async function tokenRequest(
  cfg: OAuthClientConfig,
  what: string,
  send: () => Promise<Response>,
  process: (response: Response) => Promise<oauth.TokenEndpointResponse>,
): Promise<oauth.TokenEndpointResponse> {
  let response: Response;
  try {
    response = await send();
  } catch (err) {
    // oauth4webapi refuses a request it must not send (e.g. plain http:// to a host that is not
    // allowed): a configuration problem that retrying cannot fix, so never reported as an outage.
    if (err instanceof oauth.OperationProcessingError || err instanceof oauth.UnsupportedOperationError) {
      throw new TokenEndpointError('rejected', `The ${what} request was not sent: ${err.message}. Check the connection's OAuth URLs (https:// is required except on this machine or hosts in PATCHBAY_ALLOW_HTTP_HOSTS).`, undefined, err);
    }
    throw new TokenEndpointError('unavailable', `The app's token endpoint could not be reached for ${what}; Patchbay will retry.`, undefined, err);
  }
  if (response.status >= 500 || response.status === 429) {
    throw new TokenEndpointError('unavailable', `The app's token endpoint answered ${response.status} for ${what}; Patchbay will retry.`);
  }
  try {
    return await process(response);
  } catch (err) {
    if (err instanceof oauth.ResponseBodyError) {
      if (err.error === 'invalid_grant') {
        throw new TokenEndpointError('revoked', `The app no longer accepts this connection's authorisation (${what}). Reconnect this connection to authorise Patchbay again.`, err.error, err);
      }
      throw new TokenEndpointError('rejected', `The app refused the ${what} request (${err.error}). Check the connection's client id, secret and scopes, then reconnect.`, err.error, err);
    }
    throw new TokenEndpointError('rejected', `The app's answer to the ${what} request was not a valid OAuth2 token response.`, undefined, err);
  }
}

function toTokens(cfg: OAuthClientConfig, res: oauth.TokenEndpointResponse, previous?: OAuthTokens): OAuthTokens {
  const now = Date.now();
  const extra: Record<string, string> = { ...(previous?.extra ?? {}) };
  for (const name of cfg.keepTokenFields) {
    const value = res[name];
    if (typeof value === 'string') extra[name] = value;
  }
  return {
    accessToken: res.access_token,
    // Apps that do not rotate refresh tokens omit them on refresh: keep the one we have.
    ...(res.refresh_token ?? previous?.refreshToken ? { refreshToken: res.refresh_token ?? previous?.refreshToken } : {}),
    tokenType: res.token_type,
    obtainedAt: isoNow(now),
    ...(typeof res.expires_in === 'number' ? { expiresAt: isoNow(now + res.expires_in * 1000) } : {}),
    ...(res.scope ?? previous?.scope ? { scope: res.scope ?? previous?.scope } : {}),
    extra,
  };
}

export async function exchangeCode(
  cfg: OAuthClientConfig,
  params: { callback: URLSearchParams; state: string; redirectUri: string; codeVerifier: string | undefined },
): Promise<OAuthTokens> {
  const as = server(cfg, params.callback.get('iss') ?? undefined);
  const client: oauth.Client = { client_id: cfg.clientId };
  const validated = oauth.validateAuthResponse(as, client, params.callback, params.state);
  const res = await tokenRequest(
    cfg,
    'authorization code',
    () => oauth.authorizationCodeGrantRequest(as, client, clientAuth(cfg), validated, params.redirectUri, params.codeVerifier ?? oauth.nopkce, requestOptions(cfg)),
    (response) => oauth.processAuthorizationCodeResponse(as, client, response),
  );
  return toTokens(cfg, res);
}

export async function refreshTokens(cfg: OAuthClientConfig, previous: OAuthTokens): Promise<OAuthTokens> {
  if (!previous.refreshToken) {
    throw new TokenEndpointError('revoked', 'The access token expired and the app gave no refresh token. Reconnect this connection.');
  }
  const refreshToken = previous.refreshToken;
  const as = server(cfg);
  const client: oauth.Client = { client_id: cfg.clientId };
  const res = await tokenRequest(
    cfg,
    'token refresh',
    () => oauth.refreshTokenGrantRequest(as, client, clientAuth(cfg), refreshToken, requestOptions(cfg)),
    (response) => oauth.processRefreshTokenResponse(as, client, response),
  );
  return toTokens(cfg, res, previous);
}

export async function fetchClientCredentials(cfg: OAuthClientConfig): Promise<OAuthTokens> {
  const as = server(cfg);
  const client: oauth.Client = { client_id: cfg.clientId };
  const parameters: Record<string, string> = { ...cfg.tokenParams };
  if (cfg.scopes.length > 0) parameters.scope = cfg.scopes.join(' ');
  const res = await tokenRequest(
    cfg,
    'client credentials',
    () => oauth.clientCredentialsGrantRequest(as, client, clientAuth(cfg), parameters, requestOptions(cfg)),
    (response) => oauth.processClientCredentialsResponse(as, client, response),
  );
  return toTokens(cfg, res);
}

/** Errors on the redirect itself (access_denied, a wrong state). */
export function authorizationError(err: unknown): { code: string; message: string } {
  if (err instanceof oauth.AuthorizationResponseError) {
    return err.error === 'access_denied'
      ? { code: 'access_denied', message: 'Authorisation was declined in the app. Connect again and approve access to finish connecting.' }
      : { code: 'authorization_failed', message: `The app did not authorise the connection (${err.error}). Connect again; if it keeps failing, check the connection's settings.` };
  }
  if (err instanceof TokenEndpointError) return { code: err.code, message: err.message };
  return { code: 'authorization_failed', message: "The app's answer could not be used to finish connecting. Connect again." };
}
