import { type EmuResponse, json } from '@patchbay/emulator-kit';
import { minuteTimestamp } from './time.ts';

/** Jira's answers that are not a resource: error collections (§12), 401s, 404s and the 429 of §13. */

export function jiraError(status: number, errorMessages: string[], errors: Record<string, string> = {}): EmuResponse {
  return json(status, { errorMessages, errors });
}

export const ISSUE_NOT_FOUND = 'Issue does not exist or you do not have permission to see it.';

export function issueNotFound(): EmuResponse {
  return jiraError(404, [ISSUE_NOT_FOUND]);
}

export function projectNotFound(idOrKey: string): EmuResponse {
  return jiraError(404, [`No project could be found with ${/^\d+$/.test(idOrKey) ? 'id' : 'key'} '${idOrKey}'.`]);
}

/**
 * The API gateway's 401 (`api.atlassian.com`). UNCERTAIN for a stale token: §3 only records the
 * scope variant (`Unauthorized; scope does not match`); the plain `Unauthorized` is what the
 * gateway's message looks like without the scope clause, and jira.js 6 tells the two apart by it.
 */
export function gatewayUnauthorized(scopeMismatch = false): EmuResponse {
  return json(401, { code: 401, message: scopeMismatch ? 'Unauthorized; scope does not match' : 'Unauthorized' });
}

/**
 * The gateway's answer for a cloud id it does not know. UNCERTAIN: no recording found; a 404 in the
 * gateway's own `{code, message}` shape.
 */
export function unknownCloudId(): EmuResponse {
  return json(404, { code: 404, message: 'Not Found' });
}

/**
 * The site without usable credentials (none, or a 3LO bearer token, which only the gateway takes,
 * §1). UNCERTAIN (§2): this Jersey-style body is what clients report from `/myself`.
 */
export function siteUnauthenticated(): EmuResponse {
  return json(401, { message: 'Client must be authenticated to access this resource.', 'status-code': 401 }, { 'www-authenticate': 'OAuth realm="https%3A%2F%2Fatlassian.net"' });
}

/**
 * Basic credentials Jira Cloud rejects (wrong e-mail or API token). UNCERTAIN (§2): clients report
 * this plain-text body for a wrong API token as for a password.
 */
export function siteBadCredentials(): EmuResponse {
  return {
    status: 401,
    headers: { 'content-type': 'text/plain;charset=UTF-8', 'x-seraph-loginreason': 'AUTHENTICATED_FAILED', 'www-authenticate': 'Basic realm="protected-area"' },
    body: 'Basic authentication with passwords is deprecated.  For more information, see: https://developer.atlassian.com/cloud/confluence/deprecation-notice-basic-auth/',
  };
}

/** The burst limit of §13, the limit a single client meets first. */
const BURST_LIMIT = '350';

/** 429 with Jira's headers (§13). UNCERTAIN: the body format is not documented. */
export function rateLimited(retryAfterSeconds: number, now: number): EmuResponse {
  return json(429, { errorMessages: ['Rate limit exceeded.'], errors: {} }, {
    'retry-after': String(retryAfterSeconds),
    'x-ratelimit-limit': BURST_LIMIT,
    'x-ratelimit-remaining': '0',
    'x-ratelimit-reset': minuteTimestamp(now + retryAfterSeconds * 1000),
    'x-ratelimit-nearlimit': 'true',
    'ratelimit-reason': 'jira-burst-based',
  });
}

/**
 * An unknown path. UNCERTAIN: Jira's REST layer (Jersey) answers unknown resources with this
 * `null for uri` message.
 */
export function unknownResource(uri: string): EmuResponse {
  return json(404, { message: `null for uri: ${uri}`, 'status-code': 404 });
}
