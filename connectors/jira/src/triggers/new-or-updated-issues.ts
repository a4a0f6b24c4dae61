import { AppError, Type, defineTrigger } from '@patchbay/sdk';
import { Issue, ProjectRef } from '../actions/inputs.ts';
import { connection, myself } from '../connection.ts';
import type { JiraContext } from '../fields.ts';
import { isKnownTimeZone, jqlDateTime, jqlString, parseJiraTime } from '../jql.ts';
import { SEARCH_PAGE, type SearchPage, searchPage } from '../search.ts';
import { type Cursor, parseCursor } from './cursor.ts';

const MINUTE = 60_000;

const Input = Type.Object(
  {
    project: Type.Optional(ProjectRef),
    jql: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 10_000,
        // The trigger orders the search itself; an ORDER BY inside the restriction would break it.
        pattern: '^(?![\\s\\S]*\\b[oO][rR][dD][eE][rR]\\s+[bB][yY]\\b)[\\s\\S]*$',
        title: 'Only issues matching (JQL)',
        description: 'An extra JQL restriction without ORDER BY, e.g. labels = customer AND status != Done.',
      }),
    ),
    intervalSeconds: Type.Optional(Type.Integer({ minimum: 10, maximum: 86_400, title: 'Check every (seconds)', description: 'Default 300.' })),
  },
  { additionalProperties: false },
);

/** The user's time zone, in which Jira reads JQL date literals (§11); UTC when Jira names none we know. */
async function searchTimeZone(ctx: JiraContext): Promise<string> {
  const { timeZone } = await myself(ctx);
  if (timeZone && isKnownTimeZone(timeZone)) return timeZone;
  ctx.log.warn('the Jira user has no known time zone; reading JQL dates as UTC', { timeZone });
  return 'UTC';
}

/**
 * The search from where the cursor is. JQL dates have minute precision, so the window starts at the
 * minute of the newest issue seen, one minute earlier still for issues Jira indexes late (its search
 * is eventually consistent, §10): issues seen again keep their `dedupeKey` and are dropped. (In the
 * hour a clock falls back, a local minute names two instants; Jira picks one, which can widen or
 * narrow that one window by an hour.)
 */
async function windowJql(ctx: JiraContext & { input: { project?: string; jql?: string } }, cursor: Cursor): Promise<string> {
  const newest = cursor.updated ? parseJiraTime(cursor.updated) : undefined;
  const from = newest !== undefined ? Math.floor(newest / MINUTE) * MINUTE - MINUTE : Math.floor(Date.parse(cursor.since) / MINUTE) * MINUTE;
  const clauses = [`updated >= ${jqlDateTime(from, await searchTimeZone(ctx))}`];
  if (ctx.input.project) clauses.push(`project = ${jqlString(ctx.input.project)}`);
  if (ctx.input.jql) clauses.push(`(${ctx.input.jql})`);
  return `${clauses.join(' AND ')} ORDER BY updated ASC, key ASC`;
}

/** The later of the cursor's `updated` and the page's last issue's (pages are ordered by `updated`). */
function newestUpdated(previous: string | undefined, page: SearchPage): string | undefined {
  const last = page.issues.at(-1)?.fields.updated;
  if (typeof last !== 'string') return previous;
  return previous !== undefined && (parseJiraTime(previous) ?? 0) > (parseJiraTime(last) ?? 0) ? previous : last;
}

async function readPage(ctx: JiraContext, jql: string, token: string | undefined): Promise<SearchPage> {
  return searchPage(ctx, { jql, fields: ['*navigable'], maxResults: SEARCH_PAGE, ...(token ? { nextPageToken: token } : {}) }, 'polling issues');
}

/** Where this poll reads: the next page of a search under way, else the first page of a new window. */
async function nextPage(ctx: JiraContext & { input: { project?: string; jql?: string } }, cursor: Cursor): Promise<{ jql: string; page: SearchPage }> {
  if (cursor.page) {
    try {
      return { jql: cursor.page.jql, page: await readPage(ctx, cursor.page.jql, cursor.page.token) };
    } catch (err) {
      // A page token Jira no longer takes (they expire): read the window again from its start.
      if (!(err instanceof AppError && err.appStatus === 400)) throw err;
      ctx.log.warn('Jira refused the saved page token; searching the window again');
    }
  }
  const jql = await windowJql(ctx, cursor);
  return { jql, page: await readPage(ctx, jql, undefined) };
}

export const newOrUpdatedIssues = defineTrigger(connection, {
  title: 'New or updated issues',
  description: 'Runs once for each new issue and each change of an issue (comments included), oldest first, in one project or the whole site, optionally narrowed by JQL.',
  kind: 'polling',
  scopes: ['read:jira-work', 'read:jira-user'],
  input: Input,
  output: Issue,
  picklists: { project: 'projects' },
  async poll(ctx) {
    const cursor = parseCursor(ctx.cursor) ?? { since: ctx.since ?? new Date().toISOString() };
    const sinceMs = Date.parse(cursor.since);
    const { jql, page } = await nextPage(ctx, cursor);
    const updated = newestUpdated(cursor.updated, page);
    const next: Cursor = {
      since: cursor.since,
      ...(updated ? { updated } : {}),
      ...(page.nextPageToken ? { page: { jql, token: page.nextPageToken } } : {}),
    };
    const events = page.issues.flatMap((issue) => {
      const changed = typeof issue.fields.updated === 'string' ? issue.fields.updated : '';
      const at = parseJiraTime(changed);
      // The window starts at a whole minute: drop what changed before the chosen start.
      if (at !== undefined && at < sinceMs) return [];
      // A new issue is one event; an update is one event per change (its `updated`).
      return [{ dedupeKey: `${issue.id}@${changed}`, data: issue }];
    });
    return { events, cursor: JSON.stringify(next), hasMore: next.page !== undefined };
  },
});
