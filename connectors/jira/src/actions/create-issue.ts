import { Type, defineAction } from '@patchbay/sdk';
import { adfDocument } from '../adf.ts';
import { call, textOf } from '../api.ts';
import { connection } from '../connection.ts';
import { createFieldsSchema } from '../field-schema.ts';
import { siteUrlOfContext } from '../fields.ts';
import { createFields } from '../metadata.ts';
import { FieldValues, IssueTypeRef, PlainText, ProjectRef, Summary, issueTypeRef, projectRef } from './inputs.ts';

const CreatedIssue = Type.Object({
  id: Type.String(),
  key: Type.String(),
  self: Type.String({ description: 'The issue in the REST API.' }),
  url: Type.String({ description: 'The issue in Jira, for people: <site>/browse/<key>.' }),
});

export const createIssue = defineAction(connection, {
  title: 'Create issue',
  description: 'Creates an issue in a project. The description is plain text (Jira gets it as a document); other fields, custom ones included, go in fields. Example: { "project": "PB", "issueType": "Task", "summary": "Call Acme" } → { "key": "PB-12", … }.',
  scopes: ['write:jira-work'],
  input: Type.Object(
    { project: ProjectRef, issueType: IssueTypeRef, summary: Summary, description: Type.Optional(PlainText('Description')), fields: Type.Optional(FieldValues) },
    { additionalProperties: false },
  ),
  output: CreatedIssue,
  picklists: { project: 'projects', issueType: { list: 'issueTypes', params: { project: 'project' } } },
  dynamicSchema: {
    dependsOn: ['project', 'issueType'],
    async run(ctx) {
      const { project, issueType } = ctx.config;
      const { schema, required } = createFieldsSchema(await createFields(ctx, project, issueType));
      return {
        input: Type.Object(
          {
            project: Type.Literal(project),
            issueType: Type.Literal(issueType),
            summary: Summary,
            description: Type.Optional(PlainText('Description')),
            fields: required ? schema : Type.Optional(schema),
          },
          { additionalProperties: false },
        ),
        output: CreatedIssue,
      };
    },
  },
  async run(ctx) {
    const { project, issueType, summary, description, fields } = ctx.input;
    const body = {
      fields: {
        ...fields,
        project: projectRef(project),
        issuetype: issueTypeRef(issueType),
        summary,
        ...(description !== undefined && description.trim() !== '' ? { description: adfDocument(description) } : {}),
      },
    };
    const res = await call(ctx, { method: 'POST', path: 'issue', body }, `creating a ${issueType} in project ${project}`);
    const key = textOf(res.body, 'key') ?? '';
    return { id: textOf(res.body, 'id') ?? '', key, self: textOf(res.body, 'self') ?? '', url: `${siteUrlOfContext(ctx)}/browse/${key}` };
  },
});
