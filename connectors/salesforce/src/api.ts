import { AppError, AuthFailedError, RetryableError, type ConnectorContext, type Fields, type HttpRequest, type HttpResponse } from '@patchbay/sdk';

/** The REST API version every call uses (Winter '25; fact sheet §8). */
export const API_VERSION = '62.0';

type Context = ConnectorContext<Fields>;

/** Salesforce's error body: an array of `{ message, errorCode, fields? }` (§8). */
function firstError(body: unknown): { message: string; errorCode: string; fields?: unknown } | undefined {
  const first: unknown = Array.isArray(body) ? body[0] : body;
  if (typeof first !== 'object' || first === null) return undefined;
  const message = Reflect.get(first, 'message');
  const errorCode = Reflect.get(first, 'errorCode');
  if (typeof message !== 'string' || typeof errorCode !== 'string') return undefined;
  return { message, errorCode, fields: Reflect.get(first, 'fields') };
}

/**
 * Whether an answer means the session expired, so the token manager refreshes once and replays.
 * Salesforce sends no `expires_in` (§3): the REST API answers 401 INVALID_SESSION_ID (§8), and the
 * identity URL answers 403 with the plain-text code `Bad_OAuth_Token` (§7), which the default
 * "401 only" would never refresh on.
 */
export function sessionExpired(res: HttpResponse): boolean {
  return res.status === 401 || (res.status === 403 && typeof res.body === 'string' && res.body.trim() === 'Bad_OAuth_Token');
}

/** Turns a Salesforce error answer into the step error a user can act on. */
export function salesforceError(res: HttpResponse, what: string): Error {
  const error = firstError(res.body) ?? { message: typeof res.body === 'string' ? res.body.slice(0, 300) : `HTTP ${res.status}`, errorCode: `HTTP_${res.status}` };
  // The token manager has already refreshed once on this answer: the session is really refused.
  if (sessionExpired(res)) return new AuthFailedError(`Salesforce refused the session for ${what} (${error.errorCode}: ${error.message}): reconnect the connection.`);
  // The org's daily API request limit (§18): retrying later is all anyone can do.
  if (error.errorCode === 'REQUEST_LIMIT_EXCEEDED') {
    const usage = res.headers['sforce-limit-info'];
    return new RetryableError(`Salesforce's API request limit for this org is used up${usage ? ` (${usage})` : ''}; ${what} will be retried later.`);
  }
  // 429 and 5xx reach here only after the HTTP client's own retries gave up.
  if (res.status === 429 || res.status >= 500) return new RetryableError(`Salesforce answered ${res.status} (${error.errorCode}) for ${what}; it will be retried.`);
  // SOQL errors start with a line break before the caret block (§17): trimmed for one-line logs.
  return new AppError('Salesforce', res.status, error.errorCode, error.message.trim(), Array.isArray(error.fields) ? { fields: error.fields } : {});
}

/** A REST call that must succeed: non-2xx answers become step errors. `what` names it in messages. */
export async function call(ctx: Context, request: HttpRequest, what: string): Promise<HttpResponse> {
  const res = await ctx.http.request(request);
  if (res.status >= 300) throw salesforceError(res, what);
  return res;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A record without Salesforce's `attributes` envelope (nested parents included). */
export function plainRecord(value: unknown): Record<string, unknown> {
  if (!isRecord(value)) return {};
  const { attributes: _attributes, ...rest } = value;
  return Object.fromEntries(Object.entries(rest).map(([key, inner]) => [key, isRecord(inner) && 'attributes' in inner ? plainRecord(inner) : inner]));
}

/** The integration user from the identity URL the token response named (§7). */
export async function identityOf(ctx: Context): Promise<{ username: string; userId: string; orgId: string }> {
  const url = ctx.tokenFields.id;
  if (!url) throw new AuthFailedError('The Salesforce token response named no identity URL: reconnect the connection.');
  const res = await call(ctx, { path: url, query: { format: 'json' } }, 'the identity of the connected user');
  const body = isRecord(res.body) ? res.body : {};
  const text = (key: string) => (typeof body[key] === 'string' ? body[key] : '');
  return { username: text('username') || text('display_name'), userId: text('user_id'), orgId: text('organization_id') };
}

/** Path segment of an API name or id: encoded, so a value can never reach another resource. */
export const segment = (value: string) => encodeURIComponent(value);
