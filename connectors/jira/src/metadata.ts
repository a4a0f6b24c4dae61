import { AppError } from '@patchbay/sdk';
import { call, isRecord, recordsOf, segment, textOf } from './api.ts';
import type { JiraContext } from './fields.ts';

/** Page size of the metadata lists: Jira's documented default (§5, §8). */
const PAGE = 50;
/** A guard against a server that never says it is done: 200 pages of 50. */
const MAX_PAGES = 200;

export interface ProjectInfo { id: string; key: string; name: string }
export interface IssueTypeInfo { id: string; name: string; subtask: boolean }

/** The schema of a field in create metadata (§7, §8). */
export interface FieldType { type: string; items?: string; system?: string; custom?: string }

/** One field of an issue type's create screen, from the current create-metadata endpoint (§8). */
export interface CreateField {
  fieldId: string;
  name: string;
  required: boolean;
  hasDefaultValue: boolean;
  operations: string[];
  schema: FieldType;
  allowedValues: Record<string, unknown>[];
}

const bool = (value: unknown) => value === true;
const numberOf = (value: unknown, key: string) => (isRecord(value) && typeof value[key] === 'number' ? value[key] : undefined);

/** Projects the user can see, from the paged `project/search` (§5): `isLast` ends the pages. */
export async function listProjects(ctx: JiraContext): Promise<ProjectInfo[]> {
  const projects: ProjectInfo[] = [];
  for (let page = 0, startAt = 0; page < MAX_PAGES; page++) {
    const res = await call(ctx, { path: 'project/search', query: { startAt, maxResults: PAGE, orderBy: 'key' } }, 'the list of projects');
    const values = recordsOf(res.body, 'values');
    for (const value of values) {
      const id = textOf(value, 'id');
      const key = textOf(value, 'key');
      if (id && key) projects.push({ id, key, name: textOf(value, 'name') ?? key });
    }
    if (values.length === 0 || (isRecord(res.body) && res.body.isLast === true)) break;
    startAt += values.length;
  }
  return projects;
}

/** Pages of an offset-paged create-metadata list until `total` is reached. */
async function pagedList(ctx: JiraContext, path: string, key: 'issueTypes' | 'fields', what: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for (let page = 0; page < MAX_PAGES; page++) {
    const res = await call(ctx, { path, query: { startAt: items.length, maxResults: PAGE } }, what);
    const batch = recordsOf(res.body, key);
    items.push(...batch);
    const total = numberOf(res.body, 'total');
    if (batch.length === 0 || total === undefined || items.length >= total) break;
  }
  return items;
}

/** The issue types a project's create screen offers (§8). */
export async function listIssueTypes(ctx: JiraContext, project: string): Promise<IssueTypeInfo[]> {
  const items = await pagedList(ctx, `issue/createmeta/${segment(project)}/issuetypes`, 'issueTypes', `the issue types of project ${project}`);
  return items.flatMap((item) => {
    const id = textOf(item, 'id');
    return id ? [{ id, name: textOf(item, 'name') ?? id, subtask: bool(item.subtask) }] : [];
  });
}

/**
 * The issue type's id: create metadata is keyed by id, people write names. An id is taken as it is
 * (Jira says when the project does not have it).
 */
async function issueTypeId(ctx: JiraContext, project: string, issueType: string): Promise<string> {
  if (/^\d+$/.test(issueType)) return issueType;
  const types = await listIssueTypes(ctx, project);
  const found = types.find((t) => t.name.toLowerCase() === issueType.toLowerCase());
  if (!found) {
    throw new AppError('Jira', 404, 'NOT_FOUND', `Project ${project} has no issue type "${issueType}"; it has ${types.map((t) => t.name).join(', ') || 'none you can create'}.`);
  }
  return found.id;
}

/** The fields of an issue type's create screen, custom fields included (§8). */
export async function createFields(ctx: JiraContext, project: string, issueType: string): Promise<CreateField[]> {
  const id = await issueTypeId(ctx, project, issueType);
  const items = await pagedList(ctx, `issue/createmeta/${segment(project)}/issuetypes/${segment(id)}`, 'fields', `the fields of ${issueType} in project ${project}`);
  return items.flatMap((item) => {
    const fieldId = textOf(item, 'fieldId') ?? textOf(item, 'key');
    if (!fieldId) return [];
    const schema = isRecord(item.schema) ? item.schema : {};
    const optional = (key: string) => {
      const value = textOf(schema, key);
      return value === undefined ? {} : { [key]: value };
    };
    return [{
      fieldId,
      name: textOf(item, 'name') ?? fieldId,
      required: bool(item.required),
      hasDefaultValue: bool(item.hasDefaultValue),
      operations: Array.isArray(item.operations) ? item.operations.filter((o): o is string => typeof o === 'string') : [],
      schema: { type: textOf(schema, 'type') ?? 'any', ...optional('items'), ...optional('system'), ...optional('custom') },
      allowedValues: recordsOf(item, 'allowedValues'),
    }];
  });
}
