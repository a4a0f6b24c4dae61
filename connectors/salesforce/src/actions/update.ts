import { Type, defineAction } from '@patchbay/sdk';
import { call, segment } from '../api.ts';
import { connection } from '../connection.ts';
import { describeObject, recordSchema } from '../describe.ts';
import { FieldValues, IdOutput, ObjectName, RecordId } from './inputs.ts';

export const update = defineAction(connection, {
  title: 'Update record',
  description: 'Changes the given fields of one record; other fields keep their values.',
  scopes: ['api'],
  input: Type.Object({ object: ObjectName, id: RecordId, record: FieldValues }, { additionalProperties: false }),
  output: IdOutput,
  picklists: { object: 'objects' },
  dynamicSchema: {
    dependsOn: ['object'],
    async run(ctx) {
      const { fields } = await describeObject(ctx, ctx.config.object);
      return {
        input: Type.Object({ object: Type.Literal(ctx.config.object), id: RecordId, record: recordSchema(ctx.config.object, fields, 'update') }, { additionalProperties: false }),
        output: IdOutput,
      };
    },
  },
  async run(ctx) {
    const { object, id, record } = ctx.input;
    // 204 with no body on success (§15).
    await call(ctx, { method: 'PATCH', path: `sobjects/${segment(object)}/${segment(id)}`, body: record }, `updating ${object} ${id}`);
    return { id };
  },
});
