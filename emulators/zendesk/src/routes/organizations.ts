import type { EmuRequest, EmuResponse, Router } from '@patchbay/emulator-kit';
import { idAt, objectAt, stringAt } from '../body.ts';
import type { ZendeskContext } from '../context.ts';
import { createOrganization, findOrganizations, updateOrganization } from '../data/organizations.ts';
import { organizationJson } from '../data/serialize.ts';
import type { OrganizationRecord } from '../data/types.ts';
import { apiRoute } from '../http/api-route.ts';
import { listPage } from '../http/pagination.ts';
import { invalidAttribute, recordInvalid, recordNotFound, zendeskJson } from '../http/responses.ts';

const READ = { resource: 'organizations', write: false };
const WRITE = { resource: 'organizations', write: true };

/** Organizations (§5). Fixed paths are added before `/:id` so `search` is not read as an id. */
export function addOrganizationRoutes(router: Router, ctx: ZendeskContext): void {
  const json = (org: OrganizationRecord, req: EmuRequest) => organizationJson(org, req.origin, ctx.store);
  const created = (org: OrganizationRecord, req: EmuRequest): EmuResponse => {
    const body = { organization: json(org, req) };
    return zendeskJson(201, body, { location: String(body.organization.url) });
  };
  const sorted = () => [...ctx.store.organizations.values()].sort((a, b) => a.id - b.id);

  router.add('GET', '/api/v2/organizations/search', apiRoute(ctx, READ, (req) => {
    const externalId = req.query.get('external_id');
    const name = req.query.get('name');
    if (externalId === null && name === null) return invalidAttribute('Pass either external_id or name to search organizations.');
    const items = findOrganizations(ctx.store, externalId !== null ? { externalId } : { name: name ?? '' });
    return listPage(req, { items, idOf: (org) => org.id, toJson: (org) => json(org, req), key: 'organizations', path: 'organizations/search' });
  }));

  // Matches an existing organization by `id`, else by `external_id`; creates one otherwise. Still a
  // 422 DuplicateValue when the name belongs to a different organization (rb client issue #457).
  router.add('POST', '/api/v2/organizations/create_or_update', apiRoute(ctx, WRITE, (req) => {
    const input = objectAt(req.body, 'organization') ?? {};
    const id = idAt(input, 'id');
    const externalId = stringAt(input, 'external_id');
    const match = (id !== undefined ? ctx.store.organizations.get(id) : undefined)
      ?? (externalId !== undefined ? ctx.store.organizationByExternalId(externalId) : undefined);
    if (match) {
      const updated = updateOrganization(ctx.store, match, input);
      return updated.ok ? zendeskJson(200, { organization: json(updated.value, req) }) : recordInvalid(updated.errors);
    }
    const result = createOrganization(ctx.store, input);
    return result.ok ? created(result.value, req) : recordInvalid(result.errors);
  }));

  router.add('GET', '/api/v2/organizations', apiRoute(ctx, READ, (req) =>
    listPage(req, { items: sorted(), idOf: (org) => org.id, toJson: (org) => json(org, req), key: 'organizations', path: 'organizations' })));

  router.add('POST', '/api/v2/organizations', apiRoute(ctx, WRITE, (req) => {
    const result = createOrganization(ctx.store, objectAt(req.body, 'organization') ?? {});
    return result.ok ? created(result.value, req) : recordInvalid(result.errors);
  }));

  router.add('GET', '/api/v2/organizations/:id', apiRoute(ctx, READ, (req) => {
    const org = ctx.store.organizations.get(Number(req.params.id));
    return org ? zendeskJson(200, { organization: json(org, req) }) : recordNotFound();
  }));

  router.add('PUT', '/api/v2/organizations/:id', apiRoute(ctx, WRITE, (req) => {
    const org = ctx.store.organizations.get(Number(req.params.id));
    if (!org) return recordNotFound();
    const result = updateOrganization(ctx.store, org, objectAt(req.body, 'organization') ?? {});
    return result.ok ? zendeskJson(200, { organization: json(result.value, req) }) : recordInvalid(result.errors);
  }));
}
