import { renderIssueType, renderProjectRef } from '../render/entities.ts';
import type { Links } from '../render/links.ts';
import type { CustomFieldRecord, IssueTypeRecord, ProjectRecord } from '../store/records.ts';
import type { JiraStore } from '../store/store.ts';
import { customClauseNames, customOperations, customSchema } from './custom.ts';
import { SYSTEM_FIELDS, type SystemField } from './system.ts';

/** `GET /field` items (§7). */
export function describeSystemField(field: SystemField) {
  return {
    id: field.id,
    key: field.id,
    name: field.name,
    custom: false,
    orderable: field.orderable,
    navigable: field.navigable,
    searchable: field.searchable,
    clauseNames: field.clauseNames,
    ...(field.schema ? { schema: field.schema } : {}),
  };
}

export function describeCustomField(field: CustomFieldRecord) {
  return {
    id: field.id,
    key: field.id,
    name: field.name,
    untranslatedName: field.name,
    custom: true,
    orderable: true,
    navigable: true,
    searchable: true,
    clauseNames: customClauseNames(field),
    schema: customSchema(field),
  };
}

export function listFields(store: JiraStore) {
  return [...SYSTEM_FIELDS.map(describeSystemField), ...store.customFields.map(describeCustomField)];
}

export function optionValue(links: Links, option: { id: string; value: string }) {
  return { self: links.customFieldOption(option.id), value: option.value, id: option.id };
}

/**
 * Create metadata for one issue type of a project (§8): the system fields of the create screen and
 * every custom field (the emulator puts custom fields on every screen).
 */
export function createMetaFields(links: Links, store: JiraStore, project: ProjectRecord, issueType: IssueTypeRecord) {
  const system = SYSTEM_FIELDS.filter((f) => f.onCreateScreen).map((f) => ({
    required: f.required,
    schema: f.schema,
    name: f.name,
    key: f.id,
    ...autoComplete(links, f.id, project),
    hasDefaultValue: f.hasDefaultValue,
    operations: f.operations,
    ...allowedSystemValues(links, f.id, project, issueType),
    fieldId: f.id,
  }));
  const custom = store.customFields.map((f) => ({
    required: false,
    schema: customSchema(f),
    name: f.name,
    key: f.id,
    hasDefaultValue: false,
    operations: customOperations(f),
    ...(f.type === 'select' ? { allowedValues: f.options.map((o) => optionValue(links, o)) } : {}),
    fieldId: f.id,
  }));
  return [...system, ...custom];
}

function allowedSystemValues(links: Links, id: string, project: ProjectRecord, issueType: IssueTypeRecord) {
  if (id === 'project') return { allowedValues: [renderProjectRef(links, project)] };
  if (id === 'issuetype') return { allowedValues: [renderIssueType(links, issueType)] };
  return {};
}

function autoComplete(links: Links, id: string, project: ProjectRecord) {
  if (id === 'assignee') return { autoCompleteUrl: `${links.api}/user/assignable/search?project=${project.key}&query=` };
  if (id === 'reporter') return { autoCompleteUrl: `${links.api}/user/recommend?context=Reporter&issueKey=` };
  if (id === 'labels') return { autoCompleteUrl: `${links.root}/rest/api/1.0/labels/suggest?query=` };
  return {};
}
