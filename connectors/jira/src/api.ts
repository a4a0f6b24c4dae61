import { AppError, AuthFailedError, RetryableError, type HttpRequest, type HttpResponse } from '@patchbay/sdk';
import type { JiraContext } from './fields.ts';

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A member of a JSON object when it is a string, else `undefined`. */
export function textOf(value: unknown, key: string): string | undefined {
  const member = isRecord(value) ? value[key] : undefined;
  return typeof member === 'string' ? member : undefined;
}

/** A member of a JSON object as a list of objects (anything else in it is dropped). */
export function recordsOf(value: unknown, key: string): Record<string, unknown>[] {
  const member = isRecord(value) ? value[key] : undefined;
  return Array.isArray(member) ? member.filter(isRecord) : [];
}

/** Path segment of a key or id: encoded, so a value can never reach another resource. */
export const segment = (value: string) => encodeURIComponent(value);

const STATUS_CODES: Record<number, string> = { 400: 'BAD_REQUEST', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 405: 'METHOD_NOT_ALLOWED', 409: 'CONFLICT', 410: 'GONE', 413: 'PAYLOAD_TOO_LARGE', 422: 'UNPROCESSABLE' };

/**
 * What Jira said, in its own words. The REST API answers `{ errorMessages, errors }` (§12): the
 * messages, then each field's message as `field: message`. The gateway answers `{ code, message }`;
 * a refused Basic login answers plain text.
 */
export function appMessage(body: unknown): string | undefined {
  if (typeof body === 'string') return body.trim() === '' ? undefined : body.trim().slice(0, 300);
  if (!isRecord(body)) return undefined;
  const messages = Array.isArray(body.errorMessages) ? body.errorMessages.filter((m): m is string => typeof m === 'string') : [];
  const errors = isRecord(body.errors) ? Object.entries(body.errors).filter((e): e is [string, string] => typeof e[1] === 'string').map(([field, message]) => `${field}: ${message}`) : [];
  const parts = [...messages, ...errors].map((part) => part.trim().replace(/\.$/, '')).filter(Boolean);
  if (parts.length > 0) return `${parts.join('; ')}.`;
  return textOf(body, 'message');
}

/** The 3LO token lacks a scope the call needs (§3): a refresh cannot help. */
export function isScopeMismatch(body: unknown): boolean {
  return /scope does not match/i.test(textOf(body, 'message') ?? '');
}

/**
 * Turns a Jira error answer into the step error a user can act on. `what` names the call in
 * messages of our own (the app's own message stays as Jira wrote it).
 */
export function jiraError(ctx: JiraContext, res: HttpResponse, what: string): Error {
  const said = appMessage(res.body) ?? `HTTP ${res.status}`;
  if (res.status === 401) {
    if (isScopeMismatch(res.body)) {
      return new AuthFailedError(`Jira refused ${what}: the connection was not granted the scope it needs (${said}). Reconnect it and approve every permission asked.`);
    }
    // With OAuth the token manager has already refreshed once on this 401: the grant is refused.
    return new AuthFailedError(
      ctx.connection.auth === 'apiToken'
        ? `Jira refused the email and API token for ${what} (${said}). Check both, or create a new API token, and update the connection.`
        : `Jira refused the connection's authorisation for ${what} (${said}). Reconnect the connection.`,
    );
  }
  if (res.status === 429) {
    // The HTTP client has already waited out Retry-After as often as it will (§13).
    const retryAfter = res.headers['retry-after'];
    const reason = res.headers['ratelimit-reason'];
    return new RetryableError(`Jira's rate limit is still exceeded for ${what}${retryAfter ? ` (Retry-After: ${retryAfter} s${reason ? `, ${reason}` : ''})` : ''}; it will be retried later.`);
  }
  if (res.status >= 500) return new RetryableError(`Jira failed with ${res.status} for ${what} (${said}); it will be retried.`);
  const errors = isRecord(res.body) && isRecord(res.body.errors) ? { errors: res.body.errors } : {};
  return new AppError('Jira', res.status, STATUS_CODES[res.status] ?? `HTTP_${res.status}`, said, { during: what, ...errors });
}

/** A call that must succeed: non-2xx answers become step errors. `what` names it in messages. */
export async function call(ctx: JiraContext, request: HttpRequest, what: string): Promise<HttpResponse> {
  const res = await ctx.http.request(request);
  if (res.status >= 300) throw jiraError(ctx, res, what);
  return res;
}
