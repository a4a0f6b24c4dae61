import { type EmuResponse, type Router, json } from '@patchbay/emulator-kit';
import { toApiRecord } from '../data/api-record.ts';
import { findLive, insertRecord, updateRecord } from '../data/dml.ts';
import type { StoredRecord } from '../data/record-store.ts';
import { jsonBody } from '../data/write-input.ts';
import { notFound } from '../errors.ts';
import type { Org } from '../org.ts';
import type { FieldDescribe } from '../schema/fields.ts';
import type { SObjectType } from '../schema/sobject-type.ts';
import { type ApiDeps, apiRoute, noContent } from './api-context.ts';
import { sobjectFrom } from './describe.ts';

/** From v46.0 an upsert that updates answers 200 with `created: false`; before, 204 (§16). */
const CREATED_FLAG_SINCE = 46;

/**
 * sObject rows by external id (§16): `GET` reads, `PATCH` upserts. The field must be an external
 * id or `Id`; anything else is the 404 Salesforce gives for an unknown external id field.
 */
export function addExternalIdRoutes(router: Router, deps: ApiDeps): void {
  router.add(
    'GET',
    '/services/data/:version/sobjects/:object/:field/:value',
    apiRoute(deps, ({ req, org, version }) => {
      const { type, matches } = lookUp(org, req.params);
      const [only] = matches;
      if (!only) throw notFound();
      if (matches.length > 1) return multipleChoices(type, matches, version);
      return json(200, toApiRecord(type, only, version));
    }),
  );

  router.add(
    'PATCH',
    '/services/data/:version/sobjects/:object/:field/:value',
    apiRoute(deps, ({ req, org, version }) => {
      const { type, field, value, matches } = lookUp(org, req.params);
      const withCreatedFlag = Number(version.split('.')[0]) >= CREATED_FLAG_SINCE;
      const [only] = matches;
      if (matches.length > 1) return multipleChoices(type, matches, version);
      if (only) {
        updateRecord(org, type, only, req.body);
        return withCreatedFlag ? json(200, { id: only.Id, success: true, errors: [], created: false }) : noContent();
      }
      // An unknown Id cannot be created under that Id; `updateOnly=true` forbids creating at all.
      if (field.name === 'Id' || req.query.get('updateOnly') === 'true') throw notFound();
      const body = jsonBody(req.body);
      const record = insertRecord(org, type, typeof body === 'object' && body !== null && !Array.isArray(body) ? { ...body, [field.name]: value } : body);
      return json(201, withCreatedFlag ? { id: record.Id, success: true, errors: [], created: true } : { id: record.Id, success: true, errors: [] });
    }),
  );
}

function lookUp(org: Org, params: Record<string, string>): { type: SObjectType; field: FieldDescribe; value: string; matches: StoredRecord[] } {
  const type = sobjectFrom(org, params.object);
  const field = type.field(params.field ?? '');
  if (!field || (field.name !== 'Id' && !field.externalId)) throw notFound();
  const value = params.value ?? '';
  if (field.name === 'Id') {
    const record = findLive(org, type, value);
    return { type, field, value, matches: record ? [record] : [] };
  }
  // External ids match case-insensitively unless the field is case-sensitive, like unique values.
  const same = (stored: unknown) =>
    typeof stored === 'string' && !field.caseSensitive ? stored.toLowerCase() === value.toLowerCase() : String(stored) === value;
  const matches = org.records.list(type.name).filter((record) => record[field.name] !== null && same(record[field.name]));
  return { type, field, value, matches };
}

/** 300 Multiple Choices: the URLs of the matching records (jsforce raises MULTIPLE_CHOICES). */
function multipleChoices(type: SObjectType, matches: readonly StoredRecord[], version: string): EmuResponse {
  return json(300, matches.map((record) => `/services/data/v${version}/sobjects/${type.name}/${String(record.Id)}`));
}
