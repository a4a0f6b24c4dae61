import { isoSeconds } from '../clock.ts';
import type { ZendeskStore } from './store.ts';
import type { FieldOption, OrganizationFieldRecord, OrganizationRecord, TicketFieldRecord, TicketRecord, UserRecord } from './types.ts';

/**
 * API shapes, key for key as the recordings show them: organizations from node-zendesk's
 * organizations_test_create.json, users from authentication_test_verifyUser_token_auth.json,
 * tickets from NANGO-T create-ticket.json, fields from GOZ ticket_fields.json and
 * organization_fields.json (fact sheet §4–§8). `url` is absolute, built from the origin the client
 * used (§1, §14).
 */
const apiUrl = (origin: string, path: string) => `${origin}/api/v2/${path}.json`;

export function userJson(user: UserRecord, origin: string): Record<string, unknown> {
  const staff = user.role !== 'end-user';
  return {
    id: user.id,
    url: apiUrl(origin, `users/${user.id}`),
    name: user.name,
    email: user.email,
    created_at: isoSeconds(user.createdAt),
    updated_at: isoSeconds(user.updatedAt),
    time_zone: 'UTC',
    iana_time_zone: 'Etc/UTC',
    phone: null,
    shared_phone_number: null,
    photo: null,
    locale_id: 1,
    locale: 'en-US',
    organization_id: user.organizationId,
    role: user.role,
    verified: true,
    external_id: user.externalId,
    tags: [...user.tags],
    alias: null,
    active: true,
    shared: false,
    shared_agent: false,
    last_login_at: staff ? isoSeconds(user.updatedAt) : null,
    two_factor_auth_enabled: null,
    signature: null,
    details: null,
    notes: null,
    role_type: null,
    custom_role_id: null,
    moderator: staff,
    ticket_restriction: staff ? null : 'requested',
    only_private_comments: false,
    restricted_agent: !staff,
    suspended: false,
    default_group_id: null,
    report_csv: user.role === 'admin',
    user_fields: {},
  };
}

/**
 * `GET /users/me` without valid credentials answers 200 with this rather than 401 (§2; node-zendesk
 * fixture authentication_test_verifyUser_anonymous_user.json, which shows `id: null`).
 */
export function anonymousUserJson(): Record<string, unknown> {
  return {
    id: null,
    url: null,
    name: 'Anonymous user',
    email: 'invalid@example.com',
    created_at: null,
    updated_at: null,
    time_zone: 'UTC',
    iana_time_zone: 'Etc/UTC',
    phone: null,
    shared_phone_number: null,
    photo: null,
    locale_id: 1,
    locale: 'en-US',
    organization_id: null,
    role: 'end-user',
    verified: false,
  };
}

export function organizationJson(org: OrganizationRecord, origin: string, store: ZendeskStore): Record<string, unknown> {
  // Every active field's key is present, null when unset, as Zendesk lists them.
  const fields: Record<string, unknown> = {};
  for (const field of store.organizationFields) fields[field.key] = org.fields[field.key] ?? null;
  return {
    url: apiUrl(origin, `organizations/${org.id}`),
    id: org.id,
    name: org.name,
    shared_tickets: org.sharedTickets,
    shared_comments: org.sharedComments,
    external_id: org.externalId,
    created_at: isoSeconds(org.createdAt),
    updated_at: isoSeconds(org.updatedAt),
    domain_names: [...org.domainNames],
    details: org.details,
    notes: org.notes,
    group_id: org.groupId,
    tags: [...org.tags],
    organization_fields: fields,
  };
}

const optionJson = (option: FieldOption) => ({ id: option.id, name: option.name, raw_name: option.name, value: option.value, default: false });

export function organizationFieldJson(field: OrganizationFieldRecord, origin: string): Record<string, unknown> {
  const hasOptions = field.type === 'dropdown' || field.type === 'multiselect';
  return {
    id: field.id,
    url: apiUrl(origin, `organization_fields/${field.id}`),
    key: field.key,
    title: field.title,
    type: field.type,
    active: true,
    position: field.position,
    description: field.description,
    raw_title: field.title,
    raw_description: field.description,
    system: false,
    regexp_for_validation: null,
    created_at: isoSeconds(field.createdAt),
    updated_at: isoSeconds(field.createdAt),
    ...(hasOptions ? { custom_field_options: field.options.map(optionJson) } : {}),
  };
}

export function ticketFieldJson(field: TicketFieldRecord, origin: string): Record<string, unknown> {
  const portal = field.type === 'subject' || field.type === 'description';
  return {
    url: apiUrl(origin, `ticket_fields/${field.id}`),
    id: field.id,
    type: field.type,
    title: field.title,
    raw_title: field.title,
    description: field.description,
    raw_description: field.description,
    position: field.position,
    active: true,
    required: field.required,
    collapsed_for_agents: false,
    regexp_for_validation: null,
    title_in_portal: field.title,
    raw_title_in_portal: field.title,
    visible_in_portal: portal,
    editable_in_portal: portal,
    required_in_portal: portal,
    tag: null,
    created_at: isoSeconds(field.createdAt),
    updated_at: isoSeconds(field.createdAt),
    removable: !field.system,
    agent_description: null,
    ...(field.systemOptions.length > 0 ? { system_field_options: field.systemOptions.map((o) => ({ ...o })) } : {}),
    ...(field.type === 'tagger' || field.type === 'multiselect' ? { custom_field_options: field.options.map(optionJson) } : {}),
  };
}

export interface TicketJsonOptions {
  /** A create answers `generated_timestamp: 0`: Zendesk stamps it after the response (NANGO-T). */
  justCreated?: boolean;
}

export function ticketJson(ticket: TicketRecord, origin: string, store: ZendeskStore, options: TicketJsonOptions = {}): Record<string, unknown> {
  // Every custom field is listed, null when unset; `fields` repeats `custom_fields` (§8).
  const customFields = store.customTicketFields().map((field) => ({ id: field.id, value: ticket.customFields.get(field.id) ?? null }));
  return {
    url: apiUrl(origin, `tickets/${ticket.id}`),
    id: ticket.id,
    external_id: ticket.externalId,
    via: { channel: ticket.channel, source: { from: {}, to: {}, rel: null } },
    created_at: isoSeconds(ticket.createdAt),
    updated_at: isoSeconds(ticket.updatedAt),
    generated_timestamp: options.justCreated ? 0 : ticket.generatedTimestamp,
    type: ticket.type,
    subject: ticket.subject,
    raw_subject: ticket.subject,
    description: ticket.description,
    priority: ticket.priority,
    status: ticket.status,
    recipient: null,
    requester_id: ticket.requesterId,
    submitter_id: ticket.submitterId,
    assignee_id: ticket.assigneeId,
    organization_id: ticket.organizationId,
    group_id: ticket.groupId,
    collaborator_ids: [],
    follower_ids: [],
    email_cc_ids: [],
    forum_topic_id: null,
    problem_id: null,
    has_incidents: false,
    is_public: ticket.comments[0]?.public ?? true,
    due_at: null,
    tags: [...ticket.tags],
    custom_fields: customFields,
    satisfaction_rating: null,
    sharing_agreement_ids: [],
    fields: customFields.map((entry) => ({ ...entry })),
    followup_ids: [],
    ticket_form_id: null,
    brand_id: null,
    allow_channelback: false,
    allow_attachments: true,
    from_messaging_channel: false,
  };
}
