import { Type } from '@patchbay/sdk';

/** Parts of the actions' inputs and outputs. */
export const ProjectRef = Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_]+$', title: 'Project', description: 'Project key (PB) or id (10000).' });
export const IssueTypeRef = Type.String({ minLength: 1, maxLength: 100, title: 'Issue type', description: 'Issue type id (10001) or name (Task).' });
export const IssueRef = Type.String({ minLength: 1, maxLength: 255, pattern: '^([A-Za-z][A-Za-z0-9_]*-\\d+|\\d+)$', title: 'Issue', description: 'Issue key (PB-12) or id (10005).' });
export const Summary = Type.String({ minLength: 1, maxLength: 255, title: 'Summary' });
/** Jira's limit on a rich-text field is 32 767 characters. */
export const PlainText = (title: string) => Type.String({ maxLength: 32_767, title, description: 'Plain text; a blank line starts a new paragraph.' });
/** Field id → value; the ones with inputs of their own cannot be set here. */
export const FieldValues = Type.Record(Type.String({ pattern: '^(?!(summary|description|project|issuetype)$)[A-Za-z][A-Za-z0-9_]*$' }), Type.Unknown(), {
  additionalProperties: false,
  title: 'Fields',
  description: 'Field id → value as Jira takes it, e.g. { "customfield_10020": { "value": "High" }, "labels": ["ops"] }. Summary and description have their own inputs.',
});

export const Issue = Type.Object({ id: Type.String(), key: Type.String(), self: Type.String(), fields: Type.Record(Type.String(), Type.Unknown()) });

/** `PB-12` → a reference by key, `10005` → by id. */
export const projectRef = (project: string) => (/^\d+$/.test(project) ? { id: project } : { key: project.toUpperCase() });
export const issueTypeRef = (issueType: string) => (/^\d+$/.test(issueType) ? { id: issueType } : { name: issueType });
