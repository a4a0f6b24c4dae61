import { Type, defineAction } from '@patchbay/sdk';
import { bodyOf, call, records } from '../api.ts';
import { connection } from '../connection.ts';

/** Search answers at most 1,000 results, 100 a page (§9). */
const MAX_RESULTS = 1000;
const PAGE_SIZE = 100;

/** The page number a `next_page` URL asks for; undefined when there is none. */
function nextPage(nextPageUrl: unknown): number | undefined {
  if (typeof nextPageUrl !== 'string') return undefined;
  const page = Number(new URL(nextPageUrl).searchParams.get('page'));
  return Number.isInteger(page) && page > 1 ? page : undefined;
}

export const search = defineAction(connection, {
  title: 'Search',
  description: 'Runs a Zendesk search (tickets, users, organizations) and returns its results, following the pages up to the limit. Example query: type:ticket status:open organization:"Acme".',
  scopes: ['read'],
  input: Type.Object(
    {
      query: Type.String({ minLength: 1, maxLength: 10_000, title: 'Query', examples: ['type:ticket status<solved', 'type:organization name:"Acme"'] }),
      limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_RESULTS, default: 100, title: 'At most this many results' })),
    },
    { additionalProperties: false },
  ),
  output: Type.Object({
    results: Type.Array(Type.Record(Type.String(), Type.Unknown()), { description: 'Each with `result_type`: ticket, user, organization …' }),
    count: Type.Integer({ description: 'How many records match in all, beyond the limit too.' }),
  }),
  async run(ctx) {
    const limit = ctx.input.limit ?? 100;
    const perPage = Math.min(PAGE_SIZE, limit);
    const results: Record<string, unknown>[] = [];
    let page = 1;
    for (;;) {
      // Search pages by offset only: cursor parameters are refused (§9). The next page's number is
      // read from `next_page`, and asked of our own base URL rather than of the host Zendesk names.
      const res = await call(ctx, { path: 'search', query: { query: ctx.input.query, per_page: perPage, page: page > 1 ? page : undefined } }, 'the search');
      const body = bodyOf(res);
      results.push(...records(body.results).slice(0, limit - results.length));
      const count = typeof body.count === 'number' ? body.count : results.length;
      const next = nextPage(body.next_page);
      if (next === undefined || next <= page || results.length >= limit) return { results, count };
      page = next;
    }
  },
});
