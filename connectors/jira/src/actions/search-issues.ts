import { Type, defineAction } from '@patchbay/sdk';
import { connection } from '../connection.ts';
import { SEARCH_PAGE, type SearchedIssue, searchPage } from '../search.ts';
import { Issue } from './inputs.ts';

const MAX_ISSUES = 5000;

export const searchIssues = defineAction(connection, {
  title: 'Search issues (JQL)',
  description: "Runs a JQL query and returns its issues, following Jira's pages up to the limit. Example: { \"jql\": \"project = PB AND status != Done ORDER BY created DESC\", \"limit\": 20 }.",
  scopes: ['read:jira-work'],
  input: Type.Object(
    {
      jql: Type.String({ minLength: 1, maxLength: 100_000, title: 'JQL', description: 'Must restrict the search (Jira refuses a query with only ORDER BY).', examples: ['project = PB AND updated >= -7d ORDER BY updated DESC'] }),
      fields: Type.Optional(
        Type.Array(Type.String({ minLength: 1, maxLength: 100, pattern: '^(\\*all|\\*navigable|-?[A-Za-z][A-Za-z0-9_]*)$' }), {
          minItems: 1,
          maxItems: 200,
          title: 'Fields',
          description: 'Field ids to return, *navigable or *all. Default *navigable.',
        }),
      ),
      limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_ISSUES, default: 100, title: 'At most this many issues' })),
    },
    { additionalProperties: false },
  ),
  output: Type.Object({ issues: Type.Array(Issue) }),
  async run(ctx) {
    const limit = ctx.input.limit ?? 100;
    const fields = ctx.input.fields ?? ['*navigable'];
    const issues: SearchedIssue[] = [];
    let nextPageToken: string | undefined;
    do {
      const page = await searchPage(ctx, { jql: ctx.input.jql, fields, maxResults: Math.min(SEARCH_PAGE, limit - issues.length), nextPageToken }, 'the JQL search');
      issues.push(...page.issues.slice(0, limit - issues.length));
      // An empty page that claims more would otherwise be asked for again and again.
      nextPageToken = page.issues.length > 0 ? page.nextPageToken : undefined;
    } while (nextPageToken !== undefined && issues.length < limit);
    return { issues };
  },
});
