import { adfToText } from '../adf.ts';
import type { CustomFieldRecord, IssueRecord } from '../store/records.ts';
import type { JiraStore } from '../store/store.ts';
import { evaluateDateFunction, invalidDateMessage, parseJqlDate } from './dates.ts';
import type { SingleOperand } from './parser.ts';
import { type EvalContext, ID_OPERATORS, type JqlField, ORDERED_OPERATORS, type Parsed, TEXT_OPERATORS, type ValueSpec, makeField, textContains } from './terms.ts';

/**
 * JQL field names of the subset and how each reads an issue: `project`, `key` (`issuekey`, `id`,
 * `issue`), `issuetype`/`type`, `status`, `summary`, `description`, `text`, `created`, `updated`,
 * `labels`, `assignee`, `reporter`, and custom fields as `cf[10010]` or by name (§7 clauseNames).
 */
export function resolveField(store: JiraStore, name: string): JqlField | undefined {
  switch (name.toLowerCase()) {
    case 'project':
      return makeField(projectSpec(store, name));
    case 'key':
    case 'issuekey':
    case 'issue':
    case 'id':
      return makeField(keySpec(store, name));
    case 'issuetype':
    case 'type':
      return makeField(idSpec(name, (i) => [i.issueTypeId], (text) => store.issueTypes.find((t) => t.id === text || t.name.toLowerCase() === text.toLowerCase())?.id));
    case 'status':
      return makeField({
        ...idSpec(name, (i) => [i.statusId], (text) => store.statuses.find((s) => s.id === text || s.name.toLowerCase() === text.toLowerCase())?.id),
        sortValue: (i) => store.statuses.findIndex((s) => s.id === i.statusId),
      });
    case 'summary':
      return makeField(textSpec(name, (i) => [i.summary]));
    case 'description':
      return makeField(textSpec(name, (i) => (i.description ? [adfToText(i.description)] : [])));
    case 'text':
      return makeField({ ...textSpec(name, (i) => [allText(store, i)]), sortValue: undefined });
    case 'created':
    case 'createddate':
      return makeField(dateSpec(name, (i) => [i.created]));
    case 'updated':
    case 'updateddate':
      return makeField(dateSpec(name, (i) => [i.updated]));
    case 'labels':
      return makeField(labelsSpec(name, (i) => i.labels));
    case 'assignee':
    case 'reporter': {
      const read = name.toLowerCase() === 'assignee' ? (i: IssueRecord) => (i.assigneeId ? [i.assigneeId] : []) : (i: IssueRecord) => [i.reporterId];
      return makeField(userSpec(store, name, read));
    }
    default: {
      const custom = findCustomField(store, name);
      return custom ? customField(custom, name) : undefined;
    }
  }
}

function findCustomField(store: JiraStore, name: string): CustomFieldRecord | undefined {
  const cf = /^cf\[(\d+)\]$/i.exec(name);
  if (cf) return store.customFields.find((f) => f.numericId === Number(cf[1]));
  return store.customFields.find((f) => f.name.toLowerCase() === name.toLowerCase());
}

const doesNotExist = (text: string, field: string) => `The value '${text}' does not exist for the field '${field}'.`;
const literal = (operand: SingleOperand) => (operand.kind === 'value' ? operand.text : `${operand.name}()`);
const noFunction = (operand: SingleOperand): Parsed<never> | undefined =>
  operand.kind === 'function' ? { error: `Unable to find JQL function '${operand.name}(${operand.args.join(', ')})'.` } : undefined;

/** Fields whose values are ids of something named (issue type, status, option). */
function idSpec(name: string, read: (i: IssueRecord) => string[], lookup: (text: string) => string | undefined): ValueSpec<string> {
  return {
    name,
    operators: ID_OPERATORS,
    read,
    parse: (operand) => {
      const refused = noFunction(operand);
      if (refused) return refused;
      const id = lookup(literal(operand));
      return id === undefined ? { error: doesNotExist(literal(operand), name) } : { value: id };
    },
    equals: (a, b) => a === b,
    sortValue: (i) => read(i)[0],
  };
}

function projectSpec(store: JiraStore, name: string): ValueSpec<string> {
  const lookup = (text: string) => store.projects.find((p) => p.id === text || p.key === text.toUpperCase() || p.name.toLowerCase() === text.toLowerCase())?.id;
  return { ...idSpec(name, (i) => [i.projectId], lookup), sortValue: (i) => store.project(i.projectId)?.key };
}

function keySpec(store: JiraStore, name: string): ValueSpec<IssueRecord> {
  return {
    name,
    operators: ORDERED_OPERATORS,
    read: (i) => [i],
    parse: (operand) => {
      const refused = noFunction(operand);
      if (refused) return refused;
      const issue = store.issue(literal(operand));
      return issue ? { value: issue } : { error: `An issue with key '${literal(operand)}' does not exist for field '${name}'.` };
    },
    equals: (a, b) => a.id === b.id,
    // Jira orders keys within a project by number; keys of two projects do not compare.
    compare: (a, b) => (a.projectId === b.projectId ? a.number - b.number : Number.NaN),
    sortValue: (i) => `${store.project(i.projectId)?.key ?? ''}-${String(i.number).padStart(10, '0')}`,
  };
}

