import { type EmuRequest, type EmuResponse, type OAuthAuthority, type Router, field, json } from '@patchbay/emulator-kit';
import type { Org } from '../org.ts';
import { tokenResponseBody } from './token-response.ts';

/**
 * The OAuth 2.0 web-server flow at Salesforce's paths (fact sheet §2–§6). The kit's authority
 * decides (login, consent, codes, PKCE, refresh, revocation); this file words the answers.
 */
export function addOAuthRoutes(router: Router, org: Org, oauth: OAuthAuthority): void {
  router.add('GET', '/services/oauth2/authorize', (req) => oauth.authorize(req));
  router.add('POST', '/services/oauth2/authorize', (req) => oauth.submit(req));
  router.add('POST', '/services/oauth2/token', (req) => token(req, org, oauth));
  router.add('POST', '/services/oauth2/revoke', (req) => revoke(req, oauth));
  router.add('GET', '/services/oauth2/revoke', (req) => revoke(req, oauth));
}

/**
 * Every token-endpoint error is a 400 with `{error, error_description}` (§5). The status is
 * certain for `invalid_grant`; for the client errors it is UNCERTAIN (400 or 401): 400 chosen.
 */
function token(req: EmuRequest, org: Org, oauth: OAuthAuthority): EmuResponse {
  const grantType = field(req.body, 'grant_type');
  const outcome =
    grantType === 'authorization_code' ? oauth.exchangeCode(req)
    : grantType === 'refresh_token' ? oauth.refresh(req)
    : { ok: false as const, error: 'unsupported_grant_type', description: 'grant type not supported' };
  if (!outcome.ok) return json(400, { error: outcome.error, error_description: outcome.description });
  // Refresh answers carry no refresh_token: rotation is off, as by default in Salesforce (§4).
  return json(200, tokenResponseBody({
    org,
    origin: req.origin,
    clientSecret: oauth.client.clientSecret,
    accessToken: outcome.accessToken,
    refreshToken: outcome.refreshToken,
    scopes: outcome.scopes,
  }));
}

/**
 * §6: 200 with an empty body. A token the org never issued (or already forgot) gets 400 with a
 * form-encoded body, the shape recorded from Salesforce (and the one jsforce parses).
 */
function revoke(req: EmuRequest, oauth: OAuthAuthority): EmuResponse {
  const tokenValue = field(req.body, 'token') ?? req.query.get('token') ?? '';
  if (tokenValue !== '' && oauth.revoke(tokenValue)) return { status: 200 };
  const body = `error=unsupported_token_type&error_description=${encodeURIComponent('this token type is not supported')}`;
  return { status: 400, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body };
}
