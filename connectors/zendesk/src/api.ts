import { AppError, AuthFailedError, RetryableError, type ConnectorContext, type Fields, type HttpRequest, type HttpResponse } from '@patchbay/sdk';

type Context = ConnectorContext<Fields>;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** The objects of a JSON array (anything else is no objects). */
export function records(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

/** What Zendesk said went wrong: a code and a message in its own words. */
export interface ZendeskProblem {
  code: string;
  message: string;
  /** `details` of a RecordInvalid answer: attribute → `[{ description, error }]`. */
  details?: Record<string, unknown>;
}

/** The `description` of every attribute error of a RecordInvalid answer (§5, §12). */
function attributeErrors(details: Record<string, unknown>): string[] {
  return Object.values(details).flatMap((errors) => records(errors).map((error) => text(error.description)).filter(Boolean));
}

/**
 * Zendesk answers errors in several shapes (§12): `{ error, description, details }` (RecordInvalid,
 * RecordNotFound, search), `{ error: { title, message } }` (403, bad parameters), `{ errors: [...] }`
 * (newer endpoints), OAuth's `{ error, error_description }`, and plain text.
 */
export function problemOf(res: HttpResponse): ZendeskProblem {
  const body = res.body;
  const fallback = { code: `HTTP_${res.status}`, message: typeof body === 'string' && body.trim() !== '' ? body.trim().slice(0, 300) : `HTTP ${res.status}` };
  if (!isRecord(body)) return fallback;
  const error = body.error;
  if (isRecord(error)) return { code: text(error.title) || fallback.code, message: text(error.message) || text(error.title) || fallback.message };
  const first = records(body.errors)[0];
  if (first) return { code: text(first.code) || text(first.title) || fallback.code, message: text(first.detail) || text(first.title) || fallback.message };
  if (typeof error !== 'string') return fallback;
  const details = isRecord(body.details) ? body.details : undefined;
  // RecordInvalid's description is only "Record validation errors": the attribute errors say which.
  const described = details ? attributeErrors(details) : [];
  const message = described.length > 0 ? described.join('; ') : text(body.description) || text(body.error_description) || error;
  return { code: error, message, ...(details ? { details } : {}) };
}

/** Turns a Zendesk error answer into the step error a user can act on. `what` names the call. */
export function zendeskError(res: HttpResponse, what: string): Error {
  const problem = problemOf(res);
  // The token manager has already refreshed once on this 401: the credentials are really refused.
  if (res.status === 401) {
    return new AuthFailedError(`Zendesk refused the connection's credentials for ${what} (${problem.message}): reconnect the connection, or check its email and API token.`);
  }
  // The HTTP client already waited out Retry-After and retried; Zendesk still says "too many".
  if (res.status === 429) {
    const wait = res.headers['retry-after'];
    return new RetryableError(`Zendesk is rate-limiting this account${wait ? ` (it asked to wait ${wait} s)` : ''}; ${what} will be retried.`);
  }
  if (res.status >= 500) return new RetryableError(`Zendesk failed with ${res.status} (${problem.code}) for ${what}; it will be retried.`);
  const message = res.status === 404 ? `${problem.message} (${what})` : problem.message;
  return new AppError('Zendesk', res.status, problem.code, message, problem.details ? { details: problem.details } : {});
}

/** A call that must succeed: non-2xx answers become step errors. */
export async function call(ctx: Context, request: HttpRequest, what: string): Promise<HttpResponse> {
  const res = await ctx.http.request(request);
  if (res.status < 200 || res.status >= 300) throw zendeskError(res, what);
  return res;
}

/** The JSON object of an answer (`{}` when it is not one). */
export function bodyOf(res: HttpResponse): Record<string, unknown> {
  return isRecord(res.body) ? res.body : {};
}

const PAGE_SIZE = 100;

/**
 * Every item of a list endpoint (`organizations`, `organization_fields`, `ticket_fields`), read with
 * cursor pagination 100 at a time (§10) until `meta.has_more` is false or `max` items are in.
 * Cursor pagination because offset pagination stops at 100 pages (§10).
 */
export async function listAll(ctx: Context, path: string, key: string, what: string, max = 10_000): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let after: string | undefined;
  for (;;) {
    const res = await call(ctx, { path, query: { 'page[size]': PAGE_SIZE, 'page[after]': after } }, what);
    const body = bodyOf(res);
    items.push(...records(body[key]));
    if (items.length >= max) return items.slice(0, max);
    const meta = isRecord(body.meta) ? body.meta : {};
    after = meta.has_more === true && typeof meta.after_cursor === 'string' ? meta.after_cursor : undefined;
    if (after === undefined) return items;
  }
}

/** A Zendesk user as `users/me` gives it (§4); `id` is null for the anonymous user (§2). */
export interface ZendeskUser {
  id: number | null;
  name: string;
  email: string;
  role: string;
}

/** The user the credentials act as. Zendesk answers 200 with the anonymous user to bad credentials (§2). */
export async function currentUser(ctx: Context): Promise<ZendeskUser> {
  const res = await call(ctx, { path: 'users/me' }, 'the connected user (users/me)');
  const user = bodyOf(res).user;
  const found = isRecord(user) ? user : {};
  return { id: typeof found.id === 'number' ? found.id : null, name: text(found.name), email: text(found.email), role: text(found.role) };
}

/** Whether an answer is `users/me`'s anonymous user: how Zendesk reports a dead token there (§2). */
export function isAnonymousUser(body: unknown): boolean {
  return isRecord(body) && isRecord(body.user) && body.user.id === null;
}

/** Path segment of an id: encoded, so a value can never reach another resource. */
export const segment = (value: string | number) => encodeURIComponent(String(value));
