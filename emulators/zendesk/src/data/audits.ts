import { isoSeconds } from '../clock.ts';
import type { ZendeskStore } from './store.ts';
import type { CommentRecord } from './types.ts';

/**
 * The `audit` a ticket create or update answers with (§8; shape from NANGO-T create-ticket.json
 * and GOZ POST/ticket.json): one Comment event for a new comment, then one Create (on create) or
 * Change (on update) event per field that got a value. Values are strings, ids included, as
 * Zendesk writes them.
 */
export interface FieldEvent {
  field: string;
  value: unknown;
  previous?: unknown;
}

const eventValue = (value: unknown): unknown => (typeof value === 'number' ? String(value) : value ?? null);

export function auditJson(
  store: ZendeskStore,
  audit: { id: number; ticketId: number; authorId: number; createdAt: number; channel: string },
  comment: CommentRecord | undefined,
  events: FieldEvent[],
  kind: 'Create' | 'Change',
): Record<string, unknown> {
  const eventsJson: Record<string, unknown>[] = [];
  if (comment) {
    eventsJson.push({
      id: store.ids.next(),
      type: 'Comment',
      author_id: comment.authorId,
      body: comment.body,
      html_body: `<div class="zd-comment" dir="auto"><p dir="auto">${escapeHtml(comment.body)}</p></div>`,
      plain_body: comment.body,
      public: comment.public,
      attachments: [],
      audit_id: audit.id,
    });
  }
  for (const event of events) {
    eventsJson.push({
      id: store.ids.next(),
      type: kind,
      value: eventValue(event.value),
      ...(kind === 'Change' ? { previous_value: eventValue(event.previous) } : {}),
      field_name: event.field,
    });
  }
  return {
    id: audit.id,
    ticket_id: audit.ticketId,
    created_at: isoSeconds(audit.createdAt),
    author_id: audit.authorId,
    metadata: { system: { client: 'patchbay-emulator', ip_address: '127.0.0.1' }, custom: {} },
    events: eventsJson,
    via: { channel: audit.channel, source: { from: {}, to: {}, rel: null } },
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
