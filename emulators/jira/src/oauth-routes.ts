import { type EmuRequest, type EmuResponse, type OAuthAuthority, type Router, type TokenOutcome, bearerToken, field, html, json } from '@patchbay/emulator-kit';
import { AUDIENCE, KNOWN_SCOPES } from './config.ts';
import { gatewayUnauthorized } from './responses.ts';

/**
 * Atlassian's 3LO endpoints (§3): `auth.atlassian.com/authorize` and `/oauth/token`, and the
 * gateway's `oauth/token/accessible-resources`. There is no revoke endpoint for 3LO tokens at
 * Atlassian (a user revokes an app from their profile), so none is emulated.
 */
export interface SiteIdentity {
  cloudId: string;
  siteName: string;
}

export function addOAuthRoutes(router: Router, oauth: OAuthAuthority, site: SiteIdentity): void {
  router.add('GET', '/authorize', (req) => checkAtlassianParams(req) ?? oauth.authorize(req));
  router.add('POST', '/authorize', (req) => oauth.submit(req));
  router.add('POST', '/oauth/token', (req) => tokenEndpoint(oauth, req));
  router.add('GET', '/oauth/token/accessible-resources', (req) => {
    const grant = oauth.verify(bearerToken(req));
    if (!grant) return gatewayUnauthorized();
    return json(200, [
      {
        id: site.cloudId,
        url: req.origin,
        name: site.siteName,
        // The product scopes the app holds on the site; `offline_access` is not one of them.
        scopes: grant.scopes.filter((s) => s !== 'offline_access'),
        avatarUrl: `${req.origin}/avatars/site.png`,
      },
    ]);
  });
}

/**
 * What Atlassian requires beyond the kit's checks (§3): the `api.atlassian.com` audience, a scope
 * and a state. UNCERTAIN: Atlassian shows its own error page for these; the emulator answers a plain
 * 400 page rather than redirecting, since the request may not come from the registered app.
 */
function checkAtlassianParams(req: EmuRequest): EmuResponse | undefined {
  const problem = (text: string) => html(400, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Something went wrong</title></head><body><main><h1>Something went wrong</h1><p>${text}</p></main></body></html>`);
  if (req.query.get('audience') !== AUDIENCE) return problem(`The authorization request must name the audience ${AUDIENCE}.`);
  const scopes = (req.query.get('scope') ?? '').split(/\s+/).filter(Boolean);
  if (scopes.length === 0) return problem('The authorization request must name at least one scope.');
  const unknown = scopes.find((s) => !KNOWN_SCOPES.has(s));
  if (unknown) return problem(`The scope ${unknown} is not a Jira scope.`);
  if (!req.query.get('state')) return problem('The authorization request must carry a state.');
  return undefined;
}

function tokenEndpoint(oauth: OAuthAuthority, req: EmuRequest): EmuResponse {
  const grantType = field(req.body, 'grant_type');
  if (grantType === 'authorization_code') return tokenAnswer(oauth.exchangeCode(req), 'code');
  if (grantType === 'refresh_token') return tokenAnswer(oauth.refresh(req), 'refresh');
  if (!grantType) return tokenError(400, 'invalid_request', 'Missing required parameter: grant_type');
  return tokenError(400, 'unsupported_grant_type', `Unsupported grant type: ${grantType}`);
}

const NO_STORE = { 'cache-control': 'no-store' };

function tokenError(status: number, error: string, description: string): EmuResponse {
  return json(status, { error, error_description: description }, NO_STORE);
}

/**
 * Atlassian's token answers. The refresh failure is documented: 403 `invalid_grant` "Unknown or
 * invalid refresh token." (§3). UNCERTAIN, by analogy with it (auth.atlassian.com answers every
 * `invalid_grant` with 403): a bad code or PKCE verifier; and a wrong client is 401
 * `access_denied` "Unauthorized", the "TokenError: Unauthorized" clients report.
 */
function tokenAnswer(outcome: TokenOutcome, grant: 'code' | 'refresh'): EmuResponse {
  if (!outcome.ok) {
    if (outcome.error === 'invalid_client_id' || outcome.error === 'invalid_client') return tokenError(401, 'access_denied', 'Unauthorized');
    if (grant === 'refresh') return tokenError(403, 'invalid_grant', 'Unknown or invalid refresh token.');
    if (outcome.error === 'redirect_uri_mismatch') return tokenError(403, 'invalid_grant', 'Invalid redirect URI.');
    if (outcome.description === 'invalid code verifier') return tokenError(403, 'invalid_grant', 'Failed to verify code verifier');
    return tokenError(403, 'invalid_grant', 'Invalid authorization code');
  }
  return json(
    200,
    {
      access_token: outcome.accessToken,
      expires_in: outcome.expiresIn,
      token_type: 'Bearer',
      ...(outcome.refreshToken ? { refresh_token: outcome.refreshToken } : {}),
      scope: outcome.scopes.join(' '),
    },
    NO_STORE,
  );
}
