import { Type, defineAction, type TSchema } from '@patchbay/sdk';
import { bodyOf, call, isRecord, text } from '../api.ts';
import { connection } from '../connection.ts';
import { CustomTicketValues, NewTicketStatus, Priority, Tags, TicketType, ZendeskId, customFieldList, idNumber } from './inputs.ts';
import { customTicketValuesSchema } from '../custom-fields.ts';

function inputSchema<V extends TSchema>(customValues: V) {
  return Type.Object(
    {
      subject: Type.String({ minLength: 1, maxLength: 1024, title: 'Subject' }),
      comment: Type.String({ minLength: 1, title: 'Description', description: 'The first comment (public), as plain text.' }),
      requester: Type.Optional(
        Type.Object(
          { name: Type.Optional(Type.String({ minLength: 1, title: 'Name' })), email: Type.String({ format: 'email', title: 'Email' }) },
          { additionalProperties: false, title: 'Requester', description: 'Found by email, or created as an end user. Default: the connected user.' },
        ),
      ),
      organization_id: Type.Optional(ZendeskId),
      priority: Type.Optional(Priority),
      type: Type.Optional(TicketType),
      status: Type.Optional(NewTicketStatus),
      tags: Type.Optional(Tags),
      custom_fields: Type.Optional(customValues),
    },
    { additionalProperties: false },
  );
}

const Output = Type.Object({
  id: Type.Integer(),
  status: Type.String(),
  url: Type.String({ description: "The ticket's API URL." }),
});

export const createTicket = defineAction(connection, {
  title: 'Create ticket',
  description: 'Creates a ticket with its first comment. Custom fields are given as { "<field id>": value }.',
  scopes: [{ anyOf: ['write', 'tickets:write'] }],
  input: inputSchema(CustomTicketValues),
  output: Output,
  picklists: { organization_id: 'organizations' },
  dynamicSchema: {
    dependsOn: [],
    async run(ctx) {
      return { input: inputSchema(await customTicketValuesSchema(ctx)), output: Output };
    },
  },
  async run(ctx) {
    const { comment, organization_id: organizationId, custom_fields: customFields, ...attributes } = ctx.input;
    const ticket = {
      ...attributes,
      comment: { body: comment },
      ...(organizationId === undefined ? {} : { organization_id: idNumber(organizationId) }),
      ...(customFields === undefined ? {} : { custom_fields: customFieldList(customFields) }),
    };
    const res = await call(ctx, { method: 'POST', path: 'tickets', body: { ticket } }, 'creating a ticket');
    const created = bodyOf(res).ticket;
    const found = isRecord(created) ? created : {};
    return { id: typeof found.id === 'number' ? found.id : 0, status: text(found.status), url: text(found.url) };
  },
});
