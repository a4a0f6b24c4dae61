import { json } from '@patchbay/emulator-kit';
import { NOT_ADF_MESSAGE, isAdfDocument } from '../adf.ts';
import type { ApiRoute } from '../api.ts';
import { renderComment } from '../render/entities.ts';
import { issueNotFound, jiraError } from '../responses.ts';
import { intParam } from './paging.ts';

/** Comments page size: Jira documents a default (and ceiling) of 5000. */
const MAX_COMMENTS = 5000;

/** `POST|GET /issue/{key}/comment` and `GET /issue/{key}/comment/{id}` (§9). */
export const commentRoutes: readonly ApiRoute[] = [
  {
    method: 'POST',
    path: '/issue/:issueIdOrKey/comment',
    scope: 'write:jira-work',
    handler: ({ req, links, store, accountId }) => {
      const issue = store.issue(req.params.issueIdOrKey ?? '');
      if (!issue) return issueNotFound();
      const body: unknown = typeof req.body === 'object' && req.body !== null ? Reflect.get(req.body, 'body') : undefined;
      if (body === undefined || body === null || body === '') return jiraError(400, [], { comment: 'Comment body can not be empty!' });
      if (!isAdfDocument(body)) return jiraError(400, [], { comment: NOT_ADF_MESSAGE });
      const comment = store.insertComment(issue, body, accountId);
      // A comment is a change of the issue: it moves `updated`, which incremental syncs rely on.
      issue.updated = comment.created;
      return json(201, renderComment(links, store, comment));
    },
  },
  {
    method: 'GET',
    path: '/issue/:issueIdOrKey/comment',
    scope: 'read:jira-work',
    handler: ({ req, links, store }) => {
      const issue = store.issue(req.params.issueIdOrKey ?? '');
      if (!issue) return issueNotFound();
      const startAt = Math.max(0, intParam(req.query.get('startAt'), 0));
      const maxResults = Math.min(MAX_COMMENTS, Math.max(0, intParam(req.query.get('maxResults'), MAX_COMMENTS)));
      const newestFirst = req.query.get('orderBy') === '-created';
      const comments = store.issueComments(issue).sort((a, b) => (newestFirst ? -1 : 1) * (a.created - b.created || Number(a.id) - Number(b.id)));
      return json(200, {
        startAt,
        maxResults,
        total: comments.length,
        comments: comments.slice(startAt, startAt + maxResults).map((c) => renderComment(links, store, c)),
      });
    },
  },
  {
    method: 'GET',
    path: '/issue/:issueIdOrKey/comment/:id',
    scope: 'read:jira-work',
    handler: ({ req, links, store }) => {
      const issue = store.issue(req.params.issueIdOrKey ?? '');
      if (!issue) return issueNotFound();
      const comment = store.issueComments(issue).find((c) => c.id === req.params.id);
      // UNCERTAIN wording for a missing comment.
      return comment ? json(200, renderComment(links, store, comment)) : jiraError(404, [`Can not find a comment for the id: ${req.params.id ?? ''}.`]);
    },
  },
];
