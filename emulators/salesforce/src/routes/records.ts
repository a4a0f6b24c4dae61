import { type Router, json } from '@patchbay/emulator-kit';
import { toApiRecord } from '../data/api-record.ts';
import { deleteRecord, findLive, insertRecord, updateRecord } from '../data/dml.ts';
import type { StoredRecord } from '../data/record-store.ts';
import { badRequest, noSuchColumnMessage, notFound } from '../errors.ts';
import { normalizeId } from '../ids.ts';
import type { Org } from '../org.ts';
import type { SObjectType } from '../schema/sobject-type.ts';
import { type ApiDeps, apiRoute, noContent } from './api-context.ts';
import { sobjectFrom } from './describe.ts';

/** Create (§13), get (§14), update (§15) and delete one record. */
export function addRecordRoutes(router: Router, deps: ApiDeps): void {
  router.add(
    'POST',
    '/services/data/:version/sobjects/:object',
    apiRoute(deps, ({ req, org }) => {
      const record = insertRecord(org, sobjectFrom(org, req.params.object), req.body);
      return json(201, { id: record.Id, success: true, errors: [] });
    }),
  );

  router.add(
    'GET',
    '/services/data/:version/sobjects/:object/:id',
    apiRoute(deps, ({ req, org, version }) => {
      const type = sobjectFrom(org, req.params.object);
      const record = findLive(org, type, req.params.id ?? '');
      if (!record) throw notFound();
      return json(200, toApiRecord(type, record, version, requestedFields(type, req.query.get('fields'))));
    }),
  );

  router.add(
    'PATCH',
    '/services/data/:version/sobjects/:object/:id',
    apiRoute(deps, ({ req, org }) => {
      const type = sobjectFrom(org, req.params.object);
      updateRecord(org, type, storedOrNotFound(org, type, req.params.id), req.body);
      return noContent();
    }),
  );

  router.add(
    'DELETE',
    '/services/data/:version/sobjects/:object/:id',
    apiRoute(deps, ({ req, org }) => {
      const type = sobjectFrom(org, req.params.object);
      deleteRecord(org, type, storedOrNotFound(org, type, req.params.id));
      return noContent();
    }),
  );
}

/** Deleted records are found too, so that writing to one answers ENTITY_IS_DELETED. */
function storedOrNotFound(org: Org, type: SObjectType, idInput: string | undefined): StoredRecord {
  const id = normalizeId(idInput ?? '');
  const record = id ? org.records.get(type.name, id) : undefined;
  if (!record) throw notFound();
  return record;
}

/** `?fields=A,B` (jsforce sends the comma list unencoded, §22) as canonical names. */
function requestedFields(type: SObjectType, fields: string | null): string[] | undefined {
  if (fields === null) return undefined;
  return fields
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '')
    .map((name) => {
      const field = type.field(name);
      if (!field) throw badRequest('INVALID_FIELD', noSuchColumnMessage(name, type.name));
      return field.name;
    });
}
