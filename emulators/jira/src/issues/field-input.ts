import { NOT_ADF_MESSAGE, isAdfDocument } from '../adf.ts';
import { customOperations } from '../fields/custom.ts';
import { systemField } from '../fields/system.ts';
import type { CustomFieldRecord, CustomValue, IssueRecord } from '../store/records.ts';
import type { JiraStore } from '../store/store.ts';

/**
 * Validation of one field value of a create or edit (§7 value formats, §9 messages). Values are
 * checked before anything changes, so a request with one bad field changes nothing; a checked value
 * becomes a `Change` applied afterwards.
 */
export type Change = (issue: IssueRecord) => void;
export type Prepared = { change: Change } | { error: string };

export const cannotBeSet = (fieldId: string) => `Field '${fieldId}' cannot be set. It is not on the appropriate screen, or unknown.`;
export const SUMMARY_REQUIRED = 'You must specify a summary of the issue.';

const MAX_TEXT = 255;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** `fields.<id> = value`. `mode` decides which system fields the screen has. */
export function prepareSet(store: JiraStore, fieldId: string, value: unknown, mode: 'create' | 'edit'): Prepared {
  const custom = store.customField(fieldId);
  if (custom) return prepareCustomSet(custom, value);
  const system = systemField(fieldId);
  const onScreen = system && (mode === 'create' ? system.onCreateScreen : system.editable);
  if (!onScreen) return { error: cannotBeSet(fieldId) };
  switch (fieldId) {
    case 'summary':
      return prepareSummary(value);
    case 'description':
      if (value === null) return { change: (i) => void (i.description = null) };
      return isAdfDocument(value) ? { change: (i) => void (i.description = value) } : { error: NOT_ADF_MESSAGE };
    case 'labels':
      return prepareLabels(value, (i, labels) => void (i.labels = labels));
    case 'assignee':
    case 'reporter':
      return prepareUser(store, fieldId, value);
    default:
      return { error: cannotBeSet(fieldId) };
  }
}

/** `update.<id> = [{set|add|remove: value}, …]`, applied in order. */
export function prepareOperations(store: JiraStore, fieldId: string, operations: unknown, mode: 'create' | 'edit'): Prepared {
  if (!Array.isArray(operations)) return { error: cannotBeSet(fieldId) };
  const custom = store.customField(fieldId);
  const system = systemField(fieldId);
  if (!custom && !system) return { error: cannotBeSet(fieldId) };
  const allowed = custom ? customOperations(custom) : (system?.operations ?? []);
  const changes: Change[] = [];
  for (const operation of operations) {
    const entries = typeof operation === 'object' && operation !== null ? Object.entries(operation) : [];
    const [verb, value] = entries[0] ?? ['', undefined];
    // UNCERTAIN: Jira's wording for an unsupported operation was not found; this names the problem.
    if (entries.length !== 1 || !allowed.includes(verb)) return { error: `Field '${fieldId}' does not support operation '${verb}'.` };
    const prepared = verb === 'set' ? prepareSet(store, fieldId, value, mode) : prepareLabelEdit(fieldId, verb, value);
    if ('error' in prepared) return prepared;
    changes.push(prepared.change);
  }
  return { change: (issue) => changes.forEach((apply) => apply(issue)) };
}

function prepareSummary(value: unknown): Prepared {
  if (value === null || value === undefined || (typeof value === 'string' && value.trim() === '')) return { error: SUMMARY_REQUIRED };
  if (typeof value !== 'string') return { error: 'Operation value must be a string' };
  if (value.length > MAX_TEXT) return { error: 'Summary must be less than 255 characters.' };
  return { change: (i) => void (i.summary = value) };
}

