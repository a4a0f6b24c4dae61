import { json } from '@patchbay/emulator-kit';
import type { ApiRoute } from '../api.ts';
import { parseExpand } from '../render/field-selection.ts';
import { renderProject } from '../render/entities.ts';
import { projectNotFound } from '../responses.ts';
import type { ProjectRecord } from '../store/records.ts';
import { listParam, pageWindow } from './paging.ts';

/** Page size of `project/search`: 50 by default (UNCERTAIN, §5), never more than 100. */
const DEFAULT_PAGE = 50;
const MAX_PAGE = 100;

const SORTS: Record<string, (a: ProjectRecord, b: ProjectRecord) => number> = {
  key: (a, b) => a.key.localeCompare(b.key),
  name: (a, b) => a.name.localeCompare(b.name),
  id: (a, b) => Number(a.id) - Number(b.id),
};

/** `GET /project/search` with the full `Page` envelope (§5) and `GET /project/{idOrKey}`. */
export const projectRoutes: readonly ApiRoute[] = [
  {
    method: 'GET',
    path: '/project/search',
    scope: 'read:jira-work',
    handler: ({ req, links, store }) => {
      const { startAt, maxResults } = pageWindow(req.query, DEFAULT_PAGE, MAX_PAGE);
      const keys = listParam(req.query, 'keys').map((k) => k.toUpperCase());
      const ids = listParam(req.query, 'id');
      const text = req.query.get('query')?.toLowerCase();
      const typeKey = req.query.get('typeKey');
      const orderBy = req.query.get('orderBy') ?? 'key';
      const sort = SORTS[orderBy.replace(/^[+-]/, '')] ?? SORTS.key;
      const matching = store.projects
        .filter((p) => keys.length === 0 || keys.includes(p.key))
        .filter((p) => ids.length === 0 || ids.includes(p.id))
        .filter((p) => !text || p.key.toLowerCase().includes(text) || p.name.toLowerCase().includes(text))
        .filter((p) => !typeKey || typeKey.split(',').includes(p.projectTypeKey))
        .sort((a, b) => (orderBy.startsWith('-') ? -1 : 1) * (sort?.(a, b) ?? 0));
      const issueTypes = parseExpand(req.query.getAll('expand')).has('issueTypes');
      const isLast = startAt + maxResults >= matching.length;
      const pageUrl = (at: number) => {
        const params = new URLSearchParams(req.query);
        params.set('maxResults', String(maxResults));
        params.set('startAt', String(at));
        return `${links.api}/project/search?${params.toString()}`;
      };
      return json(200, {
        self: pageUrl(startAt),
        ...(isLast ? {} : { nextPage: pageUrl(startAt + maxResults) }),
        maxResults,
        startAt,
        total: matching.length,
        isLast,
        values: matching.slice(startAt, startAt + maxResults).map((p) => renderProject(links, store, p, { full: false, issueTypes })),
      });
    },
  },
  {
    method: 'GET',
    path: '/project/:projectIdOrKey',
    scope: 'read:jira-work',
    handler: ({ req, links, store }) => {
      const project = store.project(req.params.projectIdOrKey ?? '');
      if (!project) return projectNotFound(req.params.projectIdOrKey ?? '');
      return json(200, renderProject(links, store, project, { full: true, issueTypes: true }));
    },
  },
];
