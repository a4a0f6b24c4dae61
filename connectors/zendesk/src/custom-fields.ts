import { Type, type ConnectorContext, type Fields, type TSchema } from '@patchbay/sdk';
import { listAll, records, text } from './api.ts';

type Context = ConnectorContext<Fields>;

/** A custom field of organizations or tickets, the part the connector uses (§6, §7). */
export interface CustomField {
  /** How a value is addressed: the field's `key` for organizations, its numeric id for tickets (§7). */
  address: string;
  title: string;
  type: string;
  description: string;
  /** Values of dropdown (`dropdown`/`tagger`) and multiselect options. */
  options: string[];
}

function optionValues(field: Record<string, unknown>): string[] {
  return records(field.custom_field_options).map((option) => text(option.value)).filter(Boolean);
}

/** The account's active organization fields, addressed by `key` (§5, §6). */
export async function organizationFields(ctx: Context): Promise<CustomField[]> {
  const listed = await listAll(ctx, 'organization_fields', 'organization_fields', 'the organization fields');
  return listed
    .filter((field) => field.active !== false && text(field.key) !== '')
    .map((field) => ({ address: text(field.key), title: text(field.title), type: text(field.type), description: text(field.description), options: optionValues(field) }));
}

/** Built-in ticket fields (§7): set through the ticket's own attributes, not `custom_fields`. */
const SYSTEM_TICKET_FIELD_TYPES = new Set(['subject', 'description', 'status', 'custom_status', 'tickettype', 'priority', 'group', 'assignee', 'brand']);

/** The account's active custom ticket fields, addressed by numeric id (§7). */
export async function customTicketFields(ctx: Context): Promise<CustomField[]> {
  const listed = await listAll(ctx, 'ticket_fields', 'ticket_fields', 'the ticket fields');
  return listed
    .filter((field) => field.active !== false && field.removable !== false && !SYSTEM_TICKET_FIELD_TYPES.has(text(field.type)) && typeof field.id === 'number')
    .map((field) => ({ address: String(field.id), title: text(field.title), type: text(field.type), description: text(field.description), options: optionValues(field) }));
}

function oneOf(options: readonly string[], meta: Record<string, unknown>): TSchema {
  // An empty union would accept nothing: a dropdown without options takes any text.
  return options.length > 0 ? Type.Union(options.map((value) => Type.Literal(value)), meta) : Type.String(meta);
}

/** The schema of one field's value, from its Zendesk type (§6, §7); null clears a value. */
export function valueSchema(field: CustomField): TSchema {
  const meta = { title: field.title, description: `${field.description ? `${field.description} ` : ''}(${field.type}, ${field.address})` };
  switch (field.type) {
    case 'checkbox':
      return Type.Union([Type.Boolean(), Type.Null()], meta);
    case 'integer':
      return Type.Union([Type.Integer(), Type.Null()], meta);
    case 'decimal':
      return Type.Union([Type.Number(), Type.Null()], meta);
    case 'date':
      return Type.Union([Type.String({ format: 'date' }), Type.Null()], { ...meta, examples: ['2024-05-01'] });
    case 'dropdown':
    case 'tagger':
      return Type.Union([oneOf(field.options, {}), Type.Null()], meta);
    case 'multiselect':
      return Type.Union([Type.Array(oneOf(field.options, {})), Type.Null()], meta);
    // The id of the related record.
    case 'lookup':
      return Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], meta);
    default:
      return Type.Union([Type.String(), Type.Null()], meta);
  }
}

/** The values of the given custom fields, each typed, none required; unknown ones refused. */
export function customValuesSchema(list: readonly CustomField[], title: string): TSchema {
  const properties: Record<string, TSchema> = {};
  for (const field of list) properties[field.address] = Type.Optional(valueSchema(field));
  return Type.Object(properties, { additionalProperties: false, title });
}

/** The `custom_fields` input of the ticket actions, typed from the account's custom ticket fields. */
export async function customTicketValuesSchema(ctx: Context): Promise<TSchema> {
  return customValuesSchema(await customTicketFields(ctx), 'Custom fields');
}
