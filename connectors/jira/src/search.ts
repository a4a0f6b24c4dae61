import { call, isRecord, recordsOf, textOf } from './api.ts';
import type { JiraContext } from './fields.ts';

/** Issues per page when fields are asked for: the most Jira returns then (§10). */
export const SEARCH_PAGE = 100;

export interface SearchedIssue {
  id: string;
  key: string;
  self: string;
  fields: Record<string, unknown>;
}

export interface SearchPage {
  issues: SearchedIssue[];
  /** Absent on the last page (§10). */
  nextPageToken: string | undefined;
}

export interface SearchRequest {
  jql: string;
  fields: readonly string[];
  maxResults: number;
  nextPageToken?: string;
}

/**
 * One page of the current JQL search, `POST /search/jql` (§10): a JSON body, so long queries fit;
 * pages chain through the opaque `nextPageToken`, and the last one has none.
 */
export async function searchPage(ctx: JiraContext, request: SearchRequest, what: string): Promise<SearchPage> {
  const body = { jql: request.jql, fields: [...request.fields], maxResults: request.maxResults, ...(request.nextPageToken ? { nextPageToken: request.nextPageToken } : {}) };
  const res = await call(ctx, { method: 'POST', path: 'search/jql', body }, what);
  const issues = recordsOf(res.body, 'issues').map((issue) => ({
    id: textOf(issue, 'id') ?? '',
    key: textOf(issue, 'key') ?? '',
    self: textOf(issue, 'self') ?? '',
    fields: isRecord(issue.fields) ? issue.fields : {},
  }));
  const last = isRecord(res.body) && res.body.isLast === true;
  return { issues, nextPageToken: last ? undefined : textOf(res.body, 'nextPageToken') };
}
