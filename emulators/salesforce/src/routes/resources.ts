import { type Router, json } from '@patchbay/emulator-kit';
import { DAILY_API_LIMIT } from '../org.ts';
import { type ApiDeps, SUPPORTED_MAJOR_VERSIONS, apiRoute, versionLabel } from './api-context.ts';

/**
 * The discovery resources: `GET /services/data/` (no session needed, §9), the resource map of a
 * version (§10; jsforce reads `identity` from it), and `limits`.
 */
export function addResourceRoutes(router: Router, deps: ApiDeps): void {
  router.add('GET', '/services/data', () =>
    json(
      200,
      SUPPORTED_MAJOR_VERSIONS.map((major) => ({ label: versionLabel(major), url: `/services/data/v${major}.0`, version: `${major}.0` })),
    ),
  );

  router.add(
    'GET',
    '/services/data/:version',
    apiRoute(deps, ({ req, org, version }) => {
      const base = `/services/data/v${version}`;
      const resource = (name: string) => `${base}/${name}`;
      return json(200, {
        tooling: resource('tooling'),
        metadata: resource('metadata'),
        composite: resource('composite'),
        chatter: resource('chatter'),
        tabs: resource('tabs'),
        appMenu: resource('appMenu'),
        quickActions: resource('quickActions'),
        queryAll: resource('queryAll'),
        search: resource('search'),
        identity: `${req.origin}/id/${org.orgId}/${org.userId}`,
        sobjects: resource('sobjects'),
        recent: resource('recent'),
        limits: resource('limits'),
        query: resource('query'),
        parameterizedSearch: resource('parameterizedSearch'),
      });
    }),
  );

  router.add(
    'GET',
    '/services/data/:version/limits',
    apiRoute(deps, ({ org }) =>
      json(200, {
        DailyApiRequests: { Max: DAILY_API_LIMIT, Remaining: Math.max(0, DAILY_API_LIMIT - org.apiUsage) },
        DataStorageMB: { Max: 5, Remaining: 5 },
        FileStorageMB: { Max: 20, Remaining: 20 },
      }),
    ),
  );
}
