import { AppError, Type, type ConnectorContext, type Fields, type TSchema } from '@patchbay/sdk';
import { call, isRecord, segment } from './api.ts';

type Context = ConnectorContext<Fields>;

/** One field of an object as `describe` gives it (§12), the part connectors use. */
export interface FieldInfo {
  name: string;
  label: string;
  type: string;
  custom: boolean;
  nillable: boolean;
  createable: boolean;
  updateable: boolean;
  defaultedOnCreate: boolean;
  externalId: boolean;
  idLookup: boolean;
  length: number;
  picklistValues: string[];
  restrictedPicklist: boolean;
  referenceTo: string[];
}

export interface ObjectInfo {
  name: string;
  label: string;
  custom: boolean;
  createable: boolean;
  queryable: boolean;
}

const text = (value: unknown) => (typeof value === 'string' ? value : '');
const bool = (value: unknown) => value === true;

/** The org's objects, standard and custom (custom ones end in `__c`), from describeGlobal (§11). */
export async function listObjects(ctx: Context): Promise<ObjectInfo[]> {
  const res = await call(ctx, { path: 'sobjects' }, 'the list of objects');
  const sobjects: unknown = isRecord(res.body) ? res.body.sobjects : undefined;
  if (!Array.isArray(sobjects)) return [];
  return sobjects.filter(isRecord).map((o) => ({
    name: text(o.name),
    label: text(o.label),
    custom: bool(o.custom),
    createable: bool(o.createable),
    queryable: bool(o.queryable),
  }));
}

/** The fields of one object, custom fields included (§12). An unknown object is the user's mistake: said so. */
export async function describeObject(ctx: Context, object: string): Promise<{ label: string; fields: FieldInfo[] }> {
  let res;
  try {
    res = await call(ctx, { path: `sobjects/${segment(object)}/describe` }, `the fields of ${object}`);
  } catch (err) {
    if (err instanceof AppError && err.status === 404) {
      throw new AppError('Salesforce', 404, 'NOT_FOUND', `This org has no object "${object}": pick one from the objects list (custom objects end in __c).`);
    }
    throw err;
  }
  const body = isRecord(res.body) ? res.body : {};
  const fields: unknown = body.fields;
  return {
    label: text(body.label) || object,
    fields: (Array.isArray(fields) ? fields : []).filter(isRecord).map((f) => ({
      name: text(f.name),
      label: text(f.label),
      type: text(f.type),
      custom: bool(f.custom),
      nillable: bool(f.nillable),
      createable: bool(f.createable),
      updateable: bool(f.updateable),
      defaultedOnCreate: bool(f.defaultedOnCreate),
      externalId: bool(f.externalId),
      idLookup: bool(f.idLookup),
      length: typeof f.length === 'number' ? f.length : 0,
      picklistValues: (Array.isArray(f.picklistValues) ? f.picklistValues : []).filter(isRecord).filter((v) => v.active !== false).map((v) => text(v.value)),
      restrictedPicklist: bool(f.restrictedPicklist),
      referenceTo: (Array.isArray(f.referenceTo) ? f.referenceTo : []).map(text),
    })),
  };
}

/** A field's value schema, from its Salesforce type (§12). */
function valueSchema(field: FieldInfo): TSchema {
  const meta = { title: field.label, description: `${field.name} (${field.type}${field.custom ? ', custom' : ''})` };
  switch (field.type) {
    case 'boolean':
      return Type.Boolean(meta);
    case 'int':
    case 'long':
      return Type.Integer(meta);
    case 'double':
    case 'currency':
    case 'percent':
      return Type.Number(meta);
    case 'date':
      return Type.String({ ...meta, format: 'date' });
    case 'datetime':
      return Type.String({ ...meta, format: 'date-time' });
    case 'picklist':
    case 'multipicklist':
    case 'combobox':
      // Unrestricted picklists accept other values too (§12): list the known ones as examples.
      return field.restrictedPicklist && field.type === 'picklist' && field.picklistValues.length > 0
        ? Type.Union(field.picklistValues.map((v) => Type.Literal(v)), meta)
        : Type.String({ ...meta, examples: field.picklistValues });
    case 'address':
    case 'location':
      return Type.Record(Type.String(), Type.Unknown(), meta);
    default:
      return Type.String({ ...meta, ...(field.length > 0 ? { maxLength: field.length } : {}) });
  }
}

/** "Required on create" is not a flag: createable, not nillable and not defaulted (§12). */
export const requiredOnCreate = (f: FieldInfo) => f.createable && !f.nillable && !f.defaultedOnCreate && f.type !== 'boolean';

/**
 * The `record` input of a write: the fields it may set, with their types, labels and picklist
 * values. `create` requires what Salesforce requires; unknown fields are refused before any call.
 */
export function recordSchema(object: string, fields: readonly FieldInfo[], mode: 'create' | 'update' | 'upsert'): TSchema {
  const writable = fields.filter((f) => (mode === 'create' ? f.createable : mode === 'update' ? f.updateable : f.createable || f.updateable));
  const properties: Record<string, TSchema> = {};
  for (const field of writable) {
    properties[field.name] = mode === 'create' && requiredOnCreate(field) ? valueSchema(field) : Type.Optional(valueSchema(field));
  }
  return Type.Object(properties, { additionalProperties: false, title: `${object} fields`, description: `Field API name → value. Fields of ${object} that can be ${mode === 'update' ? 'updated' : 'set'}.` });
}

/** A record as Salesforce returns it: every field readable, none required. */
export function readSchema(object: string, fields: readonly FieldInfo[]): TSchema {
  const properties: Record<string, TSchema> = {};
  // Empty fields come back as null.
  for (const field of fields) properties[field.name] = Type.Optional(Type.Union([valueSchema(field), Type.Null()]));
  return Type.Object(properties, { title: `${object} record` });
}
