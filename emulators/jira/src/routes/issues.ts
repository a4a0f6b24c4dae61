import { json } from '@patchbay/emulator-kit';
import type { ApiRoute } from '../api.ts';
import { createIssue, editIssue } from '../issues/write.ts';
import { FieldSelection, parseExpand } from '../render/field-selection.ts';
import { renderIssue } from '../render/issue.ts';
import { issueNotFound } from '../responses.ts';

/** Create, edit and read issues (§9). */
export const issueRoutes: readonly ApiRoute[] = [
  {
    method: 'POST',
    path: '/issue',
    scope: 'write:jira-work',
    handler: ({ req, links, store, accountId }) => {
      const outcome = createIssue(store, req.body, accountId);
      if (!outcome.ok) return json(400, outcome.failure);
      const issue = outcome.value;
      return json(201, { id: issue.id, key: issue.key, self: links.issue(issue.id) });
    },
  },
  {
    method: 'GET',
    path: '/issue/:issueIdOrKey',
    scope: 'read:jira-work',
    handler: ({ req, links, store }) => {
      const issue = store.issue(req.params.issueIdOrKey ?? '');
      if (!issue) return issueNotFound();
      const selection = FieldSelection.parse(req.query.getAll('fields'), '*all');
      return json(200, renderIssue(links, store, issue, selection, parseExpand(req.query.getAll('expand'))));
    },
  },
  {
    method: 'PUT',
    path: '/issue/:issueIdOrKey',
    scope: 'write:jira-work',
    handler: ({ req, links, store }) => {
      const issue = store.issue(req.params.issueIdOrKey ?? '');
      if (!issue) return issueNotFound();
      const outcome = editIssue(store, issue, req.body);
      if (!outcome.ok) return json(400, outcome.failure);
      if (req.query.get('returnIssue') !== 'true') return { status: 204 };
      return json(200, renderIssue(links, store, issue, FieldSelection.parse([], '*all'), parseExpand(req.query.getAll('expand'))));
    },
  },
];
