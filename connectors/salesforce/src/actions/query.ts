import { Type, defineAction } from '@patchbay/sdk';
import { call, isRecord, plainRecord } from '../api.ts';
import { connection } from '../connection.ts';

const MAX_RECORDS = 10_000;

export const query = defineAction(connection, {
  title: 'Query records (SOQL)',
  description: 'Runs a SOQL query and returns its records, following Salesforce\'s pages (nextRecordsUrl) up to the limit.',
  scopes: ['api'],
  input: Type.Object(
    {
      soql: Type.String({ minLength: 1, maxLength: 100_000, title: 'SOQL', examples: ["SELECT Id, Name FROM Account WHERE Industry = 'Energy'"] }),
      limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_RECORDS, default: 2000, title: 'At most this many records' })),
    },
    { additionalProperties: false },
  ),
  output: Type.Object({ records: Type.Array(Type.Record(Type.String(), Type.Unknown())), totalSize: Type.Integer(), done: Type.Boolean() }),
  async run(ctx) {
    const limit = ctx.input.limit ?? 2000;
    const records: Record<string, unknown>[] = [];
    let res = await call(ctx, { path: 'query', query: { q: ctx.input.soql } }, 'the SOQL query');
    for (;;) {
      const page = isRecord(res.body) ? res.body : {};
      const batch: unknown = page.records;
      for (const record of Array.isArray(batch) ? batch : []) if (records.length < limit) records.push(plainRecord(record));
      const next = typeof page.nextRecordsUrl === 'string' ? page.nextRecordsUrl : undefined;
      const totalSize = typeof page.totalSize === 'number' ? page.totalSize : records.length;
      if (!next || page.done === true || records.length >= limit) return { records, totalSize, done: !next || page.done === true };
      // `nextRecordsUrl` is `/services/data/vXX.X/query/<locator>` (§17): the locator part is under our API base.
      res = await call(ctx, { path: next.replace(/^\/services\/data\/v[\d.]+\//, '') }, 'the next page of the SOQL query');
    }
  },
});
