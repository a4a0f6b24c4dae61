import { definePicklist } from '@patchbay/sdk';
import { listAll, text } from './api.ts';
import { connection } from './connection.ts';
import { customTicketFields, organizationFields as listOrganizationFields } from './custom-fields.ts';

/** Custom organization fields; the value is the field's `key`, as `organization_fields` takes it. */
export const organizationFields = definePicklist(connection, {
  title: 'Organization fields',
  async run(ctx) {
    return (await listOrganizationFields(ctx)).map((field) => ({ value: field.address, label: `${field.title} (${field.address})` }));
  },
});

/** Custom ticket fields; the value is the field's id, as `custom_fields` takes it. */
export const ticketFields = definePicklist(connection, {
  title: 'Ticket fields',
  async run(ctx) {
    return (await customTicketFields(ctx)).map((field) => ({ value: field.address, label: field.title }));
  },
});

/** Enough organizations to pick from in a form; a bigger account is better served by search. */
const ORGANIZATIONS_SHOWN = 1000;

export const organizations = definePicklist(connection, {
  title: 'Organizations',
  async run(ctx) {
    const listed = await listAll(ctx, 'organizations', 'organizations', 'the organizations', ORGANIZATIONS_SHOWN);
    return listed
      .filter((org) => typeof org.id === 'number')
      .map((org) => ({ value: String(org.id), label: text(org.name) }))
      .sort((a, b) => a.label.localeCompare(b.label));
  },
});
