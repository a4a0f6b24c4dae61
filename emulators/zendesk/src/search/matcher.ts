import { nowSeconds, parseTime } from '../clock.ts';
import type { ZendeskStore } from '../data/store.ts';
import { TICKET_PRIORITIES, TICKET_STATUSES, type OrganizationRecord, type TicketRecord, type UserRecord } from '../data/types.ts';
import { type SearchOperator, type SearchTerm, textContains, textEquals } from './query-parser.ts';

/**
 * Whether a record satisfies one search term (§9). Each result type knows its own keys; a key a
 * type does not know matches nothing (Zendesk would search it as a property it lacks), so a typo
 * shows up as an empty result rather than as everything.
 */
export type Searchable =
  | { type: 'ticket'; record: TicketRecord }
  | { type: 'organization'; record: OrganizationRecord }
  | { type: 'user'; record: UserRecord };

export function matches(store: ZendeskStore, item: Searchable, term: SearchTerm): boolean {
  const result = positiveMatch(store, item, term);
  return term.negated ? !result : result;
}

function positiveMatch(store: ZendeskStore, item: Searchable, term: SearchTerm): boolean {
  if (term.key === 'type') return textEquals(term.value, item.type);
  switch (item.type) {
    case 'ticket':
      return ticketMatch(store, item.record, term);
    case 'organization':
      return organizationMatch(item.record, term);
    case 'user':
      return userMatch(store, item.record, term);
  }
}

function ticketMatch(store: ZendeskStore, ticket: TicketRecord, term: SearchTerm): boolean {
  const { key, value } = term;
  if (key === undefined) return [ticket.subject, ticket.description, ...ticket.comments.map((c) => c.body)].some((text) => textContains(value, text, term.quoted));
  if (key === 'status') return ordered(TICKET_STATUSES, ticket.status, term);
  if (key === 'priority') return ticket.priority !== null && ordered(TICKET_PRIORITIES, ticket.priority, term);
  if (key === 'ticket_type') return textEquals(value, ticket.type);
  if (key === 'subject') return textContains(value, ticket.subject, true);
  if (key === 'description' || key === 'comment') return ticket.comments.some((c) => textContains(value, c.body, true));
  if (key === 'tags' || key === 'tag') return ticket.tags.some((tag) => textEquals(value, tag));
  if (key === 'external_id') return textEquals(value, ticket.externalId);
  if (key === 'organization') return organizationRefers(store, ticket.organizationId, value);
  if (key === 'requester' || key === 'submitter') return userRefers(store, key === 'requester' ? ticket.requesterId : ticket.submitterId, value);
  if (key === 'assignee') return value.toLowerCase() === 'none' ? ticket.assigneeId === null : userRefers(store, ticket.assigneeId, value);
  if (key === 'created' || key === 'updated') return dateMatch(key === 'created' ? ticket.createdAt : ticket.updatedAt, term);
  const custom = /^custom_field_(\d+)$/.exec(key);
  if (custom) return textEquals(value, stringOf(ticket.customFields.get(Number(custom[1]))));
  return false;
}

function organizationMatch(org: OrganizationRecord, term: SearchTerm): boolean {
  const { key, value } = term;
  if (key === undefined) return [org.name, org.details, org.notes].some((text) => textContains(value, text, term.quoted));
  if (key === 'name') return textEquals(value, org.name);
  if (key === 'external_id') return textEquals(value, org.externalId);
  if (key === 'tags' || key === 'tag') return org.tags.some((tag) => textEquals(value, tag));
  if (key === 'details' || key === 'notes') return textContains(value, key === 'details' ? org.details : org.notes, true);
  if (key === 'created' || key === 'updated') return dateMatch(key === 'created' ? org.createdAt : org.updatedAt, term);
  return Object.hasOwn(org.fields, key) && textEquals(value, stringOf(org.fields[key]));
}

function userMatch(store: ZendeskStore, user: UserRecord, term: SearchTerm): boolean {
  const { key, value } = term;
  if (key === undefined) return [user.name, user.email].some((text) => textContains(value, text, term.quoted));
  if (key === 'name') return textEquals(value, user.name);
  if (key === 'email') return textEquals(value, user.email);
  if (key === 'role') return textEquals(value, user.role);
  if (key === 'external_id') return textEquals(value, user.externalId);
  if (key === 'organization') return organizationRefers(store, user.organizationId, value);
  if (key === 'tags' || key === 'tag') return user.tags.some((tag) => textEquals(value, tag));
  if (key === 'created' || key === 'updated') return dateMatch(key === 'created' ? user.createdAt : user.updatedAt, term);
  return false;
}

/** `organization:` takes an id or a name (`organization:"Acme Corporation"`). */
function organizationRefers(store: ZendeskStore, organizationId: number | null, value: string): boolean {
  if (organizationId === null) return value.toLowerCase() === 'none';
  if (/^\d+$/.test(value)) return Number(value) === organizationId;
  return textEquals(value, store.organizations.get(organizationId)?.name);
}

/** `requester:`/`assignee:` take an id, an email or a name. */
function userRefers(store: ZendeskStore, userId: number | null, value: string): boolean {
  if (userId === null) return false;
  if (/^\d+$/.test(value)) return Number(value) === userId;
  const user = store.users.get(userId);
  return textEquals(value, user?.email) || textEquals(value, user?.name);
}

/** `status<solved`: the documented order of statuses (and priorities) makes them comparable. */
function ordered(scale: readonly string[], actual: string, term: SearchTerm): boolean {
  const have = scale.indexOf(actual);
  const want = scale.indexOf(term.value.toLowerCase());
  return want >= 0 && compare(have, want, term.operator);
}

/** `created>2024-01-01`, `updated<2024-05-01T10:00:00Z`, `created:2024-03-01` (that day), `updated>4hours`. */
function dateMatch(actual: number, term: SearchTerm): boolean {
  const relative = /^(\d+)(minutes?|hours?|days?|weeks?)$/i.exec(term.value);
  const unit = { m: 60, h: 3600, d: 86_400, w: 604_800 }[(relative?.[2] ?? 'x').charAt(0).toLowerCase()];
  const wanted = relative && unit ? nowSeconds() - Number(relative[1]) * unit : parseTime(term.value);
  if (wanted === undefined) return false;
  if (term.operator === ':' && /^\d{4}-\d{2}-\d{2}$/.test(term.value)) return actual >= wanted && actual < wanted + 86_400;
  return compare(actual, wanted, term.operator);
}

function compare(actual: number, wanted: number, operator: SearchOperator): boolean {
  switch (operator) {
    case ':':
      return actual === wanted;
    case '<':
      return actual < wanted;
    case '>':
      return actual > wanted;
    case '<=':
      return actual <= wanted;
    case '>=':
      return actual >= wanted;
  }
}

function stringOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}
