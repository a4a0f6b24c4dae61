import { type Router, json } from '@patchbay/emulator-kit';
import { notFound } from '../errors.ts';
import type { Org } from '../org.ts';
import { fullDescribe, globalDescribe } from '../schema/describe.ts';
import type { SObjectType } from '../schema/sobject-type.ts';
import { type ApiDeps, apiRoute } from './api-context.ts';

/** The object named in a path, case-insensitively, or Salesforce's 404 (§12, UNCERTAIN there). */
export function sobjectFrom(org: Org, name: string | undefined): SObjectType {
  const type = org.schema.get(name ?? '');
  if (!type) throw notFound();
  return type;
}

/** describeGlobal (§11), the sObject basic information resource, and describe (§12). */
export function addDescribeRoutes(router: Router, deps: ApiDeps): void {
  router.add(
    'GET',
    '/services/data/:version/sobjects',
    apiRoute(deps, ({ org, version }) =>
      json(200, { encoding: 'UTF-8', maxBatchSize: 200, sobjects: org.schema.all().map((type) => globalDescribe(type, version)) }),
    ),
  );

  // Registered before `/sobjects/:object/:id` so that `describe` is never taken for a record id.
  router.add(
    'GET',
    '/services/data/:version/sobjects/:object/describe',
    apiRoute(deps, ({ req, org, version }) => json(200, fullDescribe(org.schema, sobjectFrom(org, req.params.object), version))),
  );

  router.add(
    'GET',
    '/services/data/:version/sobjects/:object',
    apiRoute(deps, ({ req, org, version }) =>
      json(200, { objectDescribe: globalDescribe(sobjectFrom(org, req.params.object), version), recentItems: [] }),
    ),
  );
}
