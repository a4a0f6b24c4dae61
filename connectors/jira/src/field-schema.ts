import { Type, type TSchema } from '@patchbay/sdk';
import { AdfDocumentSchema } from './adf.ts';
import type { CreateField } from './metadata.ts';

/** Fields with inputs of their own in createIssue: never inside `fields`. */
export const OWN_INPUTS: ReadonlySet<string> = new Set(['summary', 'description', 'project', 'issuetype']);

/** The last part of a custom type: `com.atlassian.jira.plugin.system.customfieldtypes:select` → `select`. */
const customKind = (field: CreateField) => field.schema.custom?.split(':').pop();

const UserRef = Type.Object({ accountId: Type.String({ minLength: 1 }) }, { additionalProperties: false, description: 'A user by account id: { "accountId": "…" }.' });
const IdOrName = Type.Object({ id: Type.Optional(Type.String()), name: Type.Optional(Type.String()) }, { minProperties: 1, description: '{ "id": "…" } or { "name": "…" }.' });

/**
 * Allowed values as Jira wants them back: options by `{ value }`, other lists (priorities, versions,
 * components) by `{ name }` or else `{ id }` — whichever every allowed value has.
 */
function allowedChoice(field: CreateField): { key: 'value' | 'name' | 'id'; literals: string[] } | undefined {
  const values = field.allowedValues;
  const key = (['value', 'name', 'id'] as const).find((k) => values.every((v) => typeof v[k] === 'string'));
  return values.length > 0 && key ? { key, literals: values.map((v) => String(v[key])) } : undefined;
}

function choiceSchema(choice: { key: string; literals: string[] }, meta: { title?: string; description: string }): TSchema {
  const description = `${meta.description}: one of ${choice.literals.join(', ')}.`;
  return Type.Object({ [choice.key]: Type.Union(choice.literals.map((l) => Type.Literal(l))) }, { ...meta, description, additionalProperties: false });
}

/** The value schema of one field, from its `schema.type`/`schema.custom` (fact sheet §7 value formats). */
function valueSchema(field: CreateField): TSchema {
  const kind = customKind(field);
  const meta = { title: field.name, description: `${field.fieldId} (${kind ?? field.schema.system ?? field.schema.type})` };
  const choice = allowedChoice(field);
  if (field.schema.type === 'array') {
    return Type.Array(choice ? choiceSchema(choice, { description: field.name }) : itemSchema(field.schema.items), meta);
  }
  if (choice) return choiceSchema(choice, meta);
  switch (field.schema.type) {
    case 'string':
      if (kind === 'textarea') return Type.Object(AdfDocumentSchema.properties, { ...meta, description: `${meta.description}: an Atlassian Document (ADF), { "type": "doc", "version": 1, "content": [ … ] }.` });
      if (kind === 'url') return Type.String({ ...meta, format: 'uri' });
      return Type.String({ ...meta, ...(kind === 'textfield' ? { maxLength: 255 } : {}) });
    case 'number':
      return Type.Number(meta);
    case 'date':
      return Type.String({ ...meta, format: 'date', description: `${meta.description}: YYYY-MM-DD` });
    case 'datetime':
      return Type.String({ ...meta, format: 'date-time' });
    case 'user':
      return Type.Object(UserRef.properties, { ...meta, additionalProperties: false });
    case 'option':
      return Type.Object({ value: Type.String() }, { ...meta, additionalProperties: false });
    case 'priority':
    case 'version':
    case 'component':
    case 'resolution':
    case 'securitylevel':
      return Type.Object(IdOrName.properties, { ...meta, minProperties: 1 });
    default:
      return Type.Unknown(meta);
  }
}

function itemSchema(items: string | undefined): TSchema {
  switch (items) {
    case 'string':
      // Labels cannot contain spaces.
      return Type.String({ minLength: 1, pattern: '^\\S+$' });
    case 'user':
      return UserRef;
    case 'option':
      return Type.Object({ value: Type.String() }, { additionalProperties: false });
    case 'version':
    case 'component':
      return IdOrName;
    default:
      return Type.Unknown();
  }
}

/** Fields that create can set besides the ones with their own inputs. */
export function settableFields(fields: readonly CreateField[]): CreateField[] {
  return fields.filter((f) => !OWN_INPUTS.has(f.fieldId) && f.operations.includes('set'));
}

/**
 * The `fields` input of createIssue for one project and issue type: each field the create screen
 * has, typed, with its allowed values; the ones Jira requires (and fills in no default for) required.
 */
export function createFieldsSchema(fields: readonly CreateField[]): { schema: TSchema; required: boolean } {
  const properties: Record<string, TSchema> = {};
  let required = false;
  for (const field of settableFields(fields)) {
    const mustGive = field.required && !field.hasDefaultValue;
    required ||= mustGive;
    properties[field.fieldId] = mustGive ? valueSchema(field) : Type.Optional(valueSchema(field));
  }
  return {
    schema: Type.Object(properties, { additionalProperties: false, title: 'Fields', description: 'Field id → value, shaped as Jira takes it (options as { "value": … }, users as { "accountId": … }).' }),
    required,
  };
}
