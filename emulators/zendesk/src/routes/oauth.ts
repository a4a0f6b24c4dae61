import { type EmuRequest, type EmuResponse, field, html, type Router, type TokenOutcome } from '@patchbay/emulator-kit';
import { positiveInt } from '../body.ts';
import { ACCESS_TTL_LIMITS, clampSeconds, REFRESH_TTL } from '../auth/token-lifetimes.ts';
import type { ZendeskContext } from '../context.ts';
import { apiRoute } from '../http/api-route.ts';
import { JSON_CONTENT_TYPE, recordNotFound } from '../http/responses.ts';

/**
 * Zendesk's OAuth endpoints (§3): the authorize page at `/oauth/authorizations/new` (GET shows it,
 * POST takes the login and consent forms), `POST /oauth/tokens` (JSON or form body; client
 * credentials in the body or HTTP Basic) and `DELETE /api/v2/oauth/tokens/current`.
 */
export function addOAuthRoutes(router: Router, ctx: ZendeskContext): void {
  router.add('GET', '/oauth/authorizations/new', (req) => {
    const unknown = (req.query.get('scope') ?? '').split(/[\s+]+/).filter((scope) => scope !== '' && !KNOWN_SCOPE.test(scope));
    if (unknown.length > 0) return html(400, `<!doctype html><title>Invalid scope</title><p>error=invalid_scope: unknown scope ${escape(unknown.join(' '))}</p>`);
    return ctx.oauth.authorize(req);
  });
  router.add('POST', '/oauth/authorizations/new', (req) => ctx.oauth.submit(req));

  router.add('POST', '/oauth/tokens', (req) => {
    const grantType = field(req.body, 'grant_type');
    if (grantType === 'authorization_code') return tokenAnswer(ctx, req, ctx.oauth.exchangeCode(req));
    if (grantType === 'refresh_token') {
      // The kit never expires refresh tokens; Zendesk's live 30 days unless asked otherwise (§3).
      const presented = field(req.body, 'refresh_token') ?? '';
      const outcome: TokenOutcome = ctx.lifetimes.refreshAlive(presented) ? ctx.oauth.refresh(req) : { ok: false, error: 'invalid_grant', description: 'expired refresh token' };
      // The kit retires the old refresh token; Zendesk deletes the old access token with it (§3).
      const previousAccess = outcome.ok ? ctx.lifetimes.accessTokenOf(presented) : undefined;
      if (previousAccess) ctx.oauth.revoke(previousAccess);
      return tokenAnswer(ctx, req, outcome);
    }
    if (grantType === undefined) return oauthError('invalid_request');
    return oauthError('unsupported_grant_type');
  });

  router.add('DELETE', '/api/v2/oauth/tokens/current', apiRoute(ctx, 'any-scope', (_req, caller) => {
    if (caller.accessToken === undefined) return recordNotFound(); // "current" names an OAuth token
    const refreshToken = ctx.lifetimes.refreshTokenOf(caller.accessToken);
    if (refreshToken) ctx.oauth.revoke(refreshToken); // the pair ends together
    ctx.oauth.revoke(caller.accessToken);
    return { status: 204 };
  }));
}

/** `read`, `write`, `impersonate` and resource scopes such as `organizations:write` (§3). */
const KNOWN_SCOPE = /^(read|write|impersonate|[a-z_]+:(read|write))$/;

/**
 * The success body (§3): `token_type` is lower-case `bearer`; `expires_in` appears only when the
 * request sent `expires_in` (Nango PR #6763 observed this); the refresh token's lifetime always.
 * Refresh rotates: a new pair each time, the old refresh token stops working.
 */
function tokenAnswer(ctx: ZendeskContext, req: EmuRequest, outcome: TokenOutcome): EmuResponse {
  if (!outcome.ok) return oauthError(outcome.error === 'invalid_client' || outcome.error === 'invalid_client_id' ? 'invalid_client' : 'invalid_grant');
  const requestedAccess = positiveInt(field(req.body, 'expires_in'));
  const accessTtl = clampSeconds(requestedAccess, ctx.settings.accessTokenTtlSeconds, ACCESS_TTL_LIMITS);
  const refreshTtl = clampSeconds(positiveInt(field(req.body, 'refresh_token_expires_in')), REFRESH_TTL.default, REFRESH_TTL);
  ctx.lifetimes.recordAccess(outcome.accessToken, accessTtl, outcome.refreshToken);
  if (outcome.refreshToken) ctx.lifetimes.recordRefresh(outcome.refreshToken, refreshTtl);
  const body: Record<string, unknown> = {
    access_token: outcome.accessToken,
    token_type: 'bearer',
    scope: outcome.scopes.join(' '),
    refresh_token: outcome.refreshToken ?? null,
    refresh_token_expires_in: refreshTtl,
  };
  if (requestedAccess !== undefined) body.expires_in = accessTtl;
  return { status: 200, body, headers: { 'content-type': JSON_CONTENT_TYPE, 'cache-control': 'no-store', pragma: 'no-cache' } };
}

/**
 * UNCERTAIN (§3: no recorded token error). Zendesk's answer to a dead Bearer token carries
 * rack-oauth2's default description (see `invalidToken`), so its token endpoint is taken to answer
 * with rack-oauth2's defaults too: the RFC 6749 codes, 401 for a bad client, 400 otherwise.
 */
const OAUTH_ERRORS = {
  invalid_request: [400, 'The request is missing a required parameter, includes an unsupported parameter or parameter value, repeats a parameter, includes multiple credentials, utilizes more than one mechanism for authenticating the client, or is otherwise malformed.'],
  invalid_client: [401, 'The client identifier provided is invalid, the client failed to authenticate, the client did not include its credentials, provided multiple client credentials, or used unsupported credentials type.'],
  invalid_grant: [400, 'The provided access grant is invalid, expired, or revoked (e.g. invalid assertion, expired authorization token, bad end-user password credentials, or mismatching authorization code and redirection URI).'],
  unsupported_grant_type: [400, 'The access grant included - its type or another attribute - is not supported by the authorization server.'],
} as const;

function oauthError(code: keyof typeof OAUTH_ERRORS): EmuResponse {
  const [status, description] = OAUTH_ERRORS[code];
  return { status, body: { error: code, error_description: description }, headers: { 'content-type': JSON_CONTENT_TYPE, 'cache-control': 'no-store' } };
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
