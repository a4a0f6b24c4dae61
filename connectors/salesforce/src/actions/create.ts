import { Type, defineAction } from '@patchbay/sdk';
import { call, isRecord, segment } from '../api.ts';
import { connection } from '../connection.ts';
import { describeObject, recordSchema } from '../describe.ts';
import { FieldValues, IdOutput, ObjectName } from './inputs.ts';

export const create = defineAction(connection, {
  title: 'Create record',
  description: 'Creates a record of any object, custom ones included. Example: { "object": "Account", "record": { "Name": "Acme" } } → { "id": "001…" }.',
  scopes: ['api'],
  input: Type.Object({ object: ObjectName, record: FieldValues }, { additionalProperties: false }),
  output: IdOutput,
  picklists: { object: 'objects' },
  dynamicSchema: {
    dependsOn: ['object'],
    async run(ctx) {
      const { fields } = await describeObject(ctx, ctx.config.object);
      return {
        input: Type.Object({ object: Type.Literal(ctx.config.object), record: recordSchema(ctx.config.object, fields, 'create') }, { additionalProperties: false }),
        output: IdOutput,
      };
    },
  },
  async run(ctx) {
    const { object, record } = ctx.input;
    const res = await call(ctx, { method: 'POST', path: `sobjects/${segment(object)}`, body: record }, `creating a ${object}`);
    const id = isRecord(res.body) && typeof res.body.id === 'string' ? res.body.id : '';
    return { id };
  },
});
