import { type EmuRequest, type EmuResponse, type OAuthAuthority, type RateLimiter, type Router, basicCredentials, bearerToken } from '@patchbay/emulator-kit';
import { Links } from './render/links.ts';
import { gatewayUnauthorized, rateLimited, siteBadCredentials, siteUnauthenticated, unknownCloudId } from './responses.ts';
import type { JiraStore } from './store/store.ts';

/** The classic scope a 3LO token needs for a route (Atlassian's per-operation scopes). */
export type ClassicScope = 'read:jira-work' | 'write:jira-work' | 'read:jira-user';

export interface ApiCall {
  req: EmuRequest;
  links: Links;
  store: JiraStore;
  /** The caller; the demo user for anonymous calls. */
  accountId: string;
}

export interface ApiRoute {
  method: 'GET' | 'POST' | 'PUT';
  /** Below `/rest/api/3`, e.g. `/issue/:issueIdOrKey`. */
  path: string;
  scope: ClassicScope;
  /** Answers without credentials on the site (`serverInfo` can be read anonymously). */
  anonymous?: boolean;
  handler: (call: ApiCall) => EmuResponse | Promise<EmuResponse>;
}

export interface ApiDeps {
  store: JiraStore;
  oauth: OAuthAuthority;
  rateLimit: RateLimiter;
  cloudId: string;
  basic: { email: string; apiToken: string };
  accountId: string;
}

/**
 * Mounts each route twice (§1): on the site at `/rest/api/3/…`, which takes Basic `email:apiToken`
 * only, and on the gateway at `/ex/jira/{cloudId}/rest/api/3/…`, which takes 3LO bearer tokens.
 */
export function mountApi(router: Router, deps: ApiDeps, routes: readonly ApiRoute[]): void {
  for (const route of routes) {
    router.add(route.method, `/rest/api/3${route.path}`, (req) => siteCall(deps, route, req));
    router.add(route.method, `/ex/jira/:cloudId/rest/api/3${route.path}`, (req) => gatewayCall(deps, route, req));
  }
}

function siteCall(deps: ApiDeps, route: ApiRoute, req: EmuRequest) {
  const basic = basicCredentials(req);
  if (!basic) {
    if (!route.anonymous || bearerToken(req) !== undefined) return siteUnauthenticated();
  } else if (basic.user.toLowerCase() !== deps.basic.email || basic.password !== deps.basic.apiToken) {
    return siteBadCredentials();
  }
  return limited(deps) ?? route.handler({ req, links: new Links(req.origin, req.origin), store: deps.store, accountId: deps.accountId });
}

function gatewayCall(deps: ApiDeps, route: ApiRoute, req: EmuRequest) {
  if (req.params.cloudId !== deps.cloudId) return unknownCloudId();
  const grant = deps.oauth.verify(bearerToken(req));
  if (!grant) return gatewayUnauthorized();
  if (!grant.scopes.includes(route.scope)) return gatewayUnauthorized(true);
  const links = new Links(`${req.origin}/ex/jira/${deps.cloudId}`, req.origin);
  return limited(deps) ?? route.handler({ req, links, store: deps.store, accountId: grant.userId });
}

/** Counted only for authenticated calls: Jira's limits are per user and app (§13). */
function limited(deps: ApiDeps): EmuResponse | undefined {
  const retryAfter = deps.rateLimit.take();
  return retryAfter === undefined ? undefined : rateLimited(retryAfter, deps.store.now());
}
