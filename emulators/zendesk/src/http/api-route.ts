import type { EmuRequest, EmuResponse, Handler } from '@patchbay/emulator-kit';
import { type Access, authenticate, type Caller, scopeAllows } from '../auth/authenticate.ts';
import type { ZendeskContext } from '../context.ts';
import { forbidden, tooManyRequests } from './responses.ts';

/**
 * The steps every `/api/v2` request goes through, in Zendesk's order: the rate limit (a 429 comes
 * before any credential check), credentials, OAuth scope, then the route. Every answer, errors
 * included, carries the rate-limit headers (§13). `any-scope` is for calls about the token itself.
 */
export function apiRoute(ctx: ZendeskContext, access: Access | 'any-scope', handle: (req: EmuRequest, caller: Caller) => EmuResponse): Handler {
  return (req) =>
    guarded(ctx, req, (caller) => {
      if (!caller.ok) return caller.response;
      if (access !== 'any-scope' && !scopeAllows(caller.caller.scopes, access)) return forbidden();
      return handle(req, caller.caller);
    });
}

/**
 * For `GET /users/me`, which answers 200 with the anonymous user instead of 401 when credentials
 * are missing or wrong (§2, §4): the handler gets undefined rather than a refusal.
 */
export function lenientApiRoute(ctx: ZendeskContext, handle: (req: EmuRequest, caller: Caller | undefined) => EmuResponse): Handler {
  return (req) => guarded(ctx, req, (caller) => handle(req, caller.ok ? caller.caller : undefined));
}

function guarded(ctx: ZendeskContext, req: EmuRequest, next: (caller: ReturnType<typeof authenticate>) => EmuResponse): EmuResponse {
  const budgetHeaders = ctx.budget.spend();
  const retryAfter = ctx.rateLimit.take();
  const answer = retryAfter !== undefined ? tooManyRequests(retryAfter) : next(authenticate(req, ctx));
  const rateHeaders = retryAfter !== undefined ? { ...budgetHeaders, 'x-rate-limit-remaining': '0', 'rate-limit-remaining': '0', 'ratelimit-remaining': '0' } : budgetHeaders;
  return { ...answer, headers: { ...rateHeaders, ...answer.headers } };
}
