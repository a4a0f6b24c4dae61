/**
 * `startAt`/`maxResults` of offset-paged resources. Values that are not integers fall back to the
 * default rather than failing: jira.js 5 sends `startAt=false` when a method is called with a bare key.
 */
export function intParam(raw: string | null | undefined, fallback: number): number {
  if (raw === null || raw === undefined || !/^-?\d+$/.test(raw.trim())) return fallback;
  return Number(raw);
}

export interface PageWindow {
  startAt: number;
  maxResults: number;
}

export function pageWindow(query: URLSearchParams, defaultSize: number, maxSize: number): PageWindow {
  return {
    startAt: Math.max(0, intParam(query.get('startAt'), 0)),
    maxResults: Math.min(maxSize, Math.max(0, intParam(query.get('maxResults'), defaultSize))),
  };
}

/** Comma-separated and/or repeated list parameters (`keys=PB,OPS` or `keys=PB&keys=OPS`). */
export function listParam(query: URLSearchParams, name: string): string[] {
  return query
    .getAll(name)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '' && v !== 'false');
}
