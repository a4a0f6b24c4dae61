import { AppError, Type, defineTrigger } from '@patchbay/sdk';
import { bodyOf, problemOf, records, text, zendeskError } from '../api.ts';
import { connection } from '../connection.ts';
import { type ExportPosition, firstPosition, parsePosition } from './export-position.ts';

const Ticket = Type.Object(
  {
    id: Type.Integer(),
    url: Type.String(),
    subject: Type.Union([Type.String(), Type.Null()]),
    description: Type.String(),
    status: Type.String(),
    priority: Type.Union([Type.String(), Type.Null()]),
    type: Type.Union([Type.String(), Type.Null()]),
    requester_id: Type.Integer(),
    organization_id: Type.Union([Type.Integer(), Type.Null()]),
    assignee_id: Type.Union([Type.Integer(), Type.Null()]),
    tags: Type.Array(Type.String()),
    custom_fields: Type.Array(Type.Object({ id: Type.Integer(), value: Type.Unknown() })),
    created_at: Type.String({ format: 'date-time' }),
    updated_at: Type.String({ format: 'date-time' }),
  },
  { title: 'Ticket', description: 'The ticket as Zendesk exports it, with every other attribute it has.' },
);

/** Seconds since the epoch of a Zendesk timestamp (`2024-05-01T10:00:00Z`). */
const secondsOf = (time: string) => Math.floor(Date.parse(time) / 1000);

/**
 * Every change of a ticket through the cursor-based incremental export (§11): the first poll starts
 * at `start_time`, later ones at the stored `after_cursor`. Zendesk orders the export itself and
 * its cursor points between two changes, so tickets sharing a second are neither skipped nor
 * repeated across pages.
 */
export const newOrUpdatedTickets = defineTrigger(connection, {
  title: 'New or updated tickets',
  description: 'Runs for each new ticket and each change of a ticket, oldest first. Needs a Zendesk admin: the incremental export is for admins only. Changes show up about a minute late, as Zendesk holds back the newest minute.',
  kind: 'polling',
  scopes: [{ anyOf: ['read', 'tickets:read'] }],
  input: Type.Object(
    { intervalSeconds: Type.Optional(Type.Integer({ minimum: 10, maximum: 86_400, title: 'Check every (seconds)', description: 'Default 300. Zendesk allows 10 export requests a minute.' })) },
    { additionalProperties: false },
  ),
  output: Ticket,
  async poll(ctx) {
    const position: ExportPosition = parsePosition(ctx.cursor) ?? firstPosition(ctx.since, Math.floor(Date.now() / 1000));
    const query = 'after' in position ? { cursor: position.after } : { start_time: position.startTime };
    const res = await ctx.http.request({ path: 'incremental/tickets/cursor', query });
    if (res.status === 403) {
      const problem = problemOf(res);
      throw new AppError('Zendesk', 403, problem.code, `${problem.message} The incremental export is for admins only: connect the trigger as a Zendesk admin.`);
    }
    if (res.status < 200 || res.status >= 300) throw zendeskError(res, 'the incremental ticket export');
    const body = bodyOf(res);
    const tickets = records(body.tickets);
    const { notBefore } = position;
    const wanted = notBefore === undefined ? tickets : tickets.filter((ticket) => secondsOf(text(ticket.updated_at)) >= notBefore);
    // Without a cursor in the answer, the next poll asks again from where this one did.
    const afterCursor = typeof body.after_cursor === 'string' && body.after_cursor !== '' ? body.after_cursor : undefined;
    const next: ExportPosition = afterCursor === undefined ? position : { after: afterCursor, ...(notBefore !== undefined ? { notBefore } : {}) };
    return {
      // A ticket changes many times: each change (its updated_at) is one event.
      events: wanted.map((ticket) => ({ dedupeKey: `${String(ticket.id)}@${text(ticket.updated_at)}`, data: ticket })),
      cursor: JSON.stringify(next),
      hasMore: body.end_of_stream === false,
    };
  },
});
