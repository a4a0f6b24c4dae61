import type { Router } from '@patchbay/emulator-kit';
import type { ZendeskContext } from '../context.ts';
import { anonymousUserJson, userJson } from '../data/serialize.ts';
import { apiRoute, lenientApiRoute } from '../http/api-route.ts';
import { recordNotFound, zendeskJson } from '../http/responses.ts';

/** `GET /users/me` (§4, with the anonymous answer of §2) and `GET /users/{id}`. */
export function addUserRoutes(router: Router, ctx: ZendeskContext): void {
  // Any valid token may ask who it is (a connection test must work whatever scopes were granted).
  router.add('GET', '/api/v2/users/me', lenientApiRoute(ctx, (req, caller) =>
    zendeskJson(200, { user: caller ? userJson(caller.user, req.origin) : anonymousUserJson() })));

  router.add('GET', '/api/v2/users/:id', apiRoute(ctx, { resource: 'users', write: false }, (req) => {
    const user = ctx.store.users.get(Number(req.params.id));
    return user ? zendeskJson(200, { user: userJson(user, req.origin) }) : recordNotFound();
  }));
}
