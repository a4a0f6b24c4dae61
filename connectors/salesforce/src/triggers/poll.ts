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

/**
 * Where a poll resumes: the timestamp and Id of the last record seen (the tie-break), or just a
 * time when no record has been seen since it (the first poll's start).
 */
interface Cursor { time: string; id?: string }

function parseCursor(raw: string | undefined): Cursor | undefined {
  if (!raw) return undefined;
  const parsed: unknown = JSON.parse(raw);
  if (!isRecord(parsed) || typeof parsed.time !== 'string') return undefined;
  return typeof parsed.id === 'string' ? { time: parsed.time, id: parsed.id } : { time: parsed.time };
}

/** Records after the cursor in `field, Id` order. */
function afterCursor(field: string, cursor: Cursor): string {
  const time = dateTimeLiteral(cursor.time);
  return cursor.id ? `(${field} > ${time} OR (${field} = ${time} AND Id > ${quote(cursor.id)}))` : `${field} >= ${time}`;
}

/**
 * New (`CreatedDate`) or new-or-updated (`SystemModstamp`, which also moves on automated changes)
 * records of an object, oldest first (§20). Timestamps have one-second precision, so many records
 * can share one: the cursor keeps the last (time, Id) and the next query asks for records after it in
 * that order — `time > t OR (time = t AND Id > id)` — so records sharing a second are neither skipped
 * nor repeated, however the pages fall. (Salesforce's Ids grow with creation, so a record created
 * later in an already-seen second sorts after the ones seen.)
 */
export async function pollRecords(
  ctx: ConnectorContext<Fields> & { input: { object: string }; cursor: string | undefined; since: string | undefined },
  field: 'CreatedDate' | 'SystemModstamp',
): Promise<PollResult> {
  const { object } = ctx.input;
  const { fields } = await describeObject(ctx, object);
  const names = fields.map((f) => f.name).filter((name) => name !== field && name !== 'Id');
  // The first poll starts where the user chose (or now), and keeps that start in its cursor even
  // when nothing is found: a later poll must not start from its own "now" and miss what came between.
  const cursor = parseCursor(ctx.cursor) ?? { time: ctx.since ?? new Date().toISOString() };
  const soql = `SELECT Id, ${field}, ${names.join(', ')} FROM ${object} WHERE ${afterCursor(field, cursor)} ORDER BY ${field} ASC, Id ASC LIMIT ${PAGE}`;
  const res = await call(ctx, { path: 'query', query: { q: soql } }, `polling ${object}`);
  const batch: unknown = isRecord(res.body) ? res.body.records : undefined;
  const records = (Array.isArray(batch) ? batch : []).map(plainRecord);
  const last = records.at(-1);
  const next: Cursor = last && typeof last[field] === 'string' && typeof last.Id === 'string' ? { time: last[field], id: last.Id } : cursor;
  return {
    events: records.map((record) => ({
      // A new record is one event; an update is one event per change (its SystemModstamp).
      dedupeKey: field === 'CreatedDate' ? String(record.Id) : `${String(record.Id)}@${String(record[field])}`,
      data: record,
    })),
    cursor: JSON.stringify(next),
    hasMore: records.length === PAGE,
  };
}
