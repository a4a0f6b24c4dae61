import type { CommentRecord, IssueTypeRecord, ProjectRecord, StatusCategoryKey, StatusRecord, UserRecord } from '../store/records.ts';
import type { JiraStore } from '../store/store.ts';
import { jiraTimestamp } from '../time.ts';
import type { Links } from './links.ts';

/** Jira's JSON for the small entities that issues, projects and metadata embed. */

export function renderUser(links: Links, user: UserRecord) {
  return {
    self: links.user(user.accountId),
    accountId: user.accountId,
    emailAddress: user.email,
    avatarUrls: links.userAvatars(user.accountId),
    displayName: user.displayName,
    active: true,
    timeZone: user.timeZone,
    accountType: 'atlassian',
  };
}

export function renderIssueType(links: Links, type: IssueTypeRecord) {
  return {
    self: links.issueType(type.id),
    id: type.id,
    description: type.description,
    iconUrl: links.issueTypeIcon(type.avatarId),
    name: type.name,
    untranslatedName: type.name,
    subtask: type.hierarchyLevel < 0,
    avatarId: type.avatarId,
    hierarchyLevel: type.hierarchyLevel,
  };
}

const CATEGORIES: Record<StatusCategoryKey, { id: number; colorName: string; name: string }> = {
  new: { id: 2, colorName: 'blue-gray', name: 'To Do' },
  indeterminate: { id: 4, colorName: 'yellow', name: 'In Progress' },
  done: { id: 3, colorName: 'green', name: 'Done' },
};

export function renderStatus(links: Links, status: StatusRecord) {
  const category = CATEGORIES[status.category];
  return {
    self: links.status(status.id),
    description: status.description,
    iconUrl: `${links.root}/`,
    name: status.name,
    id: status.id,
    statusCategory: { self: links.statusCategory(category.id), id: category.id, key: status.category, colorName: category.colorName, name: category.name },
  };
}

/** The short project object embedded in issues and `project/search` values. */
export function renderProjectRef(links: Links, project: ProjectRecord) {
  return {
    self: links.project(project.id),
    id: project.id,
    key: project.key,
    name: project.name,
    projectTypeKey: project.projectTypeKey,
    simplified: false,
    avatarUrls: links.projectAvatars(project.avatarId),
  };
}

/** `GET /project/{key}` and `project/search` values; `issueTypes` only when expanded or `full`. */
export function renderProject(links: Links, store: JiraStore, project: ProjectRecord, options: { full: boolean; issueTypes: boolean }) {
  const lead = store.users[0];
  const base = {
    expand: 'description,lead,issueTypes,url,projectKeys,permissions,insight',
    ...renderProjectRef(links, project),
    style: 'classic',
    isPrivate: false,
    properties: {},
  };
  const issueTypes = options.full || options.issueTypes ? { issueTypes: store.projectIssueTypes(project).map((t) => renderIssueType(links, t)) } : {};
  if (!options.full) return { ...base, ...issueTypes };
  return {
    ...base,
    description: project.description,
    lead: lead ? renderUser(links, lead) : undefined,
    components: [],
    ...issueTypes,
    assigneeType: 'UNASSIGNED',
    versions: [],
    roles: {},
  };
}

export function renderComment(links: Links, store: JiraStore, comment: CommentRecord) {
  const author = store.user(comment.authorId);
  const rendered = author ? renderUser(links, author) : undefined;
  return {
    self: links.comment(comment.issueId, comment.id),
    id: comment.id,
    author: rendered,
    body: comment.body,
    updateAuthor: rendered,
    created: jiraTimestamp(comment.created),
    updated: jiraTimestamp(comment.updated),
    jsdPublic: true,
  };
}
