import { type EmuRequest, type EmuResponse, type Grant, type Handler, type OAuthAuthority, type RateLimiter, json } from '@patchbay/emulator-kit';
import { type ApiErrorItem, SalesforceApiError, notFound } from '../errors.ts';
import { DAILY_API_LIMIT, type Org } from '../org.ts';

/** What every REST route shares: the org, the token authority and the rate-limit switch. */
export interface ApiDeps {
  org: Org;
  oauth: OAuthAuthority;
  rateLimit: RateLimiter;
}

export interface ApiContext {
  req: EmuRequest;
  org: Org;
  /** `62.0`, from the `vXX.X` path segment. */
  version: string;
  grant: Grant;
}

export type ApiHandler = (context: ApiContext) => EmuResponse;

const OLDEST_VERSION = 40;
export const NEWEST_VERSION = 67;

/** `v62.0` → `62.0` for the versions this emulator serves (v40.0–v67.0), else undefined. */
export function parseVersion(segment: string | undefined): string | undefined {
  const match = /^v(\d+)\.0$/.exec(segment ?? '');
  const major = Number(match?.[1]);
  return match && major >= OLDEST_VERSION && major <= NEWEST_VERSION ? `${major}.0` : undefined;
}

export function versionLabel(major: number): string {
  // v40.0 was Summer '17; three releases a year: Summer, Winter (of the next year), Spring.
  const season = ['Summer', 'Winter', 'Spring'][(major - OLDEST_VERSION) % 3] ?? 'Summer';
  const year = 17 + Math.floor((major - OLDEST_VERSION + 2) / 3);
  return `${season} '${year}`;
}

export const SUPPORTED_MAJOR_VERSIONS: readonly number[] = Array.from({ length: NEWEST_VERSION - OLDEST_VERSION + 1 }, (_, i) => OLDEST_VERSION + i);

/** Salesforce accepts `Authorization: Bearer <token>` and the older `OAuth <token>`. */
export function sessionToken(req: EmuRequest): string | undefined {
  const header = req.headers.authorization;
  const match = typeof header === 'string' ? /^(?:Bearer|OAuth)\s+(.+)$/i.exec(header) : null;
  return match?.[1]?.trim();
}

export function errorResponse(status: number, items: ApiErrorItem[], headers: Record<string, string> = {}): EmuResponse {
  return json(status, items, headers);
}

/**
 * Wraps a REST handler: version check, session check (§8: 401 INVALID_SESSION_ID), the API-scope
 * check (a token without `api`/`full` gets the 401 that jsforce knows not to refresh), the
 * simulated request limit, usage counting and the `Sforce-Limit-Info` header on every answer.
 */
export function apiRoute(deps: ApiDeps, handler: ApiHandler): Handler {
  return (req) => {
    const version = parseVersion(req.params.version);
    if (!version) return errorResponse(404, notFound().items);
    const grant = deps.oauth.verify(sessionToken(req));
    if (!grant) return errorResponse(401, [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
    if (!grant.scopes.includes('api') && !grant.scopes.includes('full')) {
      return errorResponse(401, [{ message: 'This session is not valid for use with the REST API', errorCode: 'INVALID_SESSION_ID' }]);
    }
    const { org } = deps;
    if (deps.rateLimit.take() !== undefined) {
      // §18: Salesforce's answer to an exhausted daily allowance. It sends no Retry-After: the
      // allowance is a rolling 24-hour count, so the kit's retryAfter has nowhere to go.
      return errorResponse(403, [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }], {
        'Sforce-Limit-Info': `api-usage=${DAILY_API_LIMIT + 1}/${DAILY_API_LIMIT}`,
      });
    }
    org.apiUsage += 1;
    const limitHeader = { 'Sforce-Limit-Info': `api-usage=${org.apiUsage}/${DAILY_API_LIMIT}` };
    try {
      const response = handler({ req, org, version, grant });
      return { ...response, headers: { ...(response.headers ?? {}), ...limitHeader } };
    } catch (error) {
      if (error instanceof SalesforceApiError) return errorResponse(error.status, error.items, limitHeader);
      throw error;
    }
  };
}

/** 204 No Content, as updates and deletes answer (§15). */
export function noContent(): EmuResponse {
  return { status: 204 };
}
