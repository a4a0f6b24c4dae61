import { Type, type ConnectorContext, type Fields, type PollResult } from '@patchbay/sdk';
import { call, isRecord, plainRecord } from '../api.ts';
import { describeObject } from '../describe.ts';
import { dateTimeLiteral, quote } from '../soql.ts';

/** Records per poll; a full page polls again at once (`hasMore`). */
const PAGE = 200;

export const PollInput = Type.Object(
  {
    object: Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z][A-Za-z0-9_]*$', title: 'Object', description: 'API name, e.g. Account or Invoice__c.' }),
    intervalSeconds: Type.Optional(Type.Integer({ minimum: 10, maximum: 86_400, title: 'Check every (seconds)', description: 'Default 300.' })),
  },
  { additionalProperties: false },
);

/** Where a poll resumes: the last record's timestamp and id (the tie-break). */
interface Cursor { time: string; id: string }

function parseCursor(raw: string | undefined): Cursor | undefined {
  if (!raw) return undefined;
  const parsed: unknown = JSON.parse(raw);
  return isRecord(parsed) && typeof parsed.time === 'string' && typeof parsed.id === 'string' ? { time: parsed.time, id: parsed.id } : undefined;
}

/**
 * New (`CreatedDate`) or new-or-updated (`SystemModstamp`, which also moves on automated changes)
 * records of an object, oldest first (§20). Timestamps have one-second precision, so many records
 * can share one: the cursor keeps the last (time, Id) and the next query asks for records after it in
 * that order — `time > t OR (time = t AND Id > id)` — so records sharing a second are neither skipped
 * nor repeated, however the pages fall.
 */
export async function pollRecords(
  ctx: ConnectorContext<Fields> & { input: { object: string }; cursor: string | undefined; since: string | undefined },
  field: 'CreatedDate' | 'SystemModstamp',
): Promise<PollResult> {
  const { object } = ctx.input;
  const { fields } = await describeObject(ctx, object);
  const names = fields.map((f) => f.name).filter((name) => name !== field && name !== 'Id');
  const cursor = parseCursor(ctx.cursor);
  const after = cursor
    ? `(${field} > ${dateTimeLiteral(cursor.time)} OR (${field} = ${dateTimeLiteral(cursor.time)} AND Id > ${quote(cursor.id)}))`
    : `${field} >= ${dateTimeLiteral(ctx.since ?? new Date().toISOString())}`;
  const soql = `SELECT Id, ${field}, ${names.join(', ')} FROM ${object} WHERE ${after} ORDER BY ${field} ASC, Id ASC LIMIT ${PAGE}`;
  const res = await call(ctx, { path: 'query', query: { q: soql } }, `polling ${object}`);
  const batch: unknown = isRecord(res.body) ? res.body.records : undefined;
  const records = (Array.isArray(batch) ? batch : []).map(plainRecord);
  const last = records.at(-1);
  const next: Cursor | undefined = last && typeof last[field] === 'string' && typeof last.Id === 'string' ? { time: last[field], id: last.Id } : cursor;
  return {
    events: records.map((record) => ({
      // A new record is one event; an update is one event per change (its SystemModstamp).
      dedupeKey: field === 'CreatedDate' ? String(record.Id) : `${String(record.Id)}@${String(record[field])}`,
      data: record,
    })),
    cursor: next ? JSON.stringify(next) : (ctx.cursor ?? ''),
    hasMore: records.length === PAGE,
  };
}
