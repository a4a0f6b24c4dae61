import { Type, defineAction, type TSchema } from '@patchbay/sdk';
import { bodyOf, call, isRecord, segment, text } from '../api.ts';
import { connection } from '../connection.ts';
import { CustomTicketValues, Priority, TicketRef, TicketStatus, ZendeskId, customFieldList, idNumber } from './inputs.ts';
import { customTicketValuesSchema } from '../custom-fields.ts';

function inputSchema<V extends TSchema>(customValues: V) {
  return Type.Object(
    {
      id: ZendeskId,
      status: Type.Optional(TicketStatus),
      priority: Type.Optional(Priority),
      comment: Type.Optional(Type.String({ minLength: 1, title: 'Comment', description: 'Added to the ticket as plain text.' })),
      public: Type.Optional(Type.Boolean({ title: 'Public comment', description: 'Whether the requester sees the comment. Default true; ignored without a comment.' })),
      tags: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 255 }), { maxItems: 100, title: 'Tags', description: 'Replaces every tag of the ticket.' })),
      custom_fields: Type.Optional(customValues),
    },
    { additionalProperties: false },
  );
}

export const updateTicket = defineAction(connection, {
  title: 'Update ticket',
  description: 'Changes the given attributes of a ticket and adds a comment; what is not given keeps its value.',
  scopes: [{ anyOf: ['write', 'tickets:write'] }],
  input: inputSchema(CustomTicketValues),
  output: TicketRef,
  dynamicSchema: {
    dependsOn: [],
    async run(ctx) {
      return { input: inputSchema(await customTicketValuesSchema(ctx)), output: TicketRef };
    },
  },
  async run(ctx) {
    const { id, comment, public: isPublic, custom_fields: customFields, ...attributes } = ctx.input;
    const ticket = {
      ...attributes,
      ...(comment === undefined ? {} : { comment: { body: comment, public: isPublic ?? true } }),
      ...(customFields === undefined ? {} : { custom_fields: customFieldList(customFields) }),
    };
    const res = await call(ctx, { method: 'PUT', path: `tickets/${segment(idNumber(id))}`, body: { ticket } }, `updating ticket ${id}`);
    const updated = bodyOf(res).ticket;
    const found = isRecord(updated) ? updated : {};
    return { id: typeof found.id === 'number' ? found.id : idNumber(id), status: text(found.status) };
  },
});
