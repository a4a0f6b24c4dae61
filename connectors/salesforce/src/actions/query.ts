import { Type, defineAction } from '@patchbay/sdk';
import { call, isRecord, plainRecord } from '../api.ts';
import { connection } from '../connection.ts';

const MAX_RECORDS = 10_000;
const DEFAULT_LIMIT = 2000;

/**
 * The batch to ask for (§17: 200–2000, 2000 by default; a wish, not a promise): just enough for the
 * limit, so a query stopped at 300 records does not fetch 2000 first.
 */
const batchSizeFor = (limit: number) => Math.min(2000, Math.max(200, limit));

export const query = defineAction(connection, {
  title: 'Query records (SOQL)',
  description: "Runs a SOQL query and returns its records, following Salesforce's batches (nextRecordsUrl) up to the limit.",
  scopes: ['api'],
  input: Type.Object(
    {
      soql: Type.String({ minLength: 1, maxLength: 100_000, title: 'SOQL', examples: ["SELECT Id, Name FROM Account WHERE Industry = 'Energy'"] }),
      limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_RECORDS, default: DEFAULT_LIMIT, title: 'At most this many records' })),
    },
    { additionalProperties: false },
  ),
  output: Type.Object({
    records: Type.Array(Type.Record(Type.String(), Type.Unknown())),
    totalSize: Type.Integer({ description: 'How many records the query matches, returned or not.' }),
    done: Type.Boolean({ description: 'False when the limit stopped the reading before the last record.' }),
  }),
  async run(ctx) {
    const limit = ctx.input.limit ?? DEFAULT_LIMIT;
    const headers = { 'Sforce-Query-Options': `batchSize=${batchSizeFor(limit)}` };
    const records: Record<string, unknown>[] = [];
    let leftOut = false;
    let res = await call(ctx, { path: 'query', query: { q: ctx.input.soql }, headers }, 'the SOQL query');
    for (;;) {
      const page = isRecord(res.body) ? res.body : {};
      const batch: unknown = page.records;
      for (const record of Array.isArray(batch) ? batch : []) {
        if (records.length < limit) records.push(plainRecord(record));
        else leftOut = true;
      }
      const next = page.done === true || typeof page.nextRecordsUrl !== 'string' ? undefined : page.nextRecordsUrl;
      const totalSize = typeof page.totalSize === 'number' ? page.totalSize : records.length;
      if (!next || records.length >= limit) return { records, totalSize, done: !next && !leftOut };
      // `nextRecordsUrl` is `/services/data/vXX.X/query/<locator>` (§17): the locator part is under our API base.
      res = await call(ctx, { path: next.replace(/^\/services\/data\/v[\d.]+\//, ''), headers }, 'the next batch of the SOQL query');
    }
  },
});
