import { isObject, type JsonObject, stringAt } from '../body.ts';
import { nowSeconds } from '../clock.ts';
import type { ZendeskStore } from './store.ts';
import {
  CUSTOM_TICKET_FIELD_TYPES,
  type FieldOption,
  ORGANIZATION_FIELD_TYPES,
  type OrganizationFieldRecord,
  type TicketFieldRecord,
} from './types.ts';

/**
 * Custom fields as an admin adds them (seed and `POST /__emulator/fields`). Organization fields are
 * addressed by `key`, ticket fields by numeric id (§6, §7). Problems come back as one message,
 * since the control endpoints answer 400 with a message rather than Zendesk's 422.
 */
export type FieldResult<T> = { ok: true; field: T } | { ok: false; message: string };

const KEY = /^[a-z][a-z0-9_]*$/;

export function addOrganizationField(store: ZendeskStore, input: JsonObject): FieldResult<OrganizationFieldRecord> {
  const key = stringAt(input, 'name') ?? stringAt(input, 'key') ?? '';
  const typeName = stringAt(input, 'type') ?? '';
  const type = ORGANIZATION_FIELD_TYPES.find((known) => known === typeName);
  if (!KEY.test(key)) return { ok: false, message: `"name" must be a field key: lower-case letters, digits and underscores, starting with a letter (got "${key}").` };
  if (store.organizationFields.some((field) => field.key === key)) return { ok: false, message: `An organization field with key "${key}" already exists.` };
  if (!type) return { ok: false, message: `"type" must be one of ${ORGANIZATION_FIELD_TYPES.join(', ')}.` };
  const field: OrganizationFieldRecord = {
    id: store.ids.next(),
    key,
    title: stringAt(input, 'label') ?? key,
    type,
    description: stringAt(input, 'description') ?? '',
    position: store.organizationFields.length,
    options: type === 'dropdown' || type === 'multiselect' ? readOptions(store, input) : [],
    createdAt: nowSeconds(),
  };
  store.organizationFields.push(field);
  return { ok: true, field };
}

export function addTicketField(store: ZendeskStore, input: JsonObject): FieldResult<TicketFieldRecord> {
  const typeName = stringAt(input, 'type') ?? '';
  // `dropdown` is the UI's name for a `tagger` field; accept both.
  const type = CUSTOM_TICKET_FIELD_TYPES.find((known) => known === (typeName === 'dropdown' ? 'tagger' : typeName));
  const title = stringAt(input, 'label') ?? stringAt(input, 'name') ?? '';
  if (!type) return { ok: false, message: `"type" must be one of ${CUSTOM_TICKET_FIELD_TYPES.join(', ')}.` };
  if (title.trim() === '') return { ok: false, message: '"label" (the field title) is required.' };
  const field: TicketFieldRecord = {
    id: store.ids.next(),
    type,
    title: title.trim(),
    description: stringAt(input, 'description') ?? '',
    position: store.ticketFields.length,
    required: false,
    system: false,
    systemOptions: [],
    options: type === 'tagger' || type === 'multiselect' ? readOptions(store, input) : [],
    createdAt: nowSeconds(),
  };
  store.ticketFields.push(field);
  return { ok: true, field };
}

/** `options: [{name, value}]` or `["Gold", …]` (value derived from the name, as Zendesk's UI does). */
function readOptions(store: ZendeskStore, input: JsonObject): FieldOption[] {
  const options = input.options;
  if (!Array.isArray(options)) return [];
  const read: FieldOption[] = [];
  for (const option of options) {
    const name = typeof option === 'string' ? option : isObject(option) ? stringAt(option, 'name') : undefined;
    if (!name) continue;
    const value = (isObject(option) ? stringAt(option, 'value') : undefined) ?? name.toLowerCase().replace(/[^a-z0-9]+/g, '_');
    read.push({ id: store.ids.next(), name, value });
  }
  return read;
}
