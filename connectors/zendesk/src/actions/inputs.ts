import { Type } from '@patchbay/sdk';

/**
 * Parts of the actions' inputs. Zendesk ids are integers (§1); a numeric string is taken too,
 * because pick-list values are strings.
 */
export const ZendeskId = Type.Union([Type.Integer({ minimum: 1 }), Type.String({ pattern: '^[1-9][0-9]{0,15}$' })], { title: 'ID' });

/** The number behind a `ZendeskId`. */
export const idNumber = (id: number | string): number => Number(id);

export const Tags = Type.Array(Type.String({ minLength: 1, maxLength: 255 }), { maxItems: 100, title: 'Tags' });

export const Priority = Type.Union([Type.Literal('low'), Type.Literal('normal'), Type.Literal('high'), Type.Literal('urgent')], { title: 'Priority' });
export const TicketType = Type.Union([Type.Literal('question'), Type.Literal('incident'), Type.Literal('problem'), Type.Literal('task')], { title: 'Type' });

/** A ticket is created in any status but `closed`, which only Zendesk's own automations set. */
export const NewTicketStatus = Type.Union([Type.Literal('new'), Type.Literal('open'), Type.Literal('pending'), Type.Literal('hold'), Type.Literal('solved')], { title: 'Status' });
export const TicketStatus = Type.Union([Type.Literal('open'), Type.Literal('pending'), Type.Literal('hold'), Type.Literal('solved')], { title: 'Status' });

/** Custom ticket field id → value; the dynamic schema lists the account's fields with their types. */
export const CustomTicketValues = Type.Record(Type.String({ pattern: '^[0-9]+$' }), Type.Unknown(), {
  additionalProperties: false,
  title: 'Custom fields',
  description: 'Ticket field id → value.',
});

/** Zendesk's `custom_fields: [{ id, value }]` (§8) from the id → value map the actions take. */
export function customFieldList(values: Record<string, unknown> | undefined): { id: number; value: unknown }[] | undefined {
  if (values === undefined) return undefined;
  return Object.entries(values).map(([id, value]) => ({ id: Number(id), value }));
}

export const TicketRef = Type.Object({ id: Type.Integer(), status: Type.String() });