function prepareLabels(value: unknown, assign: (issue: IssueRecord, labels: string[]) => void): Prepared {
  if (value === null) return { change: (i) => assign(i, []) };
  if (!Array.isArray(value) || !value.every((l): l is string => typeof l === 'string')) return { error: 'Operation value must be an array of strings' };
  const invalid = value.find((l) => /\s/.test(l) || l === '');
  // UNCERTAIN wording; Jira Cloud does refuse labels with spaces.
  if (invalid !== undefined) return { error: `The label '${invalid}' contains spaces which is invalid.` };
  const labels = [...new Set(value)];
  return { change: (i) => assign(i, [...labels]) };
}

function prepareLabelEdit(fieldId: string, verb: string, value: unknown): Prepared {
  if (typeof value !== 'string' || /\s/.test(value) || value === '') return { error: `The label '${String(value)}' contains spaces which is invalid.` };
  const edit = (labels: string[]) => (verb === 'add' ? (labels.includes(value) ? labels : [...labels, value]) : labels.filter((l) => l !== value));
  if (fieldId === 'labels') return { change: (i) => void (i.labels = edit(i.labels)) };
  return {
    change: (i) => {
      const current = i.custom.get(fieldId);
      const next = edit(Array.isArray(current) ? current : []);
      if (next.length === 0) i.custom.delete(fieldId);
      else i.custom.set(fieldId, next);
    },
  };
}

function prepareUser(store: JiraStore, fieldId: 'assignee' | 'reporter', value: unknown): Prepared {
  if (value === null) {
    return fieldId === 'assignee' ? { change: (i) => void (i.assigneeId = null) } : { error: 'Reporter is required.' };
  }
  const accountId: unknown = typeof value === 'object' ? Reflect.get(value, 'accountId') : undefined;
  // UNCERTAIN wording for an unknown account id.
  if (typeof accountId !== 'string' || !store.user(accountId)) return { error: `Specify a valid value for ${fieldId}` };
  return { change: (i) => void (fieldId === 'assignee' ? (i.assigneeId = accountId) : (i.reporterId = accountId)) };
}

function prepareCustomSet(field: CustomFieldRecord, value: unknown): Prepared {
  const clear: Change = (i) => void i.custom.delete(field.id);
  if (value === null) return { change: clear };
  const set = (stored: CustomValue): Prepared => ({ change: (i) => void i.custom.set(field.id, stored) });
  switch (field.type) {
    case 'textfield':
      if (typeof value !== 'string') return { error: 'Operation value must be a string' };
      if (value.length > MAX_TEXT) return { error: `The entered text is too long. It exceeds the allowed limit of ${MAX_TEXT} characters.` };
      return set(value);
    case 'textarea':
      return isAdfDocument(value) ? set(value) : { error: NOT_ADF_MESSAGE };
    case 'float':
      return typeof value === 'number' && Number.isFinite(value) ? set(value) : { error: 'Operation value must be a number' };
    case 'datepicker':
      return typeof value === 'string' && DATE_ONLY.test(value) && !Number.isNaN(Date.parse(value)) ? set(value) : { error: `Error parsing date string: ${String(value)}` };
    case 'labels':
      return prepareLabels(value, (i, labels) => void (labels.length === 0 ? i.custom.delete(field.id) : i.custom.set(field.id, labels)));
    case 'select':
      return prepareOption(field, value, set);
  }
}

function prepareOption(field: CustomFieldRecord, value: unknown, set: (optionId: string) => Prepared): Prepared {
  const id: unknown = typeof value === 'object' && value !== null ? Reflect.get(value, 'id') : undefined;
  const name: unknown = typeof value === 'object' && value !== null ? Reflect.get(value, 'value') : undefined;
  if (typeof id === 'string' || typeof id === 'number') {
    const option = field.options.find((o) => o.id === String(id));
    return option ? set(option.id) : { error: `Option id '${String(id)}' is not valid` };
  }
  if (typeof name === 'string') {
    const option = field.options.find((o) => o.value === name);
    return option ? set(option.id) : { error: `Option value '${name}' is not valid` };
  }
  return { error: `Specify a valid 'id' or 'name' for ${field.name}` };
}
