import { nowSeconds } from '../clock.ts';
import { addOrganizationField, addTicketField } from './fields.ts';
import { createOrganization } from './organizations.ts';
import type { ZendeskStore } from './store.ts';
import { createTicket } from './tickets.ts';
import type { TicketFieldRecord } from './types.ts';
import { createUser } from './users.ts';

/** Ids of the seeded records, for tests and the demo (the same after every reset). */
export interface ZendeskSeed {
  adminUserId: number;
  endUserIds: [number, number];
  organizationIds: { acme: number; globex: number; initech: number };
  organizationFieldIds: { salesforceId: number; tier: number };
  ticketFieldIds: { caseNumber: number; productArea: number };
  /** Ticket numbers 1–4: open, new, pending, solved. */
  ticketIds: number[];
}

export const ADMIN_EMAIL = 'admin@patchbay-demo.example';
const DAY = 86_400;

/** Zendesk's built-in ticket fields (§7), in the order an account lists them. */
const SYSTEM_FIELDS: Pick<TicketFieldRecord, 'type' | 'title' | 'description' | 'required' | 'systemOptions'>[] = [
  { type: 'subject', title: 'Subject', description: '', required: false, systemOptions: [] },
  { type: 'description', title: 'Description', description: 'Please enter the details of your request. A member of our support staff will respond as soon as possible.', required: false, systemOptions: [] },
  { type: 'status', title: 'Status', description: 'Request status', required: false, systemOptions: ['Open', 'Pending', 'Solved'].map(option) },
  { type: 'tickettype', title: 'Type', description: 'Request type', required: false, systemOptions: ['Question', 'Incident', 'Problem', 'Task'].map(option) },
  { type: 'priority', title: 'Priority', description: 'Request priority', required: false, systemOptions: ['Low', 'Normal', 'High', 'Urgent'].map(option) },
  { type: 'group', title: 'Group', description: 'Request group', required: false, systemOptions: [] },
  { type: 'assignee', title: 'Assignee', description: 'Agent assigned to your request', required: true, systemOptions: [] },
];

function option(name: string) {
  return { name, value: name.toLowerCase() };
}

/** Fills an empty store with the demo account. Only ids and timestamps differ between runs. */
export function seed(store: ZendeskStore): ZendeskSeed {
  const start = nowSeconds();
  for (const field of SYSTEM_FIELDS) {
    store.ticketFields.push({ ...field, id: store.ids.next(), position: store.ticketFields.length, system: true, options: [], createdAt: start - 400 * DAY });
  }
  const salesforceId = must(addOrganizationField(store, { name: 'salesforce_id', type: 'text', label: 'Salesforce account id', description: 'The matching Account in Salesforce' }));
  const tier = must(addOrganizationField(store, { name: 'tier', type: 'dropdown', label: 'Tier', options: [{ name: 'Gold', value: 'gold' }, { name: 'Silver', value: 'silver' }, { name: 'Bronze', value: 'bronze' }] }));
  const caseNumber = must(addTicketField(store, { type: 'text', label: 'Salesforce case number' }));
  const productArea = must(addTicketField(store, {
    type: 'tagger',
    label: 'Product area',
    options: [{ name: 'Billing', value: 'billing' }, { name: 'Integrations', value: 'integrations' }, { name: 'Reporting', value: 'reporting' }, { name: 'Login & access', value: 'login_access' }],
  }));

  const acme = must(createOrganization(store, {
    name: 'Acme Corporation', external_id: 'SF-001A000001', domain_names: ['acme.example'], tags: ['enterprise'],
    details: 'Manufacturing, 1,200 seats', notes: 'Renewal in Q3', organization_fields: { salesforce_id: '001A000001', tier: 'gold' },
  }));
  const globex = must(createOrganization(store, { name: 'Globex Industries', domain_names: ['globex.example'], tags: ['mid-market'], organization_fields: { tier: 'silver' } }));
  const initech = must(createOrganization(store, { name: 'Initech', domain_names: ['initech.example'], organization_fields: { tier: 'bronze' } }));
  for (const [org, age] of [[acme, 300], [globex, 200], [initech, 100]] as const) {
    org.createdAt = start - age * DAY;
    org.updatedAt = start - (age - 10) * DAY;
  }

  const admin = must(createUser(store, { name: 'Dana Admin', email: ADMIN_EMAIL, role: 'admin' }));
  const alice = must(createUser(store, { name: 'Alice Moreau', email: 'alice.moreau@acme.example', organization_id: acme.id }));
  const bob = must(createUser(store, { name: 'Bob Tanaka', email: 'bob.tanaka@globex.example', organization_id: globex.id }));
  for (const [user, age] of [[admin, 400], [alice, 250], [bob, 150]] as const) {
    user.createdAt = start - age * DAY;
    user.updatedAt = start - age * DAY;
  }

  const tickets = [
    { requester: alice.id, subject: 'Contacts stopped syncing to the CRM', body: 'Since Monday new contacts no longer appear in our CRM.', status: 'open', priority: 'high', type: 'incident', area: 'integrations', caseNumber: '00001026', assignee: admin.id, age: 9 },
    { requester: bob.id, subject: 'Invoice shows the wrong currency', body: 'Our latest invoice is in USD but our contract is in EUR.', status: 'new', priority: 'normal', type: 'question', area: 'billing', caseNumber: null, assignee: null, age: 6 },
    { requester: alice.id, subject: 'Dashboard export times out', body: 'Exporting the quarterly dashboard to CSV never finishes.', status: 'pending', priority: 'low', type: 'problem', area: 'reporting', caseNumber: '00001031', assignee: admin.id, age: 4 },
    { requester: bob.id, subject: 'Password reset email not received', body: 'I requested a password reset twice and got no email.', status: 'solved', priority: 'urgent', type: 'incident', area: 'login_access', caseNumber: null, assignee: admin.id, age: 2 },
  ];
  const ticketIds = tickets.map((spec) => {
    const { ticket } = must(createTicket(store, {
      subject: spec.subject, comment: { body: spec.body }, requester_id: spec.requester, status: spec.status, priority: spec.priority, type: spec.type,
      assignee_id: spec.assignee, tags: [spec.area], custom_fields: [{ id: caseNumber.id, value: spec.caseNumber }, { id: productArea.id, value: spec.area }],
    }, { channel: 'web', authorId: undefined }));
    // Filed days ago and last touched a day later, so `start_time` 0 exports them at once.
    store.stampTicket(ticket, start - (spec.age - 1) * DAY);
    ticket.createdAt = start - spec.age * DAY;
    for (const comment of ticket.comments) comment.createdAt = ticket.createdAt;
    return ticket.id;
  });

  return {
    adminUserId: admin.id,
    endUserIds: [alice.id, bob.id],
    organizationIds: { acme: acme.id, globex: globex.id, initech: initech.id },
    organizationFieldIds: { salesforceId: salesforceId.id, tier: tier.id },
    ticketFieldIds: { caseNumber: caseNumber.id, productArea: productArea.id },
    ticketIds,
  };
}

/** Seed input is fixed, so a failure is a bug in this file. */
function must<T>(result: { ok: true; value: T } | { ok: true; field: T } | { ok: false }): T {
  if (!result.ok) throw new Error(`emulator seed data is invalid: ${JSON.stringify(result)}`);
  return 'value' in result ? result.value : result.field;
}
