import { adfFromText, adfToText } from '../adf.ts';
import { type Change, SUMMARY_REQUIRED, prepareSet } from '../issues/field-input.ts';
import type { CustomFieldRecord, IssueRecord } from '../store/records.ts';
import type { JiraStore } from '../store/store.ts';
import { jiraTimestamp, parseTimestamp } from '../time.ts';

/**
 * Issues as the control endpoints take and give them: flat and forgiving, as a person would type
 * them (`{"project": "PB", "issuetype": "Bug", "summary": "…", "description": "plain text",
 * "Severity": "High"}`), checked by the same rules as the API and answered as a flat record.
 */

export type RecordInput = Record<string, unknown>;
export type ControlOutcome = { ok: true; issue: IssueRecord } | { ok: false; message: string; errors: Record<string, string> };

const RESERVED = new Set(['project', 'issuetype', 'status', 'created', 'updated', 'assignee', 'reporter', 'id', 'key']);

export function createIssueRecord(store: JiraStore, input: RecordInput): ControlOutcome {
  const project = typeof input.project === 'string' || typeof input.project === 'number' ? store.project(String(input.project)) : undefined;
  if (!project) return { ok: false, message: 'project must be the key or id of a project (PB, OPS).', errors: {} };
  const types = store.projectIssueTypes(project);
  const typeName = input.issuetype === undefined ? 'Task' : String(input.issuetype);
  const issueType = types.find((t) => t.id === typeName || t.name.toLowerCase() === typeName.toLowerCase());
  if (!issueType) return { ok: false, message: `issuetype must be one of ${types.map((t) => t.name).join(', ')} for project ${project.key}.`, errors: {} };
  if (typeof input.summary !== 'string' || input.summary.trim() === '') return { ok: false, message: SUMMARY_REQUIRED, errors: { summary: SUMMARY_REQUIRED } };
  const prepared = prepareChanges(store, input);
  if (!prepared.ok) return prepared;
  const issue = store.insertIssue({ project, issueTypeId: issueType.id, summary: '', description: null, labels: [], reporterId: store.users[0]?.accountId ?? '', assigneeId: null, custom: new Map() });
  prepared.changes.forEach((apply) => apply(issue));
  if (issue.updated < issue.created) issue.updated = issue.created;
  return { ok: true, issue };
}

/** Updates an issue as if a user had; `updated` moves to now unless the input sets it. */
export function updateIssueRecord(store: JiraStore, issue: IssueRecord, input: RecordInput): ControlOutcome {
  const moved = ['project', 'issuetype'].find((name) => name in input);
  if (moved) return { ok: false, message: `${moved} cannot be changed here.`, errors: {} };
  const prepared = prepareChanges(store, input);
  if (!prepared.ok) return prepared;
  const previous = issue.updated;
  prepared.changes.forEach((apply) => apply(issue));
  // Strictly later than before, even within one millisecond: syncs filter on `updated > cursor`.
  if (!('updated' in input)) issue.updated = Math.max(store.now(), previous + 1);
  return { ok: true, issue };
}

function prepareChanges(store: JiraStore, input: RecordInput): { ok: true; changes: Change[] } | { ok: false; message: string; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const changes: Change[] = [];
  const add = (name: string, prepared: { change: Change } | { error: string }) => {
    if ('error' in prepared) errors[name] = prepared.error;
    else changes.push(prepared.change);
  };
  for (const [name, value] of Object.entries(input)) {
    if (name === 'status') add(name, statusChange(store, value));
    else if (name === 'created' || name === 'updated') add(name, timestampChange(name, value));
    else if (name === 'assignee' || name === 'reporter') add(name, prepareSet(store, name, typeof value === 'string' ? { accountId: userId(store, value) } : value, 'create'));
    else if (name === 'description') add(name, prepareSet(store, name, typeof value === 'string' ? adfFromText(value) : value, 'create'));
    else if (!RESERVED.has(name)) {
      const custom = store.customField(name) ?? store.customFields.find((f) => f.name.toLowerCase() === name.toLowerCase());
      add(name, prepareSet(store, custom?.id ?? name, custom ? friendlyCustomValue(custom, value) : value, 'create'));
    }
  }
  const names = Object.keys(errors);
  return names.length === 0 ? { ok: true, changes } : { ok: false, message: `Invalid value for ${names.join(', ')}.`, errors };
}

function userId(store: JiraStore, value: string): string {
  return store.users.find((u) => u.email.toLowerCase() === value.toLowerCase())?.accountId ?? value;
}

function friendlyCustomValue(field: CustomFieldRecord, value: unknown): unknown {
  if (field.type === 'select' && typeof value === 'string') return { value };
  if (field.type === 'textarea' && typeof value === 'string') return adfFromText(value);
  return value;
}

function statusChange(store: JiraStore, value: unknown): { change: Change } | { error: string } {
  const status = store.statuses.find((s) => s.id === String(value) || s.name.toLowerCase() === String(value).toLowerCase());
  return status ? { change: (i) => void (i.statusId = status.id) } : { error: `status must be one of ${store.statuses.map((s) => s.name).join(', ')}.` };
}

function timestampChange(name: 'created' | 'updated', value: unknown): { change: Change } | { error: string } {
  const ms = parseTimestamp(value);
  if (ms === undefined) return { error: `${name} must be an ISO 8601 timestamp or epoch milliseconds.` };
  return { change: (i) => void (name === 'created' ? (i.created = ms) : (i.updated = ms)) };
}

/** The flat record the control endpoints answer with. */
export function issueRecordJson(store: JiraStore, issue: IssueRecord) {
  const custom = Object.fromEntries(
    store.customFields.map((f) => {
      const value = issue.custom.get(f.id);
      if (f.type === 'select') return [f.id, f.options.find((o) => o.id === value)?.value ?? null];
      if (f.type === 'textarea' && typeof value === 'object' && !Array.isArray(value)) return [f.id, adfToText(value)];
      return [f.id, value ?? null];
    }),
  );
  return {
    id: issue.id,
    key: issue.key,
    project: store.project(issue.projectId)?.key,
    issuetype: store.issueType(issue.issueTypeId)?.name,
    status: store.status(issue.statusId)?.name,
    summary: issue.summary,
    description: issue.description ? adfToText(issue.description) : null,
    labels: [...issue.labels],
    assignee: issue.assigneeId,
    reporter: issue.reporterId,
    created: jiraTimestamp(issue.created),
    updated: jiraTimestamp(issue.updated),
    ...custom,
  };
}
