import { Type, defineAction } from '@patchbay/sdk';
import { adfDocument } from '../adf.ts';
import { call, segment, textOf } from '../api.ts';
import { connection } from '../connection.ts';
import { IssueRef } from './inputs.ts';

export const addComment = defineAction(connection, {
  title: 'Add comment',
  description: 'Adds a comment to an issue. The body is plain text; a blank line starts a new paragraph.',
  scopes: ['write:jira-work'],
  input: Type.Object(
    { issue: IssueRef, body: Type.String({ minLength: 1, maxLength: 32_767, pattern: '\\S', title: 'Comment', description: 'Plain text; a blank line starts a new paragraph.' }) },
    { additionalProperties: false },
  ),
  output: Type.Object({ id: Type.String() }),
  async run(ctx) {
    const { issue, body } = ctx.input;
    const res = await call(ctx, { method: 'POST', path: `issue/${segment(issue)}/comment`, body: { body: adfDocument(body) } }, `commenting on issue ${issue}`);
    return { id: textOf(res.body, 'id') ?? '' };
  },
});
