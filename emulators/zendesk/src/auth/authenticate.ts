import { basicCredentials, bearerToken, type EmuRequest, type EmuResponse } from '@patchbay/emulator-kit';
import type { ZendeskContext } from '../context.ts';
import type { UserRecord } from '../data/types.ts';
import { couldNotAuthenticate, invalidToken } from '../http/responses.ts';

/** Who is calling: the user, and for OAuth the scopes the token carries. */
export interface Caller {
  user: UserRecord;
  /** Undefined for API-token and password callers, which act with the user's full rights. */
  scopes: string[] | undefined;
  accessToken: string | undefined;
}

export type AuthOutcome = { ok: true; caller: Caller } | { ok: false; response: EmuResponse };

/**
 * The three ways in (§2): `Bearer {oauth token}`, `Basic {email}/token:{api_token}` and the legacy
 * `Basic {email}:{password}`. API tokens belong to the account, so any agent or admin email works
 * with it, as in Zendesk.
 */
export function authenticate(req: EmuRequest, ctx: ZendeskContext): AuthOutcome {
  const bearer = bearerToken(req);
  if (bearer !== undefined) {
    const grant = ctx.lifetimes.accessAlive(bearer) ? ctx.oauth.verify(bearer) : undefined;
    const user = grant && ctx.store.users.get(Number(grant.userId));
    return user ? { ok: true, caller: { user, scopes: grant.scopes, accessToken: bearer } } : { ok: false, response: invalidToken() };
  }
  const basic = basicCredentials(req);
  if (!basic) return { ok: false, response: couldNotAuthenticate() };
  const viaToken = basic.user.endsWith('/token');
  const email = viaToken ? basic.user.slice(0, -'/token'.length) : basic.user;
  const user = ctx.store.userByEmail(email);
  const secretMatches = viaToken ? basic.password === ctx.settings.apiToken : basic.password === ctx.oauth.user.password && email === ctx.oauth.user.email;
  if (!user || user.role === 'end-user' || !secretMatches) return { ok: false, response: couldNotAuthenticate() };
  return { ok: true, caller: { user, scopes: undefined, accessToken: undefined } };
}

/** What a route needs from an OAuth token (§3 scopes). */
export interface Access {
  /** `organizations`, `tickets`, `users` …: a `{resource}:read|write` scope is enough. */
  resource: string | undefined;
  write: boolean;
}

/**
 * `read` opens every GET and `write` every POST/PUT/DELETE; resource scopes open one resource.
 * Write does not imply read, as Zendesk documents the two separately.
 */
export function scopeAllows(scopes: readonly string[] | undefined, access: Access): boolean {
  if (scopes === undefined) return true;
  const verb = access.write ? 'write' : 'read';
  return scopes.includes(verb) || (access.resource !== undefined && scopes.includes(`${access.resource}:${verb}`));
}
