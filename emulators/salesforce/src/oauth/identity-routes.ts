import { type EmuRequest, type EmuResponse, type OAuthAuthority, type Router, json } from '@patchbay/emulator-kit';
import { normalizeId } from '../ids.ts';
import type { Org } from '../org.ts';
import { NEWEST_VERSION, sessionToken } from '../routes/api-context.ts';
import { identityBody, userInfoBody } from './identity-body.ts';

/**
 * The identity service (§7). It answers failures in plain text with Salesforce's documented codes
 * (`403 Bad_OAuth_Token`, `403 Missing_OAuth_Token`, `403 Wrong_Org`, `404 Bad_Id`), not with the
 * REST API's JSON array: a client sees no 401 here, so jsforce does not refresh on these.
 */
export function addIdentityRoutes(router: Router, org: Org, oauth: OAuthAuthority): void {
  const identity = (req: EmuRequest): EmuResponse => {
    const problem = checkToken(req, oauth);
    if (problem) return problem;
    if (normalizeId(req.params.orgId ?? '') !== org.orgId) return text(403, 'Wrong_Org');
    if (normalizeId(req.params.userId ?? '') !== org.userId) return text(404, 'Bad_Id');
    // §7: `?version=` fills the `{version}` placeholders; `latest` is the newest version served.
    const version = req.query.get('version') ?? undefined;
    return json(200, identityBody(req.origin, org, version === 'latest' ? `${NEWEST_VERSION}.0` : version));
  };
  router.add('GET', '/id/:orgId/:userId', identity);
  router.add('POST', '/id/:orgId/:userId', identity);

  // UNCERTAIN: userinfo's failure answers are assumed to match the identity URL's.
  const userInfo = (req: EmuRequest): EmuResponse => checkToken(req, oauth) ?? json(200, userInfoBody(req.origin, org));
  router.add('GET', '/services/oauth2/userinfo', userInfo);
  router.add('POST', '/services/oauth2/userinfo', userInfo);
}

/** A Bearer/OAuth header or `?oauth_token=` (jsforce sends both, §22). */
function checkToken(req: EmuRequest, oauth: OAuthAuthority): EmuResponse | undefined {
  const token = sessionToken(req) ?? req.query.get('oauth_token') ?? undefined;
  if (!token) return text(403, 'Missing_OAuth_Token');
  return oauth.verify(token) ? undefined : text(403, 'Bad_OAuth_Token');
}

function text(status: number, body: string): EmuResponse {
  return { status, headers: { 'content-type': 'text/plain;charset=UTF-8' }, body };
}
