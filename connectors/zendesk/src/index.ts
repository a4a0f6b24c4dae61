import { defineConnector } from '@patchbay/sdk';
import { createOrUpdateOrganization } from './actions/create-or-update-organization.ts';
import { createTicket } from './actions/create-ticket.ts';
import { search } from './actions/search.ts';
import { updateTicket } from './actions/update-ticket.ts';
import { connection } from './connection.ts';
import { organizationFields, organizations, ticketFields } from './picklists.ts';
import { newOrUpdatedTickets } from './triggers/new-or-updated-tickets.ts';

/** Zendesk Support: organizations, tickets and search, with the account's custom fields discovered through the connection. */
export default defineConnector({
  key: 'zendesk',
  title: 'Zendesk',
  version: '1.0.0',
  description: 'Zendesk Support organizations and tickets, custom fields included: create or update organizations by external id, create and update tickets, search, and a trigger on new or updated tickets.',
  connection,
  objects: [
    { key: 'organization', title: 'Organization' },
    { key: 'ticket', title: 'Ticket' },
    { key: 'user', title: 'User' },
  ],
  picklists: { organizationFields, ticketFields, organizations },
  actions: { createOrUpdateOrganization, createTicket, updateTicket, search },
  triggers: { newOrUpdatedTickets },
});
