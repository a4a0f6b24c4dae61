import { json } from '@patchbay/emulator-kit';
import type { ApiRoute } from '../api.ts';
import { createMetaFields, listFields } from '../fields/describe.ts';
import { renderIssueType } from '../render/entities.ts';
import { jiraError, projectNotFound } from '../responses.ts';
import { pageWindow } from './paging.ts';

/** Create metadata pages: 50 by default (§8); UNCERTAIN cap of 200, Jira's usual page ceiling. */
const DEFAULT_PAGE = 50;
const MAX_PAGE = 200;

/** `GET /issuetype` (§6), `GET /field` (§7) and the two current create metadata calls (§8). */
export const metadataRoutes: readonly ApiRoute[] = [
  {
    method: 'GET',
    path: '/issuetype',
    scope: 'read:jira-work',
    handler: ({ links, store }) => json(200, store.issueTypes.map((t) => renderIssueType(links, t))),
  },
  {
    method: 'GET',
    path: '/field',
    scope: 'read:jira-work',
    handler: ({ store }) => json(200, listFields(store)),
  },
  {
    method: 'GET',
    path: '/issue/createmeta/:projectIdOrKey/issuetypes',
    scope: 'read:jira-work',
    handler: ({ req, links, store }) => {
      const project = store.project(req.params.projectIdOrKey ?? '');
      if (!project) return projectNotFound(req.params.projectIdOrKey ?? '');
      const { startAt, maxResults } = pageWindow(req.query, DEFAULT_PAGE, MAX_PAGE);
      const types = store.projectIssueTypes(project);
      return json(200, {
        issueTypes: types.slice(startAt, startAt + maxResults).map((t) => renderIssueType(links, t)),
        maxResults,
        startAt,
        total: types.length,
      });
    },
  },
  {
    method: 'GET',
    path: '/issue/createmeta/:projectIdOrKey/issuetypes/:issueTypeId',
    scope: 'read:jira-work',
    handler: ({ req, links, store }) => {
      const project = store.project(req.params.projectIdOrKey ?? '');
      if (!project) return projectNotFound(req.params.projectIdOrKey ?? '');
      const issueType = store.projectIssueTypes(project).find((t) => t.id === req.params.issueTypeId);
      // UNCERTAIN wording: an issue type that is not in the project's scheme.
      if (!issueType) return jiraError(404, [`Issue type with id '${req.params.issueTypeId ?? ''}' does not exist in project '${project.key}'.`]);
      const { startAt, maxResults } = pageWindow(req.query, DEFAULT_PAGE, MAX_PAGE);
      const fields = createMetaFields(links, store, project, issueType);
      return json(200, { fields: fields.slice(startAt, startAt + maxResults), maxResults, startAt, total: fields.length });
    },
  },
];
