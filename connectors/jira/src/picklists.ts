import { Type, definePicklist } from '@patchbay/sdk';
import { connection } from './connection.ts';
import { createFields, listIssueTypes, listProjects } from './metadata.ts';

const ProjectParam = Type.String({ minLength: 1, maxLength: 100, description: 'Project key (PB) or id.' });
const IssueTypeParam = Type.String({ minLength: 1, maxLength: 100, description: 'Issue type id (10001) or name (Task).' });

export const projects = definePicklist(connection, {
  title: 'Projects',
  async run(ctx) {
    return (await listProjects(ctx)).map((p) => ({ value: p.key, label: `${p.name} (${p.key})` }));
  },
});

export const issueTypes = definePicklist(connection, {
  title: 'Issue types of a project',
  params: Type.Object({ project: ProjectParam }, { additionalProperties: false }),
  async run(ctx) {
    return (await listIssueTypes(ctx, ctx.params.project)).map((t) => ({ value: t.id, label: t.subtask ? `${t.name} (sub-task)` : t.name }));
  },
});

/** Every field of the create screen, custom ones included: what `fields` of createIssue can hold. */
export const fields = definePicklist(connection, {
  title: 'Fields of an issue type',
  params: Type.Object({ project: ProjectParam, issueType: IssueTypeParam }, { additionalProperties: false }),
  async run(ctx) {
    const list = await createFields(ctx, ctx.params.project, ctx.params.issueType);
    return list.map((f) => ({ value: f.fieldId, label: `${f.name} (${f.fieldId})${f.required && !f.hasDefaultValue ? ', required' : ''}` }));
  },
});
