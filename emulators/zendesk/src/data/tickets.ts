import { booleanAt, has, idAt, isObject, type JsonObject, objectAt, stringAt, stringListAt } from '../body.ts';
import { nowSeconds } from '../clock.ts';
import { auditJson, type FieldEvent } from './audits.ts';
import { findOrCreateRequester } from './users.ts';
import type { ZendeskStore } from './store.ts';
import { type CommentRecord, TICKET_PRIORITIES, TICKET_STATUSES, TICKET_TYPES, type TicketRecord, type TicketStatus, type UserRecord } from './types.ts';
import { addError, failure, type FieldErrors, invalid, type Result, success } from './validation.ts';

/**
 * Ticket writes (§8) for `POST /tickets`, `PUT /tickets/{id}` and the control endpoints. Each
 * returns the ticket and the `audit` Zendesk answers with.
 */
export interface TicketWriter {
  channel: 'api' | 'web';
  /** The caller (agent) for API writes; undefined when the requester writes (control endpoint). */
  authorId: number | undefined;
}

export interface TicketWrite {
  ticket: TicketRecord;
  audit: Record<string, unknown>;
}

/**
 * UNCERTAIN (§8): a create without a comment fails with RecordInvalid; a public test double puts the
 * error under `details.base` with `field_key: "description"`, which the emulator follows.
 */
const MISSING_COMMENT = { description: 'Description: cannot be blank', error: 'BlankValue', field_key: 'description' };

export function createTicket(store: ZendeskStore, input: JsonObject, writer: TicketWriter): Result<TicketWrite> {
  const errors: FieldErrors = {};
  const commentText = commentBody(input);
  if (commentText === undefined) addError(errors, 'base', MISSING_COMMENT);
  const resolved = resolveRequester(store, input, writer, errors);
  if (!resolved || commentText === undefined) return failure(errors);
  const requester = resolved.user;
  const authorId = writer.authorId ?? requester.id;
  const now = nowSeconds();
  const ticket: TicketRecord = {
    id: 0,
    subject: null,
    description: commentText,
    status: 'new',
    priority: null,
    type: null,
    requesterId: requester.id,
    submitterId: authorId,
    assigneeId: null,
    organizationId: requester.organizationId,
    groupId: null,
    tags: [],
    customFields: new Map(),
    externalId: null,
    channel: writer.channel,
    comments: [],
    createdAt: now,
    updatedAt: now,
    generatedTimestamp: 0,
    changeSequence: 0,
  };
  const events = applyInput(store, ticket, input, errors);
  // An assigned ticket starts open, an unassigned one new (GOZ POST/ticket.json vs NANGO-T).
  if (!has(input, 'status')) ticket.status = ticket.assigneeId === null ? 'new' : 'open';
  if (Object.keys(errors).length > 0) {
    if (resolved.created) store.users.delete(requester.id); // a refused ticket leaves no new user behind
    return failure(errors);
  }
  ticket.id = store.ticketNumbers.next();
  store.stampTicket(ticket);
  ticket.createdAt = ticket.updatedAt;
  const auditId = store.ids.next();
  const comment = addComment(store, ticket, { body: commentText, authorId, auditId, isPublic: commentPublic(input) });
  store.tickets.set(ticket.id, ticket);
  const created: FieldEvent[] = [
    { field: 'subject', value: ticket.subject },
    { field: 'requester_id', value: ticket.requesterId },
    { field: 'status', value: ticket.status },
    ...events.filter((event) => event.field !== 'subject' && event.field !== 'status'),
  ];
  const audit = auditJson(store, { id: auditId, ticketId: ticket.id, authorId, createdAt: ticket.createdAt, channel: writer.channel }, comment, created, 'Create');
  return success({ ticket, audit });
}

export function updateTicket(store: ZendeskStore, existing: TicketRecord, input: JsonObject, writer: TicketWriter): Result<TicketWrite> {
  if (existing.status === 'closed') {
    // UNCERTAIN: wording of Zendesk's refusal to change a closed ticket.
    return failure({ status: [{ description: 'Status: closed prevents ticket update', error: 'ClosedTicketUpdate' }] });
  }
  const errors: FieldErrors = {};
  const draft: TicketRecord = { ...existing, tags: [...existing.tags], customFields: new Map(existing.customFields), comments: [...existing.comments] };
  const events = applyInput(store, draft, input, errors);
  // Assigning a new ticket opens it, as the agent UI and API do.
  if (existing.status === 'new' && draft.assigneeId !== null && !has(input, 'status')) {
    draft.status = 'open';
    events.push({ field: 'status', value: 'open', previous: 'new' });
  }
  if (Object.keys(errors).length > 0) return failure(errors);
  const authorId = writer.authorId ?? existing.requesterId;
  const commentText = commentBody(input);
  const auditId = store.ids.next();
  // Tags are arrays: compare values, not references.
  const changed = events.filter((event) => JSON.stringify(event.value) !== JSON.stringify(event.previous));
  if (commentText !== undefined || changed.length > 0) store.stampTicket(draft);
  const comment = commentText === undefined ? undefined : addComment(store, draft, { body: commentText, authorId, auditId, isPublic: commentPublic(input) });
  store.tickets.set(draft.id, draft);
  const audit = auditJson(store, { id: auditId, ticketId: draft.id, authorId, createdAt: draft.updatedAt, channel: writer.channel }, comment, changed, 'Change');
  return success({ ticket: draft, audit });
}

