import { Type, defineAction } from '@patchbay/sdk';
import { call, segment } from '../api.ts';
import { connection } from '../connection.ts';
import { ObjectName, RecordId } from './inputs.ts';

export const remove = defineAction(connection, {
  title: 'Delete record',
  description: 'Deletes one record (it goes to the recycle bin).',
  scopes: ['api'],
  input: Type.Object({ object: ObjectName, id: RecordId }, { additionalProperties: false }),
  output: Type.Object({ id: Type.String(), deleted: Type.Boolean() }),
  picklists: { object: 'objects' },
  async run(ctx) {
    const { object, id } = ctx.input;
    await call(ctx, { method: 'DELETE', path: `sobjects/${segment(object)}/${segment(id)}` }, `deleting ${object} ${id}`);
    return { id, deleted: true };
  },
});
