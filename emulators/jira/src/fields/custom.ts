import type { CustomFieldRecord, CustomFieldType } from '../store/records.ts';
import type { JsonType } from './system.ts';

/** How each custom field type looks in `schema` (§7) and which update operations it takes. */
const TYPE_SCHEMA: Record<CustomFieldType, { type: string; items?: string; operations: string[] }> = {
  textfield: { type: 'string', operations: ['set'] },
  textarea: { type: 'string', operations: ['set'] },
  select: { type: 'option', operations: ['set'] },
  float: { type: 'number', operations: ['set'] },
  datepicker: { type: 'date', operations: ['set'] },
  labels: { type: 'array', items: 'string', operations: ['add', 'set', 'remove'] },
};

export function customSchema(field: CustomFieldRecord): JsonType {
  const { type, items } = TYPE_SCHEMA[field.type];
  return {
    type,
    ...(items ? { items } : {}),
    custom: `com.atlassian.jira.plugin.system.customfieldtypes:${field.type}`,
    customId: field.numericId,
  };
}

export function customOperations(field: CustomFieldRecord): string[] {
  return [...TYPE_SCHEMA[field.type].operations];
}

/** JQL names of a custom field: `cf[10010]` and its display name (§7 `clauseNames`). */
export function customClauseNames(field: CustomFieldRecord): string[] {
  return [`cf[${field.numericId}]`, field.name];
}