function textSpec(name: string, read: (i: IssueRecord) => string[]): ValueSpec<string> {
  return {
    name,
    operators: TEXT_OPERATORS,
    read: (i) => read(i).filter((t) => t !== ''),
    parse: (operand) => ({ value: literal(operand) }),
    equals: (a, b) => a === b,
    contains: textContains,
    sortValue: (i) => read(i)[0]?.toLowerCase(),
  };
}

function dateSpec(name: string, read: (i: IssueRecord) => number[]): ValueSpec<number> {
  return {
    name,
    operators: ORDERED_OPERATORS,
    read,
    parse: (operand, context: EvalContext) => {
      const ms = operand.kind === 'function' ? evaluateDateFunction(operand.name, operand.args, context.now) : parseJqlDate(operand.text, context.now);
      if (ms !== undefined) return { value: ms };
      return operand.kind === 'function' ? { error: `Unable to find JQL function '${operand.name}(${operand.args.join(', ')})'.` } : { error: invalidDateMessage(operand.text, name) };
    },
    equals: (a, b) => a === b,
    compare: (a, b) => a - b,
    sortValue: (i) => read(i)[0],
  };
}

function numberSpec(name: string, read: (i: IssueRecord) => number[]): ValueSpec<number> {
  return {
    name,
    operators: ORDERED_OPERATORS,
    read,
    parse: (operand) => {
      const value = Number(literal(operand));
      // UNCERTAIN wording for a non-numeric value.
      return operand.kind === 'value' && operand.text.trim() !== '' && Number.isFinite(value) ? { value } : { error: `'${literal(operand)}' is not a valid number for field '${name}'.` };
    },
    equals: (a, b) => a === b,
    compare: (a, b) => a - b,
    sortValue: (i) => read(i)[0],
  };
}

function labelsSpec(name: string, read: (i: IssueRecord) => string[]): ValueSpec<string> {
  return {
    name,
    operators: ID_OPERATORS,
    read,
    parse: (operand) => noFunction(operand) ?? { value: literal(operand) },
    equals: (a, b) => a.toLowerCase() === b.toLowerCase(),
    sortValue: (i) => read(i).join(' ').toLowerCase() || undefined,
  };
}

function userSpec(store: JiraStore, name: string, read: (i: IssueRecord) => string[]): ValueSpec<string> {
  return {
    name,
    operators: ID_OPERATORS,
    read,
    parse: (operand, context) => {
      if (operand.kind === 'function') {
        return operand.name.toLowerCase() === 'currentuser' ? { value: context.accountId } : { error: `Unable to find JQL function '${operand.name}(${operand.args.join(', ')})'.` };
      }
      const text = operand.text.toLowerCase();
      const user = store.users.find((u) => u.accountId === operand.text || u.email.toLowerCase() === text || u.displayName.toLowerCase() === text);
      return user ? { value: user.accountId } : { error: doesNotExist(operand.text, name) };
    },
    equals: (a, b) => a === b,
    sortValue: (i) => store.user(read(i)[0] ?? null)?.displayName.toLowerCase(),
  };
}

function customField(field: CustomFieldRecord, name: string): JqlField {
  const raw = (i: IssueRecord) => i.custom.get(field.id);
  switch (field.type) {
    case 'textfield':
      return makeField(textSpec(name, (i) => {
        const value = raw(i);
        return typeof value === 'string' ? [value] : [];
      }));
    case 'textarea':
      return makeField(textSpec(name, (i) => {
        const value = raw(i);
        return typeof value === 'object' && !Array.isArray(value) ? [adfToText(value)] : [];
      }));
    case 'float':
      return makeField(numberSpec(name, (i) => {
        const value = raw(i);
        return typeof value === 'number' ? [value] : [];
      }));
    case 'datepicker':
      return makeField(dateSpec(name, (i) => {
        const value = raw(i);
        return typeof value === 'string' ? [Date.parse(`${value}T00:00:00Z`)] : [];
      }));
    case 'labels':
      return makeField(labelsSpec(name, (i) => {
        const value = raw(i);
        return Array.isArray(value) ? value : [];
      }));
    case 'select': {
      const lookup = (text: string) => field.options.find((o) => o.id === text || o.value.toLowerCase() === text.toLowerCase())?.id;
      const spec = idSpec(name, (i) => {
        const value = raw(i);
        return typeof value === 'string' ? [value] : [];
      }, lookup);
      return makeField({
        ...spec,
        parse: (operand, context) => {
          const parsed = spec.parse(operand, context);
          return 'error' in parsed && operand.kind === 'value' ? { error: `The option '${operand.text}' for field '${name}' does not exist.` } : parsed;
        },
        sortValue: (i) => {
          const index = field.options.findIndex((o) => o.id === raw(i));
          return index < 0 ? undefined : index;
        },
      });
    }
  }
}

/** What `text ~` searches: summary, description, text custom fields and comments. */
function allText(store: JiraStore, issue: IssueRecord): string {
  const parts = [issue.summary, adfToText(issue.description)];
  for (const field of store.customFields) {
    const value = issue.custom.get(field.id);
    if (field.type === 'textfield' && typeof value === 'string') parts.push(value);
    if (field.type === 'textarea' && typeof value === 'object' && !Array.isArray(value)) parts.push(adfToText(value));
  }
  for (const comment of store.issueComments(issue)) parts.push(adfToText(comment.body));
  return parts.filter(Boolean).join(' ');
}
