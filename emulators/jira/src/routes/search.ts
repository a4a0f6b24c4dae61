import { createHash } from 'node:crypto';
import { type EmuResponse, json } from '@patchbay/emulator-kit';
import type { ApiCall, ApiRoute } from '../api.ts';
import { JqlError, UNBOUNDED_MESSAGE } from '../jql/errors.ts';
import { type CompiledJql, compileJql } from '../jql/compile.ts';
import { FieldSelection, parseExpand } from '../render/field-selection.ts';
import { renderIssue } from '../render/issue.ts';
import { jiraError } from '../responses.ts';
import type { IssueRecord } from '../store/records.ts';

/**
 * Enhanced search `GET|POST /search/jql` (§10): opaque `nextPageToken`, `isLast`, no `total`, ids
 * only unless `fields` asks for more, bounded JQL only. `POST /search/approximate-count` counts.
 * The removed `/search` answers 410 with Atlassian's migration message.
 */

const DEFAULT_PAGE = 50;
/** §10: up to 5000 issues a page when only ids/keys are asked for, else 100. */
const MAX_IDS_PAGE = 5000;
const MAX_FIELDS_PAGE = 100;
const REMOVED_MESSAGE =
  'The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046';

interface SearchInput {
  jql: string;
  nextPageToken: string | undefined;
  maxResults: number | undefined;
  fields: string[];
  expand: string[];
}

export const searchRoutes: readonly ApiRoute[] = [
  { method: 'GET', path: '/search/jql', scope: 'read:jira-work', handler: (call) => search(call, fromQuery(call.req.query)) },
  { method: 'POST', path: '/search/jql', scope: 'read:jira-work', handler: (call) => search(call, fromBody(call.req.body)) },
  {
    method: 'POST',
    path: '/search/approximate-count',
    scope: 'read:jira-work',
    handler: ({ req, store, accountId }) => {
      const outcome = compileBounded(store, stringField(req.body, 'jql') ?? '', accountId);
      if (!outcome.ok) return outcome.refusal;
      return json(200, { count: store.issues.filter(outcome.compiled.matches).length });
    },
  },
  { method: 'GET', path: '/search', scope: 'read:jira-work', handler: () => jiraError(410, [REMOVED_MESSAGE]) },
  { method: 'POST', path: '/search', scope: 'read:jira-work', handler: () => jiraError(410, [REMOVED_MESSAGE]) },
];

function fromQuery(query: URLSearchParams): SearchInput {
  const max = query.get('maxResults');
  return {
    jql: query.get('jql') ?? '',
    nextPageToken: query.get('nextPageToken') ?? undefined,
    maxResults: max === null ? undefined : Number(max),
    fields: query.getAll('fields'),
    expand: query.getAll('expand'),
  };
}

function fromBody(body: unknown): SearchInput | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const fields: unknown = Reflect.get(body, 'fields');
  const expand: unknown = Reflect.get(body, 'expand');
  const max: unknown = Reflect.get(body, 'maxResults');
  const strings = (value: unknown) => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : typeof value === 'string' ? [value] : []);
  return {
    jql: stringField(body, 'jql') ?? '',
    nextPageToken: stringField(body, 'nextPageToken'),
    maxResults: max === undefined || max === null ? undefined : Number(max),
    fields: strings(fields),
    expand: strings(expand),
  };
}

function stringField(body: unknown, name: string): string | undefined {
  const value: unknown = typeof body === 'object' && body !== null ? Reflect.get(body, name) : undefined;
  return typeof value === 'string' ? value : undefined;
}

type CompileOutcome = { ok: true; compiled: CompiledJql } | { ok: false; refusal: EmuResponse };

/** The query, or Jira's 400 for bad or unbounded JQL (both search and count require bounds). */
function compileBounded(store: ApiCall['store'], jql: string, accountId: string): CompileOutcome {
  try {
    const compiled = compileJql(store, jql, { now: store.now(), accountId });
    return compiled.bounded ? { ok: true, compiled } : { ok: false, refusal: jiraError(400, [UNBOUNDED_MESSAGE]) };
  } catch (err) {
    if (err instanceof JqlError) return { ok: false, refusal: jiraError(400, err.messages) };
    throw err;
  }
}

function search({ links, store, accountId }: ApiCall, input: SearchInput | undefined): EmuResponse {
  if (!input) return jiraError(400, ['Invalid request payload. Refer to the REST API documentation and try again.']);
  const selection = FieldSelection.parse(input.fields, 'id');
  const ceiling = selection.namesFieldsBeyondKey ? MAX_FIELDS_PAGE : MAX_IDS_PAGE;
  const requested = input.maxResults ?? DEFAULT_PAGE;
  // UNCERTAIN wording; real Jira refuses a maxResults outside 1..5000 and quietly lowers one above
  // the page ceiling ("may return fewer than asked", §10).
  if (!Number.isInteger(requested) || requested < 1 || requested > MAX_IDS_PAGE) {
    return jiraError(400, [`The maxResults parameter must be between 1 and ${MAX_IDS_PAGE}.`]);
  }
  const outcome = compileBounded(store, input.jql, accountId);
  if (!outcome.ok) return outcome.refusal;
  const { compiled } = outcome;
  const offset = input.nextPageToken === undefined ? 0 : readPageToken(input.nextPageToken, input.jql);
  // UNCERTAIN wording for a token that is not one of ours or belongs to another query.
  if (offset === undefined) return jiraError(400, ['The provided next page token is invalid or expired.']);
  const size = Math.min(requested, ceiling);
  const matching = store.issues.filter(compiled.matches).sort((a, b) => compiled.compare(a, b));
  const page = matching.slice(offset, offset + size);
  const isLast = offset + size >= matching.length;
  const expand = parseExpand(input.expand);
  const render = (issue: IssueRecord) => (selection.idOnly ? { id: issue.id } : renderIssue(links, store, issue, selection, expand));
  return json(200, {
    issues: page.map(render),
    // The last page has no `nextPageToken` key at all (NANGO-T recording).
    ...(isLast ? {} : { nextPageToken: pageToken(offset + size, input.jql) }),
    isLast,
  });
}

const queryDigest = (jql: string) => createHash('sha256').update(jql).digest('base64url').slice(0, 16);

/** Opaque to clients, like Jira's: the offset of the next page bound to the query it continues. */
function pageToken(offset: number, jql: string): string {
  return Buffer.from(JSON.stringify({ o: offset, q: queryDigest(jql) })).toString('base64url');
}

function readPageToken(token: string, jql: string): number | undefined {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    const offset: unknown = typeof decoded === 'object' && decoded !== null ? Reflect.get(decoded, 'o') : undefined;
    const digest: unknown = typeof decoded === 'object' && decoded !== null ? Reflect.get(decoded, 'q') : undefined;
    return typeof offset === 'number' && Number.isInteger(offset) && offset >= 0 && digest === queryDigest(jql) ? offset : undefined;
  } catch {
    return undefined;
  }
}
