import { defineConnector } from '@patchbay/sdk';
import { addComment } from './actions/add-comment.ts';
import { createIssue } from './actions/create-issue.ts';
import { searchIssues } from './actions/search-issues.ts';
import { updateIssue } from './actions/update-issue.ts';
import { connection } from './connection.ts';
import { fields, issueTypes, projects } from './picklists.ts';
import { newOrUpdatedIssues } from './triggers/new-or-updated-issues.ts';

/** Jira Cloud: issues of any project, custom fields included, discovered through the connection. */
export default defineConnector({
  key: 'jira',
  title: 'Jira Cloud',
  version: '1.0.0',
  description: 'Jira Cloud issues: create, update, comment, JQL search, and a trigger on new or updated issues. Projects, issue types and fields (custom ones included) come from your site.',
  connection,
  picklists: { projects, issueTypes, fields },
  actions: { createIssue, updateIssue, addComment, searchIssues },
  triggers: { newOrUpdatedIssues },
});
