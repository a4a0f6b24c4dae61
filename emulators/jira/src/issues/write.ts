import type { IssueRecord, IssueTypeRecord, ProjectRecord } from '../store/records.ts';
import type { JiraStore } from '../store/store.ts';
import { type Change, SUMMARY_REQUIRED, prepareOperations, prepareSet } from './field-input.ts';

/** `POST /issue` and `PUT /issue/{key}` (§9): all fields are checked, then all are applied. */

export interface WriteFailure {
  errorMessages: string[];
  errors: Record<string, string>;
}

export type WriteOutcome<T> = { ok: true; value: T } | { ok: false; failure: WriteFailure };

interface IssueInput {
  fields: Record<string, unknown>;
  update: Record<string, unknown>;
}

const BAD_PAYLOAD = 'Invalid request payload. Refer to the REST API documentation and try again.';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function readInput(body: unknown): IssueInput | undefined {
  if (body === undefined) return { fields: {}, update: {} };
  if (!isObject(body)) return undefined;
  const fields = body.fields ?? {};
  const update = body.update ?? {};
  return isObject(fields) && isObject(update) ? { fields, update } : undefined;
}

const failure = (errors: Record<string, string>, errorMessages: string[] = []): { ok: false; failure: WriteFailure } => ({ ok: false, failure: { errorMessages, errors } });

export function createIssue(store: JiraStore, body: unknown, reporterId: string): WriteOutcome<IssueRecord> {
  const input = readInput(body);
  if (!input) return failure({}, [BAD_PAYLOAD]);
  const project = resolveProject(store, input.fields.project);
  // Jira checks the project first: without one nothing else can be validated.
  if (!project) return failure({ project: 'Specify a valid project ID or key' });
  const errors: Record<string, string> = {};
  const issueType = resolveIssueType(store, project, input.fields.issuetype);
  if (typeof issueType === 'string') errors.issuetype = issueType;
  const changes = prepareAll(store, input, 'create', new Set(['project', 'issuetype']), errors);
  if (!('summary' in input.fields) && !('summary' in input.update)) errors.summary = SUMMARY_REQUIRED;
  if (Object.keys(errors).length > 0 || typeof issueType === 'string') return failure(errors);
  const issue = store.insertIssue({
    project,
    issueTypeId: issueType.id,
    summary: '',
    description: null,
    labels: [],
    reporterId,
    assigneeId: null,
    custom: new Map(),
  });
  changes.forEach((apply) => apply(issue));
  return { ok: true, value: issue };
}

export function editIssue(store: JiraStore, issue: IssueRecord, body: unknown): WriteOutcome<IssueRecord> {
  const input = readInput(body);
  if (!input) return failure({}, [BAD_PAYLOAD]);
  const errors: Record<string, string> = {};
  const changes = prepareAll(store, input, 'edit', new Set(), errors);
  if (Object.keys(errors).length > 0) return failure(errors);
  changes.forEach((apply) => apply(issue));
  if (changes.length > 0) issue.updated = store.now();
  return { ok: true, value: issue };
}

function prepareAll(store: JiraStore, input: IssueInput, mode: 'create' | 'edit', skip: ReadonlySet<string>, errors: Record<string, string>): Change[] {
  const changes: Change[] = [];
  for (const [fieldId, value] of Object.entries(input.fields)) {
    if (skip.has(fieldId)) continue;
    const prepared = prepareSet(store, fieldId, value, mode);
    if ('error' in prepared) errors[fieldId] = prepared.error;
    else changes.push(prepared.change);
  }
  for (const [fieldId, operations] of Object.entries(input.update)) {
    const prepared = prepareOperations(store, fieldId, operations, mode);
    if ('error' in prepared) errors[fieldId] = prepared.error;
    else changes.push(prepared.change);
  }
  return changes;
}

function resolveProject(store: JiraStore, value: unknown): ProjectRecord | undefined {
  if (!isObject(value)) return undefined;
  const key = value.key;
  const id = value.id;
  if (typeof id === 'string' || typeof id === 'number') return store.projects.find((p) => p.id === String(id));
  return typeof key === 'string' ? store.projects.find((p) => p.key === key.toUpperCase()) : undefined;
}

/** The issue type, or the message for `errors.issuetype`. */
function resolveIssueType(store: JiraStore, project: ProjectRecord, value: unknown): IssueTypeRecord | string {
  if (!isObject(value)) return 'Specify an issue type';
  const types = store.projectIssueTypes(project);
  const id = value.id;
  const name = value.name;
  const found =
    typeof id === 'string' || typeof id === 'number'
      ? types.find((t) => t.id === String(id))
      : typeof name === 'string'
        ? types.find((t) => t.name.toLowerCase() === name.toLowerCase())
        : undefined;
  return found ?? 'Specify a valid issue type';
}