/** The requester (`requester` object, else `requester_id`, else the writer), and whether it is new. */
function resolveRequester(store: ZendeskStore, input: JsonObject, writer: TicketWriter, errors: FieldErrors): { user: UserRecord; created: boolean } | undefined {
  const requester = objectAt(input, 'requester');
  if (requester) {
    const known = new Set(store.users.keys());
    const found = findOrCreateRequester(store, requester);
    if (!found.ok) Object.assign(errors, found.errors);
    return found.ok ? { user: found.value, created: !known.has(found.value.id) } : undefined;
  }
  const requesterId = idAt(input, 'requester_id') ?? writer.authorId;
  const user = requesterId === undefined ? undefined : store.users.get(requesterId);
  if (!user) addError(errors, 'requester_id', invalid('Requester', String(requesterId ?? '')));
  return user && { user, created: false };
}

/** Applies the writable attributes that were sent; returns one event per attribute touched. */
function applyInput(store: ZendeskStore, ticket: TicketRecord, input: JsonObject, errors: FieldErrors): FieldEvent[] {
  const events: FieldEvent[] = [];
  const set = <K extends keyof TicketRecord>(key: K, field: string, value: TicketRecord[K]) => {
    events.push({ field, value, previous: ticket[key] });
    ticket[key] = value;
  };
  if (has(input, 'subject')) set('subject', 'subject', stringAt(input, 'subject') ?? null);
  if (has(input, 'external_id')) set('externalId', 'external_id', stringAt(input, 'external_id') ?? null);
  const status = stringAt(input, 'status');
  if (status !== undefined) {
    const known = TICKET_STATUSES.find((candidate): candidate is TicketStatus => candidate === status);
    if (known) set('status', 'status', known);
    else addError(errors, 'status', invalid('Status', status));
  }
  pickFrom(input, 'priority', TICKET_PRIORITIES, errors, (value) => set('priority', 'priority', value));
  pickFrom(input, 'type', TICKET_TYPES, errors, (value) => set('type', 'type', value));
  if (has(input, 'assignee_id')) {
    const assigneeId = idAt(input, 'assignee_id') ?? null;
    const assignee = assigneeId === null ? undefined : store.users.get(assigneeId);
    if (assigneeId !== null && (!assignee || assignee.role === 'end-user')) addError(errors, 'assignee_id', invalid('Assignee', String(assigneeId)));
    else set('assigneeId', 'assignee_id', assigneeId);
  }
  if (has(input, 'organization_id')) {
    const organizationId = idAt(input, 'organization_id') ?? null;
    if (organizationId !== null && !store.organizations.has(organizationId)) addError(errors, 'organization_id', invalid('Organization', String(organizationId)));
    else set('organizationId', 'organization_id', organizationId);
  }
  if (has(input, 'group_id')) set('groupId', 'group_id', idAt(input, 'group_id') ?? null);
  if (has(input, 'tags')) set('tags', 'tags', stringListAt(input, 'tags') ?? []);
  const customFields = input.custom_fields;
  if (Array.isArray(customFields)) {
    // Values for ids that name no ticket field are dropped, as Zendesk does.
    const known = new Set(store.customTicketFields().map((field) => field.id));
    for (const entry of customFields) {
      const id = isObject(entry) ? idAt(entry, 'id') : undefined;
      if (!isObject(entry) || id === undefined || !known.has(id)) continue;
      const value = entry.value ?? null;
      events.push({ field: String(id), value, previous: ticket.customFields.get(id) ?? null });
      ticket.customFields.set(id, value);
    }
  }
  return events;
}

function pickFrom(input: JsonObject, key: string, allowed: readonly string[], errors: FieldErrors, apply: (value: string | null) => void): void {
  if (!has(input, key)) return;
  const value = stringAt(input, key);
  if (value === undefined || value === '') return apply(null);
  if (allowed.includes(value)) return apply(value);
  addError(errors, key, invalid(key.charAt(0).toUpperCase() + key.slice(1), value));
}

/** `comment.body`, else `comment.html_body` as text. */
function commentBody(input: JsonObject): string | undefined {
  const comment = objectAt(input, 'comment');
  if (!comment) return undefined;
  const body = stringAt(comment, 'body') ?? stringAt(comment, 'html_body')?.replace(/<[^>]*>/g, '');
  return body === undefined || body.trim() === '' ? undefined : body;
}

function commentPublic(input: JsonObject): boolean {
  const comment = objectAt(input, 'comment');
  return (comment && booleanAt(comment, 'public')) ?? true;
}

function addComment(store: ZendeskStore, ticket: TicketRecord, comment: { body: string; authorId: number; auditId: number; isPublic: boolean }): CommentRecord {
  const record: CommentRecord = {
    id: store.ids.next(),
    auditId: comment.auditId,
    authorId: comment.authorId,
    body: comment.body,
    public: comment.isPublic,
    createdAt: ticket.updatedAt,
  };
  ticket.comments.push(record);
  return record;
}
