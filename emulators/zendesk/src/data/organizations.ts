import { booleanAt, has, idAt, isObject, type JsonObject, stringAt, stringListAt } from '../body.ts';
import { nextChangeSecond, nowSeconds } from '../clock.ts';
import { normalizeName, type ZendeskStore } from './store.ts';
import type { OrganizationRecord } from './types.ts';
import { addError, blank, failure, type FieldErrors, type Result, success, taken } from './validation.ts';

/**
 * Organization writes shared by `POST /organizations`, `PUT /organizations/{id}`,
 * `create_or_update` and the control endpoint (§5).
 */
export function createOrganization(store: ZendeskStore, input: JsonObject): Result<OrganizationRecord> {
  const now = nowSeconds();
  const draft: OrganizationRecord = {
    id: 0,
    name: '',
    externalId: null,
    details: null,
    notes: null,
    domainNames: [],
    groupId: null,
    tags: [],
    sharedTickets: false,
    sharedComments: false,
    fields: {},
    createdAt: now,
    updatedAt: now,
  };
  applyInput(store, draft, input);
  const errors = problems(store, draft);
  if (errors) return failure(errors);
  draft.id = store.ids.next();
  store.organizations.set(draft.id, draft);
  return success(draft);
}

/** A partial update: only the keys sent change; `organization_fields` is merged, lists replaced. */
export function updateOrganization(store: ZendeskStore, existing: OrganizationRecord, input: JsonObject): Result<OrganizationRecord> {
  const draft: OrganizationRecord = { ...existing, fields: { ...existing.fields } };
  applyInput(store, draft, input);
  const errors = problems(store, draft);
  if (errors) return failure(errors);
  draft.updatedAt = nextChangeSecond(existing.updatedAt);
  store.organizations.set(draft.id, draft);
  return success(draft);
}

function applyInput(store: ZendeskStore, org: OrganizationRecord, input: JsonObject): void {
  if (has(input, 'name')) org.name = (stringAt(input, 'name') ?? '').trim();
  if (has(input, 'external_id')) org.externalId = stringAt(input, 'external_id') ?? null;
  if (has(input, 'details')) org.details = stringAt(input, 'details') ?? null;
  if (has(input, 'notes')) org.notes = stringAt(input, 'notes') ?? null;
  if (has(input, 'group_id')) org.groupId = idAt(input, 'group_id') ?? null;
  if (has(input, 'domain_names')) org.domainNames = stringListAt(input, 'domain_names') ?? [];
  if (has(input, 'tags')) org.tags = stringListAt(input, 'tags') ?? [];
  org.sharedTickets = booleanAt(input, 'shared_tickets') ?? org.sharedTickets;
  org.sharedComments = booleanAt(input, 'shared_comments') ?? org.sharedComments;
  const values = input.organization_fields;
  if (isObject(values)) {
    // UNCERTAIN (§5/§6 say nothing on keys that name no field): the emulator drops them without an
    // error, which is what Zendesk is understood to do (a strict 422 would break writes that work in
    // production). Values are stored as sent, without per-type validation, for the same reason.
    for (const field of store.organizationFields) {
      if (Object.hasOwn(values, field.key)) org.fields[field.key] = values[field.key] ?? null;
    }
  }
}

function problems(store: ZendeskStore, org: OrganizationRecord): FieldErrors | undefined {
  const errors: FieldErrors = {};
  if (org.name === '') addError(errors, 'name', blank('Name'));
  const sameName = org.name === '' ? undefined : store.organizationByName(org.name);
  if (sameName && sameName.id !== org.id) addError(errors, 'name', taken('Name', org.name));
  // UNCERTAIN: the description text of a duplicate external_id was not recorded (§5); this follows
  // the name error's pattern.
  const sameExternal = org.externalId === null ? undefined : store.organizationByExternalId(org.externalId);
  if (org.externalId !== null && sameExternal && sameExternal.id !== org.id) {
    addError(errors, 'external_id', taken('External ID', org.externalId));
  }
  return Object.keys(errors).length > 0 ? errors : undefined;
}

/** `name` search and `external_id` search are exact and ignore case (§5). */
export function findOrganizations(store: ZendeskStore, by: { name?: string; externalId?: string }): OrganizationRecord[] {
  const all = [...store.organizations.values()];
  if (by.externalId !== undefined) return all.filter((org) => org.externalId?.toLowerCase() === by.externalId?.toLowerCase());
  const wanted = normalizeName(by.name ?? '');
  return all.filter((org) => normalizeName(org.name) === wanted);
}
