import { Type, defineAction } from '@patchbay/sdk';
import { adfDocument } from '../adf.ts';
import { call, segment, textOf } from '../api.ts';
import { connection } from '../connection.ts';
import { FieldValues, IssueRef, PlainText, Summary } from './inputs.ts';

export const updateIssue = defineAction(connection, {
  title: 'Update issue',
  description: 'Changes the given fields of an issue; the others keep their values. An empty description clears it.',
  scopes: ['write:jira-work', 'read:jira-work'],
  input: Type.Object(
    { issue: IssueRef, summary: Type.Optional(Summary), description: Type.Optional(PlainText('Description')), fields: Type.Optional(FieldValues) },
    // The issue and at least one thing to change.
    { additionalProperties: false, minProperties: 2 },
  ),
  output: Type.Object({ key: Type.String() }),
  async run(ctx) {
    const { issue, summary, description, fields } = ctx.input;
    const changes = {
      ...fields,
      ...(summary !== undefined ? { summary } : {}),
      ...(description !== undefined ? { description: description.trim() === '' ? null : adfDocument(description) } : {}),
    };
    // 204 with no body on success (§9).
    await call(ctx, { method: 'PUT', path: `issue/${segment(issue)}`, body: { fields: changes } }, `updating issue ${issue}`);
    if (!/^\d+$/.test(issue)) return { key: issue.toUpperCase() };
    // Given an id, say which issue that was by its key, as people know it.
    const res = await call(ctx, { path: `issue/${segment(issue)}`, query: { fields: 'summary' } }, `reading issue ${issue}`);
    return { key: textOf(res.body, 'key') ?? issue };
  },
});
