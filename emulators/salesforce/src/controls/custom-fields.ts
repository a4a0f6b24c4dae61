import type { Org } from '../org.ts';
import { type FieldDescribe, type FieldSpec, defineField, lookup, picklist } from '../schema/fields.ts';
import type { SObjectType } from '../schema/sobject-type.ts';

/**
 * `POST /__emulator/fields`: a custom field as an admin would add it in Setup, so connector tests
 * can prove that dynamic field lists follow the org. Input problems are plain messages (the
 * control plane is not the vendor API).
 */
export class ControlInputError extends Error {}

export interface CustomFieldRequest {
  object: string;
  name: string;
  type: string;
  label: string;
  /** Picklist values. */
  values?: unknown;
  restricted?: unknown;
  /** Lookup target object. */
  referenceTo?: unknown;
  externalId?: unknown;
  unique?: unknown;
  required?: unknown;
  length?: unknown;
}

const API_NAME = /^[A-Za-z](?:[A-Za-z0-9]|_(?!_))*__c$/;

type Builder = (base: { name: string; label: string; custom: true }, request: CustomFieldRequest, org: Org) => FieldDescribe;

const text = (type: 'string' | 'textarea' | 'email' | 'phone' | 'url'): Builder => (base, request) => {
  const length = typeof request.length === 'number' ? request.length : undefined;
  return defineField({ ...base, type, ...(length ? { length } : {}), ...flags(request) });
};
const number = (type: 'double' | 'currency'): Builder => (base, request) => defineField({ ...base, type, ...flags(request) });

const BUILDERS: Record<string, Builder> = {
  string: text('string'),
  text: text('string'),
  textarea: text('textarea'),
  email: text('email'),
  phone: text('phone'),
  url: text('url'),
  number: number('double'),
  double: number('double'),
  currency: number('currency'),
  boolean: (base) => defineField({ ...base, type: 'boolean', defaultedOnCreate: true }),
  checkbox: (base) => defineField({ ...base, type: 'boolean', defaultedOnCreate: true }),
  date: (base, request) => defineField({ ...base, type: 'date', ...flags(request) }),
  datetime: (base, request) => defineField({ ...base, type: 'datetime', ...flags(request) }),
  picklist: (base, request) => {
    const values = Array.isArray(request.values) ? request.values.filter((value) => typeof value === 'string') : [];
    return defineField({ ...base, type: 'picklist', picklistValues: picklist(values), restrictedPicklist: request.restricted === true, ...flags(request) });
  },
  reference: (base, request, org) => {
    const targetName = typeof request.referenceTo === 'string' ? request.referenceTo : '';
    const target = org.schema.get(targetName);
    if (!target) throw new ControlInputError(`referenceTo must name an existing object, got '${targetName}'`);
    return lookup({ ...base, referenceTo: [target.name], relationshipName: base.name.replace(/__c$/, '__r'), ...flags(request) });
  },
};

export const CUSTOM_FIELD_TYPES = Object.keys(BUILDERS);

function flags(request: CustomFieldRequest): Pick<FieldSpec, 'externalId' | 'unique' | 'idLookup' | 'nillable'> {
  const externalId = request.externalId === true;
  const unique = request.unique === true;
  const required = request.required === true;
  return { externalId, unique, idLookup: externalId || unique, nillable: !required };
}

/** Adds the field (and first the custom object, when `object` ends in `__c` and is new). */
export function addCustomField(org: Org, request: CustomFieldRequest): { type: SObjectType; field: FieldDescribe } {
  if (!API_NAME.test(request.name)) throw new ControlInputError(`name must be an API name ending in __c (letters, digits, single underscores), got '${request.name}'`);
  const build = BUILDERS[request.type.toLowerCase()];
  if (!build) throw new ControlInputError(`type must be one of ${CUSTOM_FIELD_TYPES.join(', ')}, got '${request.type}'`);
  let type = org.schema.get(request.object);
  if (!type) {
    if (!API_NAME.test(request.object)) throw new ControlInputError(`object '${request.object}' does not exist; a new custom object's name must end in __c`);
    type = org.schema.addCustomObject(request.object);
  }
  if (type.field(request.name)) throw new ControlInputError(`${type.name}.${request.name} already exists`);
  const field = build({ name: request.name, label: request.label, custom: true }, request, org);
  const childRelationshipName = field.type === 'reference' ? `${type.name.replace(/__c$/, '')}s__r` : undefined;
  type.addField(field, childRelationshipName);
  org.records.addColumn(type.name, field.name, field.type === 'boolean' ? false : null);
  return { type, field };
}
