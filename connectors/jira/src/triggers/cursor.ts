import { isRecord, textOf } from '../api.ts';

/**
 * Where the trigger resumes. `since` is where the user chose to begin (nothing updated before it is
 * ever sent); `updated` the newest `fields.updated` seen, where the next window starts; `page` a
 * search whose pages are still being read. JQL dates have minute precision, so more issues than a page
 * holds can share a window's first minute: starting a new window from the newest issue seen would
 * then return the same page forever, so the rest is read with Jira's `nextPageToken` instead.
 */
export interface Cursor {
  since: string;
  updated?: string;
  page?: { jql: string; token: string };
}

export function parseCursor(raw: string | undefined): Cursor | undefined {
  if (!raw) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return undefined;
  }
  const since = textOf(parsed, 'since');
  if (!since) return undefined;
  const updated = textOf(parsed, 'updated');
  const page = isRecord(parsed) ? parsed.page : undefined;
  const jql = textOf(page, 'jql');
  const token = textOf(page, 'token');
  return { since, ...(updated ? { updated } : {}), ...(jql && token ? { page: { jql, token } } : {}) };
}
