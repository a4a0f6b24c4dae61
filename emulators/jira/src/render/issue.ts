import { customSchema } from '../fields/custom.ts';
import { optionValue } from '../fields/describe.ts';
import { SYSTEM_FIELDS, type JsonType } from '../fields/system.ts';
import type { CustomFieldRecord, CustomValue, IssueRecord } from '../store/records.ts';
import type { JiraStore } from '../store/store.ts';
import { jiraTimestamp } from '../time.ts';
import { renderComment, renderIssueType, renderProjectRef, renderStatus, renderUser } from './entities.ts';
import type { FieldSelection } from './field-selection.ts';
import type { Links } from './links.ts';

const ISSUE_EXPAND = 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations';

interface FieldOutput {
  id: string;
  name: string;
  navigable: boolean;
  schema: JsonType | undefined;
  value: () => unknown;
}

/**
 * An issue as GET issue and search return it. Unset custom fields are present as `null`, as in
 * real answers; `expand=names,schema` add the maps Jira documents.
 */
export function renderIssue(links: Links, store: JiraStore, issue: IssueRecord, selection: FieldSelection, expand: ReadonlySet<string>) {
  const outputs = fieldOutputs(links, store, issue).filter((f) => selection.includes(f.id, f.navigable));
  const fields = Object.fromEntries(outputs.map((f) => [f.id, f.value()]));
  return {
    expand: ISSUE_EXPAND,
    id: issue.id,
    self: links.issue(issue.id),
    key: issue.key,
    ...(expand.has('names') ? { names: Object.fromEntries(outputs.map((f) => [f.id, f.name])) } : {}),
    ...(expand.has('schema') ? { schema: Object.fromEntries(outputs.filter((f) => f.schema).map((f) => [f.id, f.schema])) } : {}),
    fields,
  };
}

function fieldOutputs(links: Links, store: JiraStore, issue: IssueRecord): FieldOutput[] {
  const userOrNull = (accountId: string | null) => {
    const user = store.user(accountId);
    return user ? renderUser(links, user) : null;
  };
  const project = store.project(issue.projectId);
  const issueType = store.issueType(issue.issueTypeId);
  const status = store.status(issue.statusId);
  const values: Record<string, () => unknown> = {
    summary: () => issue.summary,
    issuetype: () => (issueType ? renderIssueType(links, issueType) : null),
    project: () => (project ? renderProjectRef(links, project) : null),
    description: () => issue.description,
    reporter: () => userOrNull(issue.reporterId),
    assignee: () => userOrNull(issue.assigneeId),
    labels: () => [...issue.labels],
    status: () => (status ? renderStatus(links, status) : null),
    created: () => jiraTimestamp(issue.created),
    updated: () => jiraTimestamp(issue.updated),
    comment: () => {
      const comments = store.issueComments(issue).map((c) => renderComment(links, store, c));
      return { comments, self: `${links.issue(issue.id)}/comment`, maxResults: comments.length, total: comments.length, startAt: 0 };
    },
  };
  const system = SYSTEM_FIELDS.filter((f) => values[f.id]).map((f) => ({
    id: f.id,
    name: f.name,
    navigable: f.navigable,
    schema: f.schema,
    value: values[f.id] ?? (() => null),
  }));
  const custom = store.customFields.map((f) => ({
    id: f.id,
    name: f.name,
    navigable: true,
    schema: customSchema(f),
    value: () => renderCustomValue(links, f, issue.custom.get(f.id)),
  }));
  return [...system, ...custom];
}

export function renderCustomValue(links: Links, field: CustomFieldRecord, value: CustomValue | undefined): unknown {
  if (value === undefined) return null;
  if (field.type === 'select') {
    const option = field.options.find((o) => o.id === value);
    return option ? optionValue(links, option) : null;
  }
  return Array.isArray(value) ? [...value] : value;
}
